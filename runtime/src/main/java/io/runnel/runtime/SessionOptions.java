package io.runnel.runtime;

import io.runnel.parser.Durations;
import io.runnel.planner.Planner;
import io.runnel.planner.catalog.Catalog;
import io.runnel.planner.physical.PlanOptions;
import io.runnel.runtime.log.Rolling;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options {@code SET} gives, as the queries started under them see them: a copy, so that a persistent
 * query keeps the options it was planned with (the catalog log stores them with it, {@link #encode}).
 * Values are validated when set.
 */
record SessionOptions(Map<String, String> values) {
  static final String SCAN_STARTUP = "scan.startup.mode";

  /** How long a window aggregate keeps a closed window so that late rows correct its result. */
  static final String ALLOWED_LATENESS = "window.allowed-lateness";

  /** Where late rows of the queries started from now on go instead of sys.late. */
  static final String LATE_STREAM = "window.late-stream";

  /**
   * How often (in processing time) window aggregates emit the results that changed before their final one;
   * a query's own EMIT CHANGES (a change per row) wins over it.
   */
  static final String EARLY_FIRE = "window.early-fire";

  /** Lets unbounded GROUP BYs fold each batch's changes per group. */
  static final String MINI_BATCH = "aggregate.mini-batch";

  /**
   * How long (in event time, by the watermark) a regular join, GROUP BY, Top-N or deduplication keeps a
   * key's state after the key's last row; '0' for ever.
   */
  static final String STATE_TTL = "state.ttl";

  /** How many tasks (threads) each query started from now on runs on. */
  static final String PARALLELISM = "parallelism";

  static final int MAX_PARALLELISM = 256;

  /** How often (in processing time) a persistent query checkpoints; '0' only when it stops. */
  static final String CHECKPOINT_INTERVAL = "checkpoint.interval";

  static final long DEFAULT_CHECKPOINT_INTERVAL_MILLIS = 10_000;

  /**
   * How long a read waits for the persistent queries upstream of what it reads to catch up with what was
   * appended before it ('0': it does not wait).
   */
  static final String READ_WAIT = "read.wait";

  static final long DEFAULT_READ_WAIT_MILLIS = 30_000;

  static final List<String> NAMES = List.of(SCAN_STARTUP, ALLOWED_LATENESS, LATE_STREAM, EARLY_FIRE, MINI_BATCH, STATE_TTL, PARALLELISM, CHECKPOINT_INTERVAL, READ_WAIT);

  /**
   * How often a persistent query's input journal starts a new file: {@code hourly} (the default) or {@code
   * secondly}, for tests that watch a journal trimmed. Not documented, and not suggested.
   */
  static final String JOURNAL_ROLL_CYCLE = "journal.roll-cycle";

  /** Options that are set like the others but not listed. */
  static final List<String> HIDDEN = List.of(JOURNAL_ROLL_CYCLE);

  SessionOptions {
    values = Map.copyOf(values);
  }

  int parallelism() {
    return Integer.parseInt(values.getOrDefault(PARALLELISM, "1"));
  }

  /** True when a standing SELECT reads its inputs' whole logs ({@code 'earliest'}); they read new rows by default. */
  boolean earliest() {
    return "earliest".equals(values.get(SCAN_STARTUP));
  }

  /** True when a persistent query reads only new rows: only when {@code 'latest'} is set, since by default it reads the whole logs. */
  boolean latestForPersistent() {
    return "latest".equals(values.get(SCAN_STARTUP));
  }

  long checkpointIntervalMillis() {
    String interval = values.get(CHECKPOINT_INTERVAL);
    return interval == null ? DEFAULT_CHECKPOINT_INTERVAL_MILLIS : Durations.parseMillis(interval);
  }

  /** How the input journals of a persistent query started under these options roll. */
  Rolling journalRolling() {
    return "secondly".equals(values.get(JOURNAL_ROLL_CYCLE)) ? Rolling.SECONDLY : Rolling.HOURLY;
  }

  long readWaitMillis() {
    String wait = values.get(READ_WAIT);
    return wait == null ? DEFAULT_READ_WAIT_MILLIS : Durations.parseMillis(wait);
  }

  /** The stream late rows go to, or null for sys.late. */
  String lateStream() {
    return values.get(LATE_STREAM);
  }

  PlanOptions planOptions() {
    String lateness = values.get(ALLOWED_LATENESS);
    String earlyFire = values.get(EARLY_FIRE);
    String ttl = values.get(STATE_TTL);
    return new PlanOptions(
        false,
        lateness == null ? 0 : Durations.parseMillis(lateness),
        "true".equals(values.get(MINI_BATCH)),
        earlyFire == null ? 0 : Durations.parseMillis(earlyFire),
        ttl == null ? 0 : Durations.parseMillis(ttl));
  }

  /** A planner over {@code catalog} with these options. */
  Planner planner(Catalog catalog) {
    return new Planner(catalog, planOptions(), lateStream() == null ? SystemLate.NAME : lateStream());
  }

  /** One {@code key = value} line per option, as the catalog log keeps them. */
  String encode() {
    StringBuilder sb = new StringBuilder();
    values.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> sb.append(e.getKey()).append(" = ").append(e.getValue()).append('\n'));
    return sb.toString();
  }

  static SessionOptions decode(List<String> lines) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : lines) {
      int eq = line.indexOf(" = ");
      if (eq > 0) {
        values.put(line.substring(0, eq), line.substring(eq + 3));
      }
    }
    return new SessionOptions(values);
  }
}
