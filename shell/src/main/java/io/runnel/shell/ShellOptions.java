package io.runnel.shell;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shell's own settings, changed with {@code set NAME VALUE}: the output format, how long a standing
 * query over unbounded input keeps printing when not interactive, whether the live view shows a table or
 * the changelog, and whether errors show stack traces.
 */
public final class ShellOptions {
  private Format format;
  private Duration queryTimeout;
  private boolean changelogView;
  private boolean verbose;

  public ShellOptions(Format format) {
    this.format = format;
  }

  public Format format() {
    return format;
  }

  public Duration queryTimeout() {
    return queryTimeout;
  }

  public boolean changelogView() {
    return changelogView;
  }

  public void setChangelogView(boolean on) {
    changelogView = on;
  }

  public boolean verbose() {
    return verbose;
  }

  /** Sets an option by name; throws IllegalArgumentException with a message for the user. */
  public void set(String name, String value) {
    switch (name) {
      case "format" -> format = Format.parse(value);
      case "query.timeout" -> queryTimeout = parseDuration(value);
      case "view" -> {
        if (!value.equals("table") && !value.equals("changelog")) {
          throw new IllegalArgumentException("view is table or changelog");
        }
        changelogView = value.equals("changelog");
      }
      case "verbose" -> verbose = Boolean.parseBoolean(value);
      default -> throw new IllegalArgumentException("Unknown option '" + name + "': options are format, query.timeout, view, verbose");
    }
  }

  public void reset(Format defaultFormat) {
    format = defaultFormat;
    queryTimeout = null;
    changelogView = false;
    verbose = false;
  }

  public Map<String, String> asMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("format", format.name().toLowerCase());
    m.put("query.timeout", queryTimeout == null ? "none" : queryTimeout.toMillis() + "ms");
    m.put("view", changelogView ? "changelog" : "table");
    m.put("verbose", String.valueOf(verbose));
    return m;
  }

  static Duration parseDuration(String text) {
    String t = text.trim().toLowerCase();
    try {
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      if (t.endsWith("s")) {
        return Duration.ofMillis((long) (Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
      }
      if (t.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
      }
      return Duration.ofSeconds(Long.parseLong(t));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid duration '" + text + "': write e.g. 500ms, 5s or 1m");
    }
  }
}
