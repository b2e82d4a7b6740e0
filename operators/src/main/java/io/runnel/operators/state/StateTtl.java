package io.runnel.operators.state;

import it.unimi.dsi.fastutil.objects.Object2ObjectOpenHashMap;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * A state time-to-live on event time: an operator's state for a key lasts {@code ttl} milliseconds past the
 * latest event time of the key's rows (its stamp). Two rules free it, and they agree:
 *
 * <ul>
 *   <li>a row of the key whose time is {@code ttl} or more past the stamp finds it gone ({@link #expired}):
 *       the operator frees it, then takes the row as the key's first;
 *   <li>once the watermark reaches stamp + ttl, the key is handed to the operator to free ({@link #advance}).
 * </ul>
 *
 * <p>So what a row finds depends only on the rows before it, never on where batches were cut or when a
 * watermark was delivered: a row ahead of the watermark could only find the state freed if its own time
 * already says so, and a row behind it meets the watermark of the rows before it first (the sources cut
 * their batches there). The clock plays no part, so a query replayed frees the same keys at the same rows.
 *
 * <p>Which keys expire at a watermark does not depend on the order they were touched in, and expiry emits
 * nothing, so the timers need not be in a snapshot: the operator keeps each key's stamp beside its state
 * ({@link #stampOf}) and {@link #restore}s it. One timer per live key: a key touched again keeps its timer,
 * which on firing finds the later stamp and sets itself again.
 */
public final class StateTtl<K> {
  /** A key's stamp (the latest event time of its rows) and when its timer is due. */
  private static final class Stamp {
    long stamp;
    long due;

    Stamp(long stamp, long due) {
      this.stamp = stamp;
      this.due = due;
    }
  }

  private record Timer<K>(long due, long seq, K key) implements Comparable<Timer<K>> {
    @Override
    public int compareTo(Timer<K> other) {
      int byDue = Long.compare(due, other.due);
      return byDue != 0 ? byDue : Long.compare(seq, other.seq);
    }
  }

  /** Bytes a key adds: its map slot, stamp and timer. */
  public static final long BYTES_PER_KEY = StateSize.MAP_SLOT + 32 + 40;

  private final long ttl;
  private final Object2ObjectOpenHashMap<K, Stamp> stamps = new Object2ObjectOpenHashMap<>();
  private final PriorityQueue<Timer<K>> timers = new PriorityQueue<>();
  private long seq;

  public StateTtl(long ttl) {
    if (ttl <= 0) {
      throw new IllegalArgumentException("a state time-to-live must be positive, not " + ttl);
    }
    this.ttl = ttl;
  }

  /** Whether a row of {@code key} at event time {@code time} comes {@code ttl} or more after the key's stamp. */
  public boolean expired(K key, long time) {
    Stamp s = stamps.get(key);
    return s != null && time >= dueAt(s.stamp);
  }

  /** A row of {@code key} at event time {@code time} came: the key's stamp is the later of the two. */
  public void touch(K key, long time) {
    Stamp s = stamps.get(key);
    if (s == null) {
      schedule(key, time);
    } else if (time > s.stamp) {
      s.stamp = time;
    }
  }

  /** The operator freed {@code key}'s state itself (a group emptied, or expired): the ttl forgets it. */
  public void forget(K key) {
    stamps.remove(key);
  }

  /** The stamp kept for {@code key}, to snapshot beside its state; {@link Long#MIN_VALUE} when none. */
  public long stampOf(K key) {
    Stamp s = stamps.get(key);
    return s == null ? Long.MIN_VALUE : s.stamp;
  }

  /** Restores {@code key} with the {@code stamp} a snapshot kept for it; {@link Long#MIN_VALUE}: none. */
  public void restore(K key, long stamp) {
    if (stamp != Long.MIN_VALUE) {
      touch(key, stamp);
    }
  }

  /** How many keys the ttl keeps. */
  public int size() {
    return stamps.size();
  }

  /** The watermark reached {@code watermark}: each key whose time is up is forgotten and given to {@code expire}. */
  public void advance(long watermark, Consumer<K> expire) {
    while (!timers.isEmpty() && timers.peek().due() <= watermark) {
      Timer<K> timer = timers.poll();
      Stamp s = stamps.get(timer.key());
      if (s == null || s.due != timer.due()) {
        continue; // forgotten, or an old timer of a key forgotten and touched again
      }
      long due = dueAt(s.stamp);
      if (due > watermark) {
        s.due = due;
        timers.add(new Timer<>(due, seq++, timer.key()));
      } else {
        stamps.remove(timer.key());
        expire.accept(timer.key());
      }
    }
  }

  /** Forgets every key, as before a restore. */
  public void clear() {
    stamps.clear();
    timers.clear();
  }

  private void schedule(K key, long stamp) {
    long due = dueAt(stamp);
    stamps.put(key, new Stamp(stamp, due));
    timers.add(new Timer<>(due, seq++, key));
  }

  private long dueAt(long stamp) {
    return stamp > Long.MAX_VALUE - ttl ? Long.MAX_VALUE : stamp + ttl;
  }
}
