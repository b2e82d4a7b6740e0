package io.runnel.tests.differential;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Random join queries over small random relations, for {@link JoinDifferentialTest}: one {@link #generate}
 * call makes two or three relations and one query over them, from a {@link Random} only, so that a seed
 * gives the same case again.
 *
 * <p>Relations: up to 30 rows (some none) of a numeric key {@code k1} (BIGINT, INT or DOUBLE; some DOUBLE
 * keys fractional), a string key {@code k2}, a number {@code x} (INT or BIGINT), a DOUBLE {@code d} and a
 * string {@code s}, all with NULLs and few distinct values (duplicate keys, rows repeated whole). About half
 * are streams with an event time {@code ts} under a watermark, rows in event-time order: under a watermark
 * a second behind, equal times occur; under one of no delay times only go up, as a row at the watermark's
 * time is late (see {@link JoinDifferentialTest}); on some streams times are whole or half seconds, to meet
 * interval and window bounds exactly. Some relations are tables with a primary key {@code id} whose rows
 * replace earlier rows of their id; some have several partitions. DOUBLEs are whole or half numbers, so that
 * sums are exact in any order.
 *
 * <p>Queries: INNER, LEFT, RIGHT and FULL joins with an ON condition, or comma joins with the condition in
 * WHERE, of two or three relations or of one relation with itself; one or two equalities (between keys of
 * different numeric types, or on an expression), or none (a condition with OR, or a comparison only);
 * residual conditions between the sides (comparisons, OR, IS NULL) and conditions on one side only; time
 * bounds on both sides that make an interval join; inputs that are aggregates (an updating input), or counts
 * per tumbling or hopping window joined on the window (a window join); a WHERE filter; projections of columns and
 * expressions, SELECT *, DISTINCT, or a GROUP BY aggregate of the join (COUNT, COUNT DISTINCT, SUM, MIN, MAX,
 * AVG), sometimes with HAVING. Every query is one that Runnel runs, and {@link #FEATURES} names what a case
 * uses. A case also says how Runnel takes the rows (see {@link JoinCase}) and on how many tasks.
 */
final class RandomJoins {
  static final long START = LocalDateTime.of(2024, 1, 1, 0, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
  static final String[] KEYS = {"a", "b", "c", "Ab", ""};
  static final String[] STRINGS = {"a", "b", "x y", "c,d", ""};

  /** What a case may use, as {@link JoinCase#features()} names it; a run of enough cases uses each. */
  static final Set<String> FEATURES = Set.of(
      "JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL JOIN", "comma join", "three relations",
      "empty relation", "table input", "aggregate input", "window join", "interval join", "time comparison",
      "two equalities", "keys of different types", "key expression", "join without equality",
      "residual condition", "condition on one side", "WHERE filter",
      "expressions", "SELECT *", "DISTINCT", "GROUP BY over the join", "HAVING", "rows interleaved", "self join",
      "partitioned relation", "two tasks");

  /** A column's SQL type, as Runnel's DDL writes it and as Calcite's table declares it. */
  enum Type {
    BIGINT("BIGINT", SqlTypeName.BIGINT),
    INT("INT", SqlTypeName.INTEGER),
    DOUBLE("DOUBLE", SqlTypeName.DOUBLE),
    VARCHAR("VARCHAR", SqlTypeName.VARCHAR),
    TIMESTAMP("TIMESTAMP(3)", SqlTypeName.TIMESTAMP);

    final String sql;
    final SqlTypeName calcite;

    Type(String sql, SqlTypeName calcite) {
      this.sql = sql;
      this.calcite = calcite;
    }

    boolean numeric() {
      return this == BIGINT || this == INT || this == DOUBLE;
    }
  }

  record Column(String name, Type type) {
    Column {
      requireNonNull(name, "name is null");
      requireNonNull(type, "type is null");
    }
  }

  /**
   * A relation: a stream, whose rows are its content, or a table with primary key {@code id}, whose content
   * is each id's last row (a later row of an id replaces the earlier one, so the streaming join sees
   * updates). A stream with {@code ts} has its rows in event-time order. Its log has {@code partitions}
   * partitions (a stream's batches go to them in turn, a table's rows by their key).
   */
  record Relation(String name, List<Column> columns, boolean table, int partitions, int watermarkDelay, List<List<Object>> rows) {
    Relation {
      requireNonNull(name, "name is null");
      columns = List.copyOf(columns);
      rows = List.copyOf(rows);
    }

    boolean timed() {
      return columns.stream().anyMatch(c -> c.type() == Type.TIMESTAMP);
    }

    /** Runnel's CREATE STREAM or CREATE TABLE reading the rows from {@code csv}, or filled by inserts when it is null. */
    String ddl(Path csv) {
      String constraint = table ? ", PRIMARY KEY (id)" : timed() ? ", " + watermark() : "";
      List<String> options = new ArrayList<>();
      if (csv != null) {
        options.addAll(List.of("'connector' = 'file'", "'path' = '" + csv.toAbsolutePath() + "'", "'format' = 'csv'"));
      }
      if (partitions > 1) {
        options.add("'partitions' = '" + partitions + "'");
      }
      return "CREATE " + (table ? "TABLE " : "STREAM ") + name + " (" + schema() + constraint + ")"
          + (options.isEmpty() ? "" : " WITH (" + String.join(", ", options) + ")");
    }

    String watermark() {
      return "WATERMARK FOR ts AS ts" + (watermarkDelay > 0 ? " - INTERVAL '" + watermarkDelay + "' SECOND" : "");
    }

    String schema() {
      return columns.stream().map(c -> c.name() + " " + c.type().sql).collect(Collectors.joining(", "));
    }

    /** The rows a batch query sees: a table's last row per id, a stream's every row. */
    List<List<Object>> content() {
      if (!table) {
        return rows;
      }
      Map<Object, List<Object>> latest = new LinkedHashMap<>();
      for (List<Object> row : rows) {
        latest.put(row.get(0), row);
      }
      return List.copyOf(latest.values());
    }

    /** The same content as a Calcite table; an event time and a primary key are never NULL. */
    MemoryTable calciteTable() {
      MemoryTable memory = new MemoryTable(columns.stream()
          .map(c -> new MemoryTable.Column(c.name(), c.type().calcite, c.type() != Type.TIMESTAMP && !(table && c.name().equals("id"))))
          .toList());
      memory.setRows(content());
      return memory;
    }

    /** The relation for a failure message: its DDL's columns, then its file's rows as SQL literals, one line each. */
    String describe() {
      StringBuilder out = new StringBuilder((table ? "table " : "stream ") + name + " (" + schema()
          + (table ? ", PRIMARY KEY (id)" : timed() ? ", " + watermark() : "") + ")" + (partitions > 1 ? " in " + partitions + " partitions" : "") + ", " + rows.size() + " rows"
          + (table ? " (a later row of an id replaces the earlier one)" : ""));
      for (List<Object> row : rows) {
        out.append("\n  (").append(row.stream().map(RandomJoins::literal).collect(Collectors.joining(", "))).append(')');
      }
      return out.toString();
    }
  }

  /** Rows {@code from} (inclusive) to {@code to} (exclusive) of relation number {@code relation} of a case. */
  record Chunk(int relation, int from, int to) {}

  /**
   * One generated case: its relations, the query over them (the same text for both engines), what it uses,
   * how many tasks (threads) Runnel runs the query on, and how the query gets the rows: from the relations'
   * files, each read whole, when {@code inserts} is empty; else inserted chunk by chunk in this order, each
   * taken by the query before the next (so that the two sides' rows interleave, and matches, padded rows and
   * updates arrive one after another).
   */
  record JoinCase(List<Relation> relations, String sql, Set<String> features, int parallelism, List<Chunk> inserts) {
    JoinCase {
      relations = List.copyOf(relations);
      requireNonNull(sql, "sql is null");
      features = Set.copyOf(features);
      inserts = List.copyOf(inserts);
    }

    String describe() {
      String order = inserts.isEmpty() ? "" : "\nrows inserted in this order, the query taking each chunk before the next: "
          + inserts.stream().map(k -> relations.get(k.relation()).name() + "[" + k.from() + ".." + k.to() + ")").collect(Collectors.joining(" "));
      return sql + (parallelism > 1 ? "\nrun on " + parallelism + " tasks (SET 'parallelism' = '" + parallelism + "')" : "") + "\n"
          + relations.stream().map(Relation::describe).collect(Collectors.joining("\n")) + order;
    }
  }

  static String literal(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof String s) {
      return "'" + s.replace("'", "''") + "'";
    }
    if (value instanceof LocalDateTime t) {
      return "TIMESTAMP '" + t.format(CsvFiles.TIME) + "'";
    }
    return value.toString();
  }

  /** A FROM item: an alias, its SQL text, and the columns it offers to conditions and projections. */
  private record Item(String alias, String text, Map<String, Type> columns, boolean timed) {}

  private final Random random;
  private final Set<String> features = new TreeSet<>();

  private RandomJoins(Random random) {
    this.random = random;
  }

  /** A case whose relations are named {@code prefix_a}, {@code prefix_b} and {@code prefix_c} (a self join has {@code prefix_a} only). */
  static JoinCase generate(Random random, String prefix) {
    return new RandomJoins(random).generate(prefix);
  }

  private JoinCase generate(String prefix) {
    int n = chance(0.3) ? 3 : 2;
    boolean windowJoin = n == 2 && chance(0.08);
    List<Relation> relations = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean timed = windowJoin || chance(0.45);
      boolean table = !timed && chance(0.2);
      relations.add(relation(prefix + "_" + (char) ('a' + i), timed, table));
    }
    boolean self = n == 2 && !windowJoin && chance(0.07);
    if (self) {
      feature("self join");
      relations.remove(1); // both sides read the first relation
    }
    if (relations.stream().anyMatch(Relation::table)) {
      feature("table input");
    }
    if (relations.stream().anyMatch(r -> r.rows().isEmpty())) {
      feature("empty relation");
    }
    if (relations.stream().anyMatch(r -> r.partitions() > 1)) {
      feature("partitioned relation");
    }
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Relation r = relations.get(self ? 0 : i);
      String alias = String.valueOf((char) ('a' + i));
      if (windowJoin) {
        items.add(windowed(r, alias));
      } else if (!r.table() && chance(0.1)) {
        items.add(aggregated(r, alias));
      } else {
        items.add(new Item(alias, r.name() + " AS " + alias, columns(r), r.timed()));
      }
    }
    if (n == 3) {
      feature("three relations");
    }
    boolean comma = !windowJoin && chance(0.2);
    boolean outer = false;
    List<String> conditions = new ArrayList<>();
    StringBuilder from = new StringBuilder(items.get(0).text());
    for (int i = 1; i < n; i++) {
      List<Item> before = items.subList(0, i);
      String condition = condition(before, items.get(i), windowJoin);
      if (comma) {
        from.append(", ").append(items.get(i).text());
        conditions.add(condition);
      } else {
        String type = pick("JOIN", "JOIN", "INNER JOIN", "LEFT JOIN", "LEFT OUTER JOIN", "RIGHT JOIN", "FULL JOIN", "FULL OUTER JOIN");
        feature(type.replace(" OUTER", "").replace("INNER ", ""));
        outer |= !type.equals("JOIN") && !type.equals("INNER JOIN");
        from.append(' ').append(type).append(' ').append(items.get(i).text()).append(" ON ").append(condition);
      }
    }
    if (comma) {
      feature("comma join");
    }
    if (chance(0.3)) {
      conditions.add(predicate(items, 0));
      feature("WHERE filter");
    }
    String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    String sql = chance(0.3) ? aggregate(items, from + where) : "SELECT " + projection(items) + " FROM " + from + where;
    List<Chunk> inserts = List.of();
    if (!windowJoin && !(outer && features.contains("interval join")) && chance(0.5)) {
      // rows interleaved: a window join, and an outer interval join's padded rows, come only once the watermark
      // passes them, which it does at the end of the bounded input of a file only
      feature("rows interleaved");
      inserts = interleaving(relations);
    }
    int parallelism = 1;
    if (chance(0.3)) {
      feature("two tasks");
      parallelism = 2;
    }
    return new JoinCase(relations, sql, features, parallelism, inserts);
  }

  /** Every relation's rows cut into chunks of 1 to 5 rows, the chunks of all relations in a random order (each relation's in its own). */
  private List<Chunk> interleaving(List<Relation> relations) {
    List<List<Chunk>> pending = new ArrayList<>();
    for (int i = 0; i < relations.size(); i++) {
      List<Chunk> chunks = new ArrayList<>();
      int size = relations.get(i).rows().size();
      for (int from = 0; from < size; ) {
        int to = Math.min(size, from + 1 + random.nextInt(5));
        chunks.add(new Chunk(i, from, to));
        from = to;
      }
      pending.add(chunks);
    }
    List<Chunk> order = new ArrayList<>();
    pending.removeIf(List::isEmpty);
    while (!pending.isEmpty()) {
      List<Chunk> next = pending.get(random.nextInt(pending.size()));
      order.add(next.remove(0));
      pending.removeIf(List::isEmpty);
    }
    return order;
  }

  // ---- relations

  private Relation relation(String name, boolean timed, boolean table) {
    List<Column> columns = new ArrayList<>();
    if (table) {
      columns.add(new Column("id", Type.BIGINT));
    }
    Type k1 = pick(Type.BIGINT, Type.INT, Type.DOUBLE);
    Type x = pick(Type.INT, Type.BIGINT);
    columns.addAll(List.of(new Column("k1", k1), new Column("k2", Type.VARCHAR), new Column("x", x), new Column("d", Type.DOUBLE),
        new Column("s", Type.VARCHAR)));
    if (timed) {
      columns.add(new Column("ts", Type.TIMESTAMP));
    }
    int size = chance(0.05) ? 0 : chance(0.4) ? 3 + random.nextInt(10) : 5 + random.nextInt(26);
    List<List<Object>> rows = new ArrayList<>(size);
    int grain = pick(1, 1, 500, 1000); // times in whole seconds meet interval and window bounds exactly
    long ts = START + grain * random.nextInt(1000 / grain + 1);
    int steps = Math.max(1, 2 * 10_000 / Math.max(size, 1) / grain); // every relation's times span about 10 seconds
    // under a watermark of no delay, times only go up: a row at the watermark's time would be late
    int watermarkDelay = random.nextInt(2);
    for (int i = 0; i < size; i++) {
      if (watermarkDelay == 0) {
        ts += i == 0 ? 0 : grain * (1 + random.nextInt(steps));
      } else {
        ts += chance(0.2) ? 0 : grain * random.nextInt(steps + 1); // equal times occur
      }
      List<Object> row;
      if (!rows.isEmpty() && chance(0.1)) {
        row = new ArrayList<>(rows.get(random.nextInt(rows.size()))); // a row again (at a later time, if timed)
      } else {
        row = new ArrayList<>();
        if (table) {
          row.add(null); // the id, below
        }
        row.add(nullOr(0.1, () -> number(k1, random.nextInt(4) + (k1 == Type.DOUBLE && chance(0.2) ? 0.5 : 0))));
        row.add(nullOr(0.1, () -> pick(KEYS)));
        row.add(nullOr(0.15, () -> number(x, random.nextInt(11) - 2)));
        row.add(nullOr(0.15, () -> (random.nextInt(15) - 4) / 2.0));
        row.add(nullOr(0.15, () -> pick(STRINGS)));
        if (timed) {
          row.add(null); // the time, below
        }
      }
      if (table) {
        row.set(0, 1L + random.nextInt(Math.max(1, size * 2 / 3))); // ids repeat: updates
      }
      if (timed) {
        row.set(row.size() - 1, LocalDateTime.ofInstant(Instant.ofEpochMilli(ts), ZoneOffset.UTC));
      }
      rows.add(row);
    }
    int partitions = chance(0.7) ? 1 : 2 + random.nextInt(2);
    return new Relation(name, columns, table, partitions, watermarkDelay, rows);
  }

  private static Object number(Type type, double value) {
    return switch (type) {
      case BIGINT -> (long) value;
      case INT -> (int) value;
      case DOUBLE -> value;
      default -> throw new IllegalArgumentException(type.toString());
    };
  }

  private static Map<String, Type> columns(Relation r) {
    Map<String, Type> columns = new LinkedHashMap<>();
    for (Column c : r.columns()) {
      columns.put(c.name(), c.type());
    }
    return columns;
  }

  /** An aggregate as a join input: an updating one, whose rows are retracted and replaced as the counts grow. */
  private Item aggregated(Relation r, String alias) {
    feature("aggregate input");
    Map<String, Type> base = columns(r);
    Map<String, Type> columns = new LinkedHashMap<>();
    columns.put("k1", base.get("k1"));
    columns.put("k2", Type.VARCHAR);
    columns.put("n", Type.BIGINT);
    columns.put("x", base.get("x"));
    columns.put("d", Type.DOUBLE);
    columns.put("s", Type.VARCHAR);
    String text = "(SELECT k1, k2, COUNT(*) AS n, SUM(x) AS x, MAX(d) AS d, MIN(s) AS s FROM " + r.name()
        + (chance(0.5) ? " WHERE x IS NOT NULL" : "") + " GROUP BY k1, k2) AS " + alias;
    return new Item(alias, text, columns, false);
  }

  /** Rows per key and tumbling or hopping window of event time, as the input of a window join. */
  private Item windowed(Relation r, String alias) {
    feature("window join");
    Map<String, Type> base = columns(r);
    Map<String, Type> columns = new LinkedHashMap<>();
    columns.put("k1", base.get("k1"));
    columns.put("window_start", Type.TIMESTAMP);
    columns.put("window_end", Type.TIMESTAMP);
    columns.put("n", Type.BIGINT);
    columns.put("x", base.get("x"));
    columns.put("s", Type.VARCHAR);
    String window = pick("TUMBLE", "HOP").equals("HOP")
        ? "HOP(TABLE " + r.name() + ", DESCRIPTOR(ts), INTERVAL '1' SECOND, INTERVAL '" + pick("2", "3") + "' SECOND)"
        : "TUMBLE(TABLE " + r.name() + ", DESCRIPTOR(ts), INTERVAL '" + pick("2", "5") + "' SECOND)";
    String text = "(SELECT k1, window_start, window_end, COUNT(*) AS n, SUM(x) AS x, MAX(s) AS s FROM TABLE(" + window
        + ") GROUP BY k1, window_start, window_end) AS " + alias;
    return new Item(alias, text, columns, false);
  }

  // ---- conditions

  /** The condition joining {@code right} to the items before it. */
  private String condition(List<Item> before, Item right, boolean windowJoin) {
    List<String> conjuncts = new ArrayList<>();
    List<Item> timed = before.stream().filter(Item::timed).toList();
    Item left = right.timed() && !timed.isEmpty() && chance(0.7)
        ? timed.get(random.nextInt(timed.size()))
        : before.get(random.nextInt(before.size()));
    if (windowJoin) {
      conjuncts.add(left.alias() + ".window_start = " + right.alias() + ".window_start");
      conjuncts.add(left.alias() + ".window_end = " + right.alias() + ".window_end");
    }
    boolean keyless = !windowJoin && chance(0.06);
    if (keyless) {
      feature("join without equality");
      conjuncts.add(chance(0.5) ? compare(left, right) : "(" + equality(left, right, false) + " OR " + equality(left, right, true) + ")");
    } else {
      int keys = windowJoin ? random.nextInt(2) : chance(0.3) ? 2 : 1;
      if (keys == 2) {
        feature("two equalities");
      }
      for (int i = 0; i < keys; i++) {
        conjuncts.add(equality(left, right, keys == 2 ? i == 1 : chance(0.3))); // two: a number and a string
      }
    }
    if (left.timed() && right.timed() && chance(0.5)) {
      feature("interval join");
      int lower = random.nextInt(3);
      int upper = random.nextInt(3);
      String l = left.alias() + ".ts";
      String r = right.alias() + ".ts";
      conjuncts.add(switch (random.nextInt(3)) {
        case 0 -> r + " BETWEEN " + l + " - INTERVAL '" + lower + "' SECOND AND " + l + " + INTERVAL '" + upper + "' SECOND";
        case 1 -> r + " >= " + l + " - INTERVAL '" + lower + "' SECOND AND " + l + " >= " + r + " - INTERVAL '" + upper + "' SECOND";
        default -> r + " > " + l + " - INTERVAL '" + lower + "' SECOND AND " + r + " < " + l + " + INTERVAL '" + upper + "' SECOND";
      });
    } else if (left.timed() && right.timed() && chance(0.3)) {
      feature("time comparison");
      conjuncts.add(left.alias() + ".ts " + pick("<", "<=", ">=") + " " + right.alias() + ".ts");
    }
    if (chance(0.35)) {
      feature("residual condition");
      conjuncts.add(chance(0.6) ? compare(left, right) : "(" + compare(left, right) + " OR " + nullTest(right) + ")");
    }
    if (chance(0.15)) {
      feature("condition on one side");
      conjuncts.add(predicate(List.of(chance(0.5) ? left : right), 1));
    }
    return String.join(" AND ", conjuncts);
  }

  /**
   * An equality between a column (or expression) of each side, of strings or of numbers (of equal or
   * different types): mostly the same key column of both sides, so that rows match.
   */
  private String equality(Item left, Item right, boolean strings) {
    strings &= has(left, false) && has(right, false);
    String l;
    String r;
    if (chance(0.8)) {
      String key = strings && left.columns().containsKey("k2") && right.columns().containsKey("k2") ? "k2" : "k1";
      l = left.alias() + "." + key;
      r = right.alias() + "." + key;
      strings = key.equals("k2");
    } else {
      l = column(left, strings);
      r = column(right, strings);
    }
    if (!strings && type(left, l) != type(right, r)) {
      feature("keys of different types");
    }
    if (!strings && chance(0.1)) {
      feature("key expression");
      r = r + " " + pick("+", "-") + " 1";
    }
    return l + " = " + r;
  }

  private String compare(Item left, Item right) {
    boolean strings = chance(0.2);
    String op = pick("<", "<=", ">", ">=", "<>");
    if (strings) {
      return column(left, true) + " " + op + " " + column(right, true);
    }
    String l = column(left, false);
    String r = column(right, false);
    return chance(0.3) ? l + " + " + r + " " + op + " " + random.nextInt(8) : l + " " + op + " " + r;
  }

  private String nullTest(Item item) {
    return column(item, chance(0.5)) + pick(" IS NULL", " IS NOT NULL");
  }

  /** A condition on the columns of {@code items}; {@code depth} bounds its nesting. */
  private String predicate(List<Item> items, int depth) {
    Item item = items.get(random.nextInt(items.size()));
    return switch (random.nextInt(depth >= 1 ? 7 : 9)) {
      case 0 -> column(item, false) + " " + pick("<", "<=", ">", ">=", "=", "<>") + " " + random.nextInt(5);
      case 1 -> column(item, true) + " " + pick("=", "<>", "<", ">=") + " " + literal(pick(STRINGS));
      case 2 -> nullTest(item);
      case 3 -> column(item, false) + " BETWEEN " + random.nextInt(3) + " AND " + (2 + random.nextInt(5));
      case 4 -> column(item, false) + " IN (" + random.nextInt(3) + ", " + (2 + random.nextInt(3)) + ", 7)";
      case 5 -> column(item, true) + " LIKE '" + pick("a%", "%b", "_") + "'";
      case 6 -> items.size() > 1 ? compare(items.get(0), items.get(items.size() - 1)) : "COALESCE(" + column(item, false) + ", 0) >= 1";
      case 7 -> "(" + predicate(items, depth + 1) + " OR " + predicate(items, depth + 1) + ")";
      default -> "NOT (" + predicate(items, depth + 1) + ")";
    };
  }

  // ---- select lists

  private String projection(List<Item> items) {
    if (chance(0.08)) {
      feature("SELECT *");
      return "*";
    }
    int n = 1 + random.nextInt(5);
    List<String> exprs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      exprs.add(chance(0.55) ? column(items.get(random.nextInt(items.size())), chance(0.3), true) : expression(items));
    }
    if (chance(0.07)) {
      feature("DISTINCT");
      return "DISTINCT " + String.join(", ", exprs);
    }
    return String.join(", ", exprs);
  }

  private String expression(List<Item> items) {
    feature("expressions");
    Item a = items.get(random.nextInt(items.size()));
    Item b = items.get(random.nextInt(items.size()));
    return switch (random.nextInt(8)) {
      case 0 -> column(a, false) + " + " + column(b, false);
      case 1 -> column(a, false) + " * 2 - 1";
      case 2 -> "COALESCE(" + column(a, true) + ", " + column(b, true) + ")";
      case 3 -> "UPPER(" + column(a, true) + ")";
      case 4 -> "CHAR_LENGTH(" + column(a, true) + ")";
      case 5 -> "CASE WHEN " + column(b, false) + " IS NULL THEN 'none' ELSE 'some' END";
      case 6 -> "CASE WHEN " + column(a, false) + " > " + column(b, false) + " THEN " + column(a, false) + " ELSE 0 END";
      default -> "COALESCE(" + column(a, false) + ", -1)";
    };
  }

  /** A GROUP BY aggregate of the join. */
  private String aggregate(List<Item> items, String fromWhere) {
    feature("GROUP BY over the join");
    List<String> keys = new ArrayList<>();
    int n = chance(0.4) ? 2 : 1;
    for (int i = 0; i < n; i++) {
      String key = column(items.get(random.nextInt(items.size())), chance(0.4), true);
      if (!keys.contains(key)) {
        keys.add(key);
      }
    }
    List<String> select = new ArrayList<>(keys);
    int aggregates = 1 + random.nextInt(4);
    for (int i = 0; i < aggregates; i++) {
      Item item = items.get(random.nextInt(items.size()));
      select.add(switch (random.nextInt(8)) {
        case 0 -> "COUNT(*)";
        case 1 -> "COUNT(" + column(item, chance(0.5)) + ")";
        case 2 -> "SUM(" + column(item, false) + ")";
        case 3 -> "MIN(" + column(item, chance(0.3)) + ")";
        case 4 -> "MAX(" + column(item, chance(0.3)) + ")";
        case 5 -> "AVG(" + column(item, false) + ")";
        case 6 -> "COUNT(DISTINCT " + column(item, chance(0.5)) + ")";
        default -> "SUM(" + column(item, false) + (chance(0.5) ? " * 2" : " + " + column(items.get(random.nextInt(items.size())), false)) + ")";
      });
    }
    String having = "";
    if (chance(0.2)) {
      feature("HAVING");
      having = chance(0.5) ? " HAVING COUNT(*) > " + random.nextInt(2) : " HAVING COUNT(*) < " + (2 + random.nextInt(3));
    }
    return "SELECT " + String.join(", ", select) + " FROM " + fromWhere + " GROUP BY " + String.join(", ", keys) + having;
  }

  // ---- columns

  private static boolean has(Item item, boolean numeric) {
    return item.columns().values().stream().anyMatch(t -> numeric ? t.numeric() : t == Type.VARCHAR);
  }

  private String column(Item item, boolean string) {
    return column(item, string, false);
  }

  /** A random column of {@code item}: a VARCHAR one or a numeric one, or any (times too) when {@code any}. */
  private String column(Item item, boolean string, boolean any) {
    List<String> names = item.columns().entrySet().stream()
        .filter(e -> any ? e.getValue() != Type.TIMESTAMP || chance(0.3) : string ? e.getValue() == Type.VARCHAR : e.getValue().numeric())
        .map(Map.Entry::getKey)
        .toList();
    if (names.isEmpty()) {
      names = item.columns().entrySet().stream().filter(e -> e.getValue().numeric()).map(Map.Entry::getKey).toList();
    }
    return item.alias() + "." + names.get(random.nextInt(names.size()));
  }

  private static Type type(Item item, String qualified) {
    return item.columns().get(qualified.substring(qualified.indexOf('.') + 1));
  }

  // ---- randomness

  private void feature(String name) {
    if (!FEATURES.contains(name)) {
      throw new IllegalArgumentException("not a listed feature: " + name);
    }
    features.add(name);
  }

  private boolean chance(double p) {
    return random.nextDouble() < p;
  }

  @SafeVarargs
  private <T> T pick(T... choices) {
    return choices[random.nextInt(choices.length)];
  }

  private interface Value {
    Object get();
  }

  private Object nullOr(double p, Value value) {
    return chance(p) ? null : value.get();
  }
}
