package io.runnel.runtime.journal;

import io.runnel.operators.api.Operator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The processing time of one task: what its operators' clock, its {@code PROCTIME()} columns and its
 * sources' watermark policies read. It reads the engine's clock once a round, when the round first asks for
 * the time ({@link #advance}), and holds that time through the round; it never goes back.
 *
 * <p>In a task with an input journal, every time that shapes the output is recorded, so that a replay of the
 * journal meets the same times: a read of the clock ({@link #millis}) puts the time in the journal ({@code
 * TIME}) unless it is there already; in a task whose operators read the clock while they take input
 * ({@code PROCTIME()}), the time goes in before each entry of input it is not in yet, since those reads come
 * after the entry; and the operators' {@code processTime} calls ({@link #fire}) are recorded ({@code TICK},
 * with the time) when they give something, at the first thing they give and before it goes anywhere. A
 * call that gives nothing still moves the operators' clocks (an early-fire interval seen), so the last one
 * before an entry of input is recorded before that entry; the ones before it add up to it (see {@link
 * Operator#processTime}), and rounds without input cost the journal nothing. A checkpoint records the
 * journal's size, and the time is recorded again after it ({@link #checkpointed}): a replay from there
 * needs it.
 *
 * <p>A replay sets the time from the journal ({@link #replayed}) and records nothing; then {@link #live}
 * goes on with the engine's clock. Used by the task's thread only.
 */
public final class TaskClock extends Clock {
  private static final long NONE = Long.MIN_VALUE;

  private final Clock source;
  private final InputJournal journal; // null: nothing is recorded
  private final boolean readsWhileTaking;
  private long now;
  private boolean stale; // a round began: the next read takes the engine's clock
  private boolean recording; // false while the task opens from what it recorded before, and while it replays
  private boolean recorded; // the journal holds now, since the replay's start or the last checkpoint
  private boolean firing; // the operators are being given the time
  private boolean fired; // what they gave is announced by a TICK entry
  private long silentTick = NONE; // the time of the last call that gave nothing, if not recorded since

  private TaskClock(Clock source, InputJournal journal, boolean readsWhileTaking, long now, boolean recording) {
    this.source = source;
    this.journal = journal;
    this.readsWhileTaking = readsWhileTaking;
    this.now = now;
    this.recording = recording;
  }

  /** The clock of a task that records nothing: a standing query, or a persistent one that needs no journal. */
  public static TaskClock unrecorded(Clock source) {
    return new TaskClock(source, null, false, source.millis(), false);
  }

  /**
   * The clock of a task that records its times in {@code journal} and replays it from entry {@code
   * replayFrom}. {@code readsWhileTaking}: its operators read the clock while they take input. A task that
   * starts on an empty journal records from the start (what its operators read as they open is the
   * journal's first entry); one that replays from the start begins at that entry's time; one restored from a
   * checkpoint reads the engine's clock as it opens, which the restored state then overrides.
   */
  public static TaskClock recording(Clock source, InputJournal journal, long replayFrom, boolean readsWhileTaking) {
    long start = source.millis();
    if (replayFrom == 0 && journal.size() > 0) {
      try (InputJournal.Replay replay = journal.replay(0)) {
        InputJournal.Entry first = replay.next();
        if (first != null && first.kind() == InputJournal.Kind.TIME) {
          start = first.value();
        }
      }
    }
    TaskClock clock = new TaskClock(source, journal, readsWhileTaking, start, journal.size() == 0);
    journal.timedBy(clock);
    return clock;
  }

  /** The time, recorded first if it shapes the output and is not in the journal yet. */
  @Override
  public long millis() {
    current();
    if (firing) {
      gave(); // read while firing: the tick matters
    } else if (recording && journal != null) {
      recordSilentTick();
      if (!recorded) {
        journal.time(now);
        recorded = true;
      }
    }
    return now;
  }

  /**
   * The time, not recorded: for what the journal records by itself (a source going idle) or what does not
   * shape the output (when to checkpoint).
   */
  public long now() {
    return current();
  }

  /** A round begins: the first read of the time in it takes the engine's clock's (unless that went back). */
  public void advance() {
    stale = true;
  }

  private long current() {
    if (stale) {
      stale = false;
      long t = source.millis();
      if (t > now) {
        now = t;
        recorded = false;
      }
    }
    return now;
  }

  /** Gives every operator the time; recorded when it gives something ({@link #gave}). */
  public void fire(Operator[] operators) {
    firing = true;
    fired = false;
    long time = current();
    try {
      for (Operator op : operators) {
        if (op != null) {
          op.processTime(time);
        }
      }
    } finally {
      firing = false;
    }
    if (!fired && recording && journal != null) {
      silentTick = time;
    }
  }

  /**
   * An operator gave something (a row, a watermark, an error, a late row). While the operators are given
   * the time, the first such thing records the tick, before it goes anywhere.
   */
  public void gave() {
    if (!firing || fired) {
      return;
    }
    fired = true;
    if (recording && journal != null) {
      silentTick = NONE; // this call supersedes it: nothing came between
      journal.tick(now);
      recorded = true;
    }
  }

  /** Records the last call that gave nothing, if it has not been: something follows it in the journal. */
  private void recordSilentTick() {
    if (silentTick != NONE) {
      journal.tick(silentTick);
      recorded = silentTick == now;
      silentTick = NONE;
    }
  }

  /** Called by the journal before an entry of input: its time goes first if the entry's action reads it. */
  void beforeInput() {
    current();
    if (!recording) {
      return;
    }
    recordSilentTick();
    if (readsWhileTaking && !recorded) {
      journal.time(now);
      recorded = true;
    }
  }

  /** A replayed entry says the clock read {@code time}. */
  public void replayed(long time) {
    now = time;
    recorded = true;
  }

  /** The task goes on by the engine's clock, recording from here on. */
  public void live() {
    recording = true;
  }

  /** A checkpoint recorded the journal's size: a replay from there learns the time again from what follows. */
  public void checkpointed() {
    recorded = false;
    silentTick = NONE; // its effect is in the checkpoint
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a task's clock has no other zone");
  }
}
