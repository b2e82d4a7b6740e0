package io.runnel.runtime.nexmark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Nexmark queries, as the suite runs them, carried in this module's resources: the main suite ({@code
 * queries.sql}, q0 ... q23) and the CEP workloads ({@code queries-cep.sql}, cep0 ... cep3), each the suite's
 * own text.
 */
public final class NexmarkQueries {
  private static final Map<String, String> SELECTS = new LinkedHashMap<>();
  private static final Map<String, String> CEP = new LinkedHashMap<>();
  private static final Map<String, String> SETUP = new LinkedHashMap<>();

  static {
    load("/io/runnel/nexmark/queries.sql", SELECTS);
    load("/io/runnel/nexmark/queries-cep.sql", CEP);
    SETUP.put("q13", sideInput());
  }

  /** The window aggregation inside q5 (whose joins need the join operators): bids per auction per HOP window. */
  public static final String Q5_WINDOW =
      "SELECT auction, count(*) AS num, window_start AS starttime, window_end AS endtime"
          + " FROM TABLE(HOP(TABLE bid, DESCRIPTOR(`dateTime`), INTERVAL '2' SECOND, INTERVAL '10' SECOND))"
          + " GROUP BY auction, window_start, window_end";

  /**
   * The Top-1 of a join inside q6, without q6's OVER window: each auction's winning bid with its seller, the
   * rows the window reads. Measured beside q6, it leaves the window's own cost. q6's text from its outer
   * FROM on.
   */
  public static final String Q6_TOP1 = "SELECT Q.seller, Q.price, Q.`dateTime`" + SELECTS.get("q6").substring(outerFrom(SELECTS.get("q6")));

  private static int outerFrom(String sql) {
    int at = sql.indexOf("\nFROM (");
    if (at < 0) {
      throw new IllegalStateException("q6 has no FROM at the start of a line: " + sql);
    }
    return at;
  }

  /** Rows of q13's side input. */
  public static final int SIDE_INPUT_ROWS = 10_000;

  private NexmarkQueries() {}

  /** Each query's SELECT by name ({@code q0} ... {@code q23}): its INSERT INTO the sink removed. */
  public static Map<String, String> selects() {
    return Collections.unmodifiableMap(SELECTS);
  }

  /** The CEP workloads' SELECTs by name ({@code cep0} ... {@code cep3}), each a MATCH_RECOGNIZE over the bids. */
  public static Map<String, String> cep() {
    return Collections.unmodifiableMap(CEP);
  }

  /**
   * The SELECT of any query by name: one of {@link #selects()}, {@link #Q5_WINDOW} for {@code q5w}, {@link
   * #Q6_TOP1} for {@code q6t}, or one of {@link #cep()}; null if none.
   */
  public static String select(String name) {
    return switch (name) {
      case "q5w" -> Q5_WINDOW;
      case "q6t" -> Q6_TOP1;
      default -> SELECTS.containsKey(name) ? SELECTS.get(name) : CEP.get(name);
    };
  }

  /**
   * The statements a query needs run before it (q12's view, q13's side input, q14's function), or an empty string. The class
   * the suite names for q14's {@code count_char} is replaced by Runnel's own, {@link CountChar}.
   */
  public static String setup(String name) {
    return SETUP.getOrDefault(name, "");
  }

  /** Reads each {@code -- ==== name} section of {@code resource}: its SELECT into {@code selects}, what comes before its INSERT into the setup. */
  private static void load(String resource, Map<String, String> selects) {
    String text;
    try (InputStream in = NexmarkQueries.class.getResourceAsStream(resource)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Matcher m = Pattern.compile("-- ==== ([a-z]+\\d+)\\n(.*?)(?=\\n-- ====|\\z)", Pattern.DOTALL).matcher(text);
    while (m.find()) {
      Matcher insert = Pattern.compile("INSERT INTO nexmark_\\w+\\s*(.*?);?\\s*$", Pattern.DOTALL).matcher(m.group(2).strip());
      if (insert.find()) {
        selects.put(m.group(1), insert.group(1).strip());
        String before =
            m.group(2).strip().substring(0, insert.start()).strip().replace("'com.github.nexmark.flink.udf.CountChar'", "'" + CountChar.class.getName() + "'");
        if (!before.isEmpty()) {
          SETUP.put(m.group(1), before);
        }
      }
    }
  }

  /**
   * q13's side input, which the suite reads from a file: a table of key i and value 'i' for i in 0..9999,
   * filled by ten INSERTs of a thousand rows.
   */
  private static String sideInput() {
    StringBuilder sql = new StringBuilder("CREATE TABLE IF NOT EXISTS side_input (key BIGINT, `value` VARCHAR, PRIMARY KEY (key));");
    for (int from = 0; from < SIDE_INPUT_ROWS; from += 1_000) {
      sql.append("INSERT INTO side_input VALUES ");
      for (int i = from; i < from + 1_000; i++) {
        sql.append(i == from ? "" : ", ").append('(').append(i).append(", '").append(i).append("')");
      }
      sql.append(';');
    }
    return sql.toString();
  }
}
