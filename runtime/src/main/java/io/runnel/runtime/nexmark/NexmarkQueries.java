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

/** The Nexmark queries, as the suite runs them, carried in this module's resources. */
public final class NexmarkQueries {
  private static final Map<String, String> SELECTS = load();

  private NexmarkQueries() {}

  /** Each query's SELECT by name ({@code q0} ... {@code q23}): its INSERT INTO the sink removed. */
  public static Map<String, String> selects() {
    return SELECTS;
  }

  private static Map<String, String> load() {
    String text;
    try (InputStream in = NexmarkQueries.class.getResourceAsStream("/io/runnel/nexmark/queries.sql")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> queries = new LinkedHashMap<>();
    Matcher m = Pattern.compile("-- ==== (q\\d+)\\n(.*?)(?=\\n-- ====|\\z)", Pattern.DOTALL).matcher(text);
    while (m.find()) {
      Matcher insert = Pattern.compile("INSERT INTO nexmark_\\w+\\s*(.*?);?\\s*$", Pattern.DOTALL).matcher(m.group(2).strip());
      if (insert.find()) {
        queries.put(m.group(1), insert.group(1).strip());
      }
    }
    return Collections.unmodifiableMap(queries);
  }
}
