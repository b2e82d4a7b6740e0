package io.runnel.runtime.query;

import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.Batches;
import java.util.ArrayList;
import java.util.List;

/**
 * One source vertex of a task: the partitions of a stream or table the task reads, each with its own
 * watermark tracker (or none, without {@code WATERMARK FOR}). The source's watermark is the minimum over
 * its partitions that are neither exhausted nor idle; when every partition left is idle, the source is idle
 * and its watermark is the largest of theirs. A source with no partitions (another task reads them all) is
 * exhausted from the start.
 *
 * <p>A batch that its tracker takes in segments ({@link WatermarkTracker#advance}) is handed out a segment
 * per poll, so that the task delivers the watermark between them; the partition is read again only once
 * the batch is all out.
 */
final class SourceInput implements AutoCloseable {
  private final SourceReader[] readers;
  private final WatermarkTracker[] trackers; // entries null without a watermark
  private final List<Runnable> closeActions = new ArrayList<>();
  private int next;
  private Batch pending; // a batch handed out in segments, or null
  private int pendingPartition;
  private int pendingFrom;
  private int lastPartition; // the partition the last batch handed out came from

  SourceInput(SourceReader[] readers, WatermarkTracker[] trackers) {
    this.readers = readers;
    this.trackers = trackers;
  }

  /** The next batch of any partition, taking the partitions in turn; null when none has rows now. */
  Batch poll() {
    if (pending != null) {
      return segment();
    }
    for (int i = 0; i < readers.length; i++) {
      int p = next;
      next = (next + 1) % readers.length;
      Batch batch = take(p);
      if (batch != null) {
        return batch;
      }
    }
    return null;
  }

  /**
   * The next batch (or segment) of partition {@code p}, or null when it has none now: for replaying a
   * journal, which says which partition each batch came from.
   */
  Batch poll(int p) {
    if (pending != null) {
      if (pendingPartition != p) {
        throw new IllegalStateException("partition " + pendingPartition + " is half handed out, not " + p);
      }
      return segment();
    }
    return take(p);
  }

  /** The index of the partition the last batch {@link #poll} handed out came from. */
  int lastPartition() {
    return lastPartition;
  }

  /**
   * The next batch of partition {@code p}, or null. A watermark written into its log that raises the
   * partition's watermark gives an empty batch instead, so that the task delivers the watermark before the
   * rows after it (and journals it as an empty segment, which a replay meets at the same place).
   */
  private Batch take(int p) {
    Batch batch = readers[p].poll();
    while (batch != null && batch.size() == 0) {
      if (trackers[p] != null && readers[p].watermark() > trackers[p].current()) {
        trackers[p].restore(readers[p].watermark());
        lastPartition = p;
        return batch;
      }
      batch = readers[p].poll();
    }
    if (batch == null) {
      return null;
    }
    lastPartition = p;
    if (trackers[p] == null) {
      return batch;
    }
    trackers[p].begin(batch);
    pending = batch;
    pendingPartition = p;
    pendingFrom = 0;
    return segment();
  }


  /** The next segment of the pending batch: all of it when nothing in it is judged apart. */
  private Batch segment() {
    Batch batch = pending;
    int from = pendingFrom;
    int to = trackers[pendingPartition].advance(from);
    if (to == batch.size()) {
      pending = null;
    } else {
      pendingFrom = to;
    }
    return from == 0 && to == batch.size() ? batch : Batches.slice(batch, from, to);
  }

  boolean exhausted() {
    for (int p = 0; p < readers.length; p++) {
      if (open(p)) {
        return false;
      }
    }
    return true;
  }

  /** The source's watermark now: {@code Long.MAX_VALUE} once exhausted, {@code Long.MIN_VALUE} while unknown. */
  long watermark() {
    long min = Long.MAX_VALUE;
    long idleMax = Long.MIN_VALUE;
    boolean anyActive = false;
    boolean anyOpen = false;
    for (int p = 0; p < readers.length; p++) {
      if (!open(p)) {
        continue;
      }
      anyOpen = true;
      long w = trackers[p] == null ? Long.MIN_VALUE : trackers[p].current();
      if (trackers[p] != null && trackers[p].idle()) {
        idleMax = Math.max(idleMax, w);
      } else {
        anyActive = true;
        min = Math.min(min, w);
      }
    }
    return !anyOpen || anyActive ? min : idleMax;
  }

  /** True when some partition's watermark has an idle timeout: the source may go idle with time alone. */
  boolean timesOut() {
    for (WatermarkTracker tracker : trackers) {
      if (tracker != null && tracker.timesOut()) {
        return true;
      }
    }
    return false;
  }

  /** True when some partition is still open and every open partition has gone idle. */
  boolean idle() {
    boolean anyOpen = false;
    for (int p = 0; p < readers.length; p++) {
      if (!open(p)) {
        continue;
      }
      anyOpen = true;
      if (trackers[p] == null || !trackers[p].idle()) {
        return false;
      }
    }
    return anyOpen;
  }

  /** True while a batch read is being handed out in segments: the position is then inside an excerpt. */
  boolean midBatch() {
    return pending != null;
  }

  /** How many rows of each partition have been read: where a checkpoint resumes. */
  long[] positions() {
    long[] positions = new long[readers.length];
    for (int p = 0; p < readers.length; p++) {
      positions[p] = readers[p].position();
    }
    return positions;
  }

  /** Each partition's watermark (Long.MIN_VALUE without one). */
  long[] watermarks() {
    long[] watermarks = new long[readers.length];
    for (int p = 0; p < readers.length; p++) {
      watermarks[p] = trackers[p] == null ? Long.MIN_VALUE : trackers[p].current();
    }
    return watermarks;
  }

  /** Gives each partition back the watermark {@link #watermarks} recorded. */
  void restoreWatermarks(long[] watermarks) {
    for (int p = 0; p < readers.length && p < watermarks.length; p++) {
      if (trackers[p] != null) {
        trackers[p].restore(watermarks[p]);
      }
    }
  }

  /** True while partition {@code p} has rows to hand out: unread, or segments of a batch read. */
  private boolean open(int p) {
    return !readers[p].exhausted() || (pending != null && pendingPartition == p);
  }

  /** Runs {@code action} when the input closes: to stop what was started for it (a wake-up on append). */
  void onClose(Runnable action) {
    closeActions.add(action);
  }

  @Override
  public void close() {
    closeActions.forEach(Runnable::run);
    for (SourceReader r : readers) {
      r.close();
    }
  }
}
