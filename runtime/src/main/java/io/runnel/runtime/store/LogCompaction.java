package io.runnel.runtime.store;

import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.types.Schema;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.runtime.log.Rolling;
import io.runnel.runtime.query.SourceReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rewrites a table's log as its latest row per primary key. The new log holds one insert for each key
 * whose latest change is not a delete (a retraction removes the key, as {@code ChangelogNormalize} does),
 * in the order of those latest changes; it is written into a new generation directory and switched to
 * atomically ({@link LogGenerations}). Its base says that the rows before it stand for all the rows the old
 * log held, so the row count is unchanged, and it carries every producer's count, so a persistent query
 * writing into the table never writes again rows it wrote before. It runs on a closed log only: the engine
 * compacts when it opens, before any reader or writer exists, which spares readers of the old log.
 */
final class LogCompaction {
  private LogCompaction() {}

  /**
   * Compacts the log of one partition in {@code dir} when it holds more than twice as many rows as live
   * keys; returns whether it did. No {@link LogStore} may be open on {@code dir}.
   */
  static boolean compactIfGrown(Path dir, Schema schema, int[] keys, Rolling rolling) {
    return compact(dir, schema, keys, rolling, false);
  }

  /** Compacts the log of one partition in {@code dir}, which no {@link LogStore} may have open. */
  static void compact(Path dir, Schema schema, int[] keys, Rolling rolling) {
    compact(dir, schema, keys, rolling, true);
  }

  private static boolean compact(Path dir, Schema schema, int[] keys, Rolling rolling, boolean always) {
    Map<List<Object>, Object[]> latest = new LinkedHashMap<>();
    long total;
    LogBase base;
    Map<String, Long> produced;
    try (LogStore old = LogStore.open(dir, schema, false, rolling); SourceReader reader = old.reader(true)) {
      Batch batch;
      while ((batch = reader.poll()) != null) {
        for (int r = 0; r < batch.size(); r++) {
          Object[] row = batch.row(r);
          List<Object> key = key(row, keys);
          latest.remove(key); // so that the key moves to the end, the place of its latest change
          if (batch.kind(r).isAccumulate()) {
            latest.put(key, row);
          }
        }
      }
      total = old.rowCount();
      base = old.base();
      produced = old.producedCounts();
    }
    long held = total - base.rows();
    if (!always && held <= 2L * latest.size()) {
      return false;
    }
    try {
      Path next = LogGenerations.next(dir);
      try (LogStore compacted = LogStore.open(next, schema, false, rolling)) {
        Iterator<Object[]> rows = latest.values().iterator();
        while (rows.hasNext()) {
          BatchBuilder b = new BatchBuilder(schema, LogStore.MAX_ROWS);
          while (rows.hasNext() && b.size() < LogStore.MAX_ROWS) {
            b.add(rows.next());
          }
          compacted.append(b.build());
        }
      }
      long live = latest.size();
      new LogBase(total - live, total, Integer.MIN_VALUE, base.merged(produced)).write(next);
      LogGenerations.switchTo(dir, next);
      return true;
    } catch (IOException e) {
      throw new RunnelException(ErrorCode.IO_ERROR, null, "Cannot compact the log in " + dir + ": " + e.getMessage(), null, e);
    }
  }

  private static List<Object> key(Object[] row, int[] keys) {
    Object[] key = new Object[keys.length];
    for (int i = 0; i < keys.length; i++) {
      key[i] = row[keys[i]];
    }
    return Arrays.asList(key);
  }
}
