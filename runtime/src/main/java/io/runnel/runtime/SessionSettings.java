package io.runnel.runtime;

import io.runnel.StatementResult;
import io.runnel.operators.types.Schema;
import io.runnel.parser.Durations;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.Suggestions;
import io.runnel.parser.ast.Statement;
import io.runnel.planner.catalog.RelationDef;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The session's options, as {@code SET} and {@code RESET} change them: each value checked when it is set,
 * so that a query planned with them never meets a bad one. Called with the engine's lock held.
 */
final class SessionSettings {
  private final Relations relations;
  private final Consumer<String> createStream;
  private final Map<String, String> values = new LinkedHashMap<>();

  /** {@code createStream} runs a {@code CREATE STREAM} statement: for a late stream a SET names. */
  SessionSettings(Relations relations, Consumer<String> createStream) {
    this.relations = relations;
    this.createStream = createStream;
  }

  SessionOptions options() {
    return new SessionOptions(values);
  }

  StatementResult set(Statement.Set set) {
    if (set.key() == null) {
      values.clear();
      return new StatementResult.Ok("Reset all session options");
    }
    String key = set.key().toLowerCase(Locale.ROOT);
    if (!SessionOptions.NAMES.contains(key) && !SessionOptions.HIDDEN.contains(key)) {
      String closest = Suggestions.closest(key, SessionOptions.NAMES);
      throw new RunnelException(
          ErrorCode.INVALID_OPTION,
          set.pos(),
          "Unknown session option '" + set.key() + "'",
          closest != null ? "Did you mean '" + closest + "'?" : "Session options: " + String.join(", ", SessionOptions.NAMES) + ".");
    }
    if (set.value() == null) {
      values.remove(key);
      return new StatementResult.Ok("Reset " + key);
    }
    if (key.equals(SessionOptions.LATE_STREAM)) {
      String name = lateStream(set);
      values.put(key, name);
      return new StatementResult.Ok("Set " + key + " = " + name + ": late rows of the queries started from now on go there");
    }
    String value = set.value().toLowerCase(Locale.ROOT).trim();
    if (key.equals(SessionOptions.ALLOWED_LATENESS)
        || key.equals(SessionOptions.CHECKPOINT_INTERVAL)
        || key.equals(SessionOptions.READ_WAIT)
        || key.equals(SessionOptions.STATE_TTL)) {
      if (Durations.parseMillis(value) < 0) {
        throw new RunnelException(
            ErrorCode.INVALID_OPTION, set.pos(), "Invalid value '" + set.value() + "' for " + key, "Give a duration such as '0', '500 ms', '5 s' or '2 min'.");
      }
    } else if (key.equals(SessionOptions.EARLY_FIRE)) {
      if (Durations.parseMillis(value) <= 0) {
        throw new RunnelException(
            ErrorCode.INVALID_OPTION,
            set.pos(),
            "Invalid value '" + set.value() + "' for " + key + ": the interval must be a positive duration",
            "Give a duration such as '500 ms', '5 s' or '1 min'; RESET '" + key + "' turns early results off.");
      }
    } else if (key.equals(SessionOptions.PARALLELISM)) {
      if (!value.matches("[0-9]{1,3}") || Integer.parseInt(value) < 1 || Integer.parseInt(value) > SessionOptions.MAX_PARALLELISM) {
        throw new RunnelException(
            ErrorCode.INVALID_OPTION, set.pos(), "Invalid value '" + set.value() + "' for " + key, "Give the number of tasks per query, from 1 to " + SessionOptions.MAX_PARALLELISM + ".");
      }
    } else if (key.equals(SessionOptions.JOURNAL_ROLL_CYCLE)) {
      if (!value.equals("hourly") && !value.equals("secondly")) {
        throw new RunnelException(ErrorCode.INVALID_OPTION, set.pos(), "Invalid value '" + set.value() + "' for " + key, "Use 'hourly' or 'secondly'.");
      }
    } else if (key.equals(SessionOptions.MINI_BATCH)) {
      if (!value.equals("true") && !value.equals("false")) {
        throw new RunnelException(ErrorCode.INVALID_OPTION, set.pos(), "Invalid value '" + set.value() + "' for " + key, "Use 'true' or 'false'.");
      }
    } else if (!value.equals("earliest") && !value.equals("latest")) {
      throw new RunnelException(ErrorCode.INVALID_OPTION, set.pos(), "Invalid value '" + set.value() + "' for " + key, "Use 'earliest' (the whole log) or 'latest' (new events only).");
    }
    values.put(key, value);
    return new StatementResult.Ok("Set " + key + " = " + value);
  }

  /**
   * The stream {@code SET 'window.late-stream'} names, created with sys.late's columns when it does not
   * exist; an existing one must have those column types.
   */
  private String lateStream(Statement.Set set) {
    String name = set.value().trim();
    var found = relations.catalog().find(name);
    if (found.isEmpty()) {
      StringBuilder ddl = new StringBuilder("CREATE STREAM `" + name.replace("`", "``") + "` (");
      Schema schema = SystemLate.SCHEMA;
      for (int i = 0; i < schema.size(); i++) {
        ddl.append(i > 0 ? ", " : "").append('`').append(schema.name(i)).append("` ").append(schema.type(i).withNullable(true));
      }
      String text = ddl.append(')').toString();
      createStream.accept(text);
      return relations.catalog().resolve(name, set.pos()).name();
    }
    boolean fits = found.get() instanceof RelationDef def && !def.isTable() && def.schema().size() == SystemLate.SCHEMA.size();
    for (int i = 0; fits && i < SystemLate.SCHEMA.size(); i++) {
      fits = ((RelationDef) found.get()).schema().type(i).kind() == SystemLate.SCHEMA.type(i).kind();
    }
    if (!fits || found.get().name().equals(SystemErrors.NAME)) {
      throw new RunnelException(
          ErrorCode.INVALID_OPTION,
          set.pos(),
          "'" + found.get().name() + "' cannot take late rows: it needs the columns of sys.late",
          "Name a new stream and it is created with (ts TIMESTAMP(3), source VARCHAR, rowtime TIMESTAMP(3), watermark TIMESTAMP(3), input VARCHAR).");
    }
    return found.get().name();
  }

}
