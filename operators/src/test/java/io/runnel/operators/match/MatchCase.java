package io.runnel.operators.match;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A generated case: a pattern, its conditions, a skip mode, maybe {@code WITHIN}, and an input of rows and
 * watermarks. Runs it through the reference and through a {@link Matcher}, fed straight or with polls and
 * snapshot/restore round trips at random points.
 */
record MatchCase(RowPattern pattern, int variables, AfterMatchSkip skip, long within, TestConditions conditions, long[] times,
    List<long[]> events) {
  static final long OFFER = 0;
  static final long WATERMARK = 1;
  static final long END = 2;
  /** Attempts run again, over all cases fed: the tests check the re-running is exercised. */
  static final java.util.concurrent.atomic.AtomicLong RERUNS = new java.util.concurrent.atomic.AtomicLong();

  static MatchCase random(Random rnd) {
    int variables = 1 + rnd.nextInt(3);
    RowPattern pattern = RandomPatterns.pattern(rnd, variables);
    int n = rnd.nextInt(5) == 0 ? rnd.nextInt(60) : rnd.nextInt(15); // now and then a long input: attempts stay open longer
    int[] values = new int[n];
    long[] times = new long[n];
    long time = rnd.nextInt(5);
    for (int i = 0; i < n; i++) {
      values[i] = rnd.nextInt(4);
      time += rnd.nextInt(4);
      times[i] = time;
    }
    TestConditions conditions = TestConditions.random(rnd, values, variables, rnd.nextInt(3) == 0);
    AfterMatchSkip skip = switch (rnd.nextInt(4)) {
      case 0 -> new AfterMatchSkip.PastLastRow();
      case 1 -> new AfterMatchSkip.ToNextRow();
      case 2 -> new AfterMatchSkip.ToFirst(rnd.nextInt(variables));
      default -> new AfterMatchSkip.ToLast(rnd.nextInt(variables));
    };
    long within = rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(6) : MatchSpec.NO_WITHIN;
    List<long[]> events = new ArrayList<>();
    long watermark = Long.MIN_VALUE;
    for (int i = 0; i <= n; i++) {
      if (rnd.nextInt(3) == 0) {
        long upTo = i < n ? times[i] : (n == 0 ? 10 : times[n - 1] + 10);
        long low = watermark == Long.MIN_VALUE ? upTo - 5 : watermark;
        watermark = low + (long) (rnd.nextDouble() * (upTo - low + 1));
        watermark = Math.min(watermark, upTo);
        events.add(new long[] {WATERMARK, watermark});
      }
      if (i < n) {
        events.add(new long[] {OFFER, i});
      }
    }
    events.add(new long[] {END, 0});
    return new MatchCase(pattern, variables, skip, within, conditions, times, events);
  }

  /** The same rows without any watermark: matches and unmatched rows must not change, only timed-out reports. */
  MatchCase withoutWatermarks() {
    return new MatchCase(pattern, variables, skip, within, conditions, times, events.stream().filter(e -> e[0] != WATERMARK).toList());
  }

  long watermarkAtEnd() {
    long w = Long.MIN_VALUE;
    for (long[] e : events) {
      if (e[0] == WATERMARK) {
        w = Math.max(w, e[1]);
      }
    }
    return w;
  }

  ReferenceMatcher.Outcome reference(long budget) {
    return new ReferenceMatcher(pattern, conditions.unchecked(), times, within, watermarkAtEnd(), budget).run(skip);
  }

  MatchSpec spec() {
    return new MatchSpec(Automaton.compile(pattern, variables), skip, within);
  }

  /** Feeds the matcher; with {@code rnd}, polls only now and then and, if {@code roundTrips}, snapshots and restores. */
  ReferenceMatcher.Outcome feed(Random rnd, boolean roundTrips) {
    MatchSpec spec = spec();
    TestConditions c = conditions.unchecked();
    c.checked = true;
    Matcher m = spec.newMatcher(c);
    List<MatchResult> results = new ArrayList<>();
    try {
      for (long[] e : events) {
        if (rnd != null && roundTrips && rnd.nextInt(3) == 0) {
          m = roundTrip(spec, c, m);
        }
        if (e[0] == OFFER) {
          c.offered++;
          m.offer(times[(int) e[1]]);
        } else if (e[0] == WATERMARK) {
          m.advanceTime(e[1]);
        } else {
          c.ended = true;
          m.end();
        }
        c.freedBelow = Math.max(c.freedBelow, m.lowestNeededRow());
        if (rnd == null || rnd.nextInt(3) == 0) {
          m.drainTo(results::add);
        }
      }
      m.drainTo(results::add);
      RERUNS.addAndGet(m.reruns);
      if (!m.idle()) {
        throw new AssertionError("not idle after the end");
      }
    } catch (MatchException error) {
      m.drainTo(results::add);
      return new ReferenceMatcher.Outcome(results, error);
    }
    return new ReferenceMatcher.Outcome(results, null);
  }

  static Matcher roundTrip(MatchSpec spec, Conditions c, Matcher m) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      m.snapshotState(new DataOutputStream(bytes));
      Matcher restored = spec.newMatcher(c);
      restored.restoreState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
      ByteArrayOutputStream again = new ByteArrayOutputStream();
      restored.snapshotState(new DataOutputStream(again));
      if (!java.util.Arrays.equals(bytes.toByteArray(), again.toByteArray())) {
        throw new AssertionError("a restored matcher snapshots other bytes");
      }
      return restored;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("PATTERN (" + pattern + ") SKIP " + skip + " WITHIN " + within + "\n  " + conditions + "\n  times");
    for (long t : times) {
      sb.append(' ').append(t);
    }
    sb.append("\n  events");
    for (long[] e : events) {
      sb.append(' ').append(e[0] == OFFER ? "r" + e[1] : e[0] == WATERMARK ? "w" + e[1] : "end");
    }
    return sb.toString();
  }
}
