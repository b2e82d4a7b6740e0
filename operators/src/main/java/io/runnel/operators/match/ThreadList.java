package io.runnel.operators.match;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The threads at one row position, in priority order: by start row, then by the standard's preference within
 * a start. Adding a thread whose key an earlier thread holds drops it, the earlier one standing for it.
 */
final class ThreadList {
  final List<MatchThread> threads = new ArrayList<>();
  private final Map<MatchThread.Key, MatchThread> byKey = new HashMap<>();
  /** The start of the last tombstone added: a start keeps only its first (preferred) tombstone. */
  private long tombstoneStart = Long.MIN_VALUE;
  private int live;

  /** Adds a live thread, or lets the thread holding its key stand for it. */
  void add(MatchThread t, MatchThread.Key key) {
    MatchThread first = byKey.putIfAbsent(key, t);
    if (first != null) {
      first.absorb(t);
      return;
    }
    threads.add(t);
    live++;
  }

  /** Adds a tombstone unless its start has a preferred one here already; true when added. */
  boolean addTombstone(MatchThread t) {
    if (tombstoneStart == t.start) {
      return false;
    }
    tombstoneStart = t.start;
    threads.add(t);
    return true;
  }

  int live() {
    return live;
  }

  /** The start of the first live thread, or Long.MAX_VALUE. */
  long firstLiveStart() {
    for (MatchThread t : threads) {
      if (!t.expired) {
        return t.start;
      }
    }
    return Long.MAX_VALUE;
  }
}
