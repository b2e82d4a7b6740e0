package io.runnel.operators.match;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The threads at one row position, in priority order: by start row, then by the standard's preference within
 * a start. Adding a thread whose key an earlier thread holds drops it, the earlier one standing for it. A
 * few threads are looked up by key one by one; a map of keys is made only for more (a partition with a
 * partial match open keeps a list, usually of one or two threads).
 */
final class ThreadList {
  private static final int MAP_FROM = 8;
  final List<MatchThread> threads = new ArrayList<>(2);
  private final List<MatchThread.Key> keys = new ArrayList<>(2); // of the live threads, in order, while no map
  private final List<MatchThread> liveThreads = new ArrayList<>(2); // the threads of keys
  private Map<MatchThread.Key, MatchThread> byKey; // once there are more than MAP_FROM live threads
  /** The start of the last tombstone added: a start keeps only its first (preferred) tombstone. */
  private long tombstoneStart = Long.MIN_VALUE;
  private int live;

  /** Adds a live thread, or lets the thread holding its key stand for it. */
  void add(MatchThread t, MatchThread.Key key) {
    MatchThread first = holder(key);
    if (first != null) {
      first.absorb(t);
      return;
    }
    if (byKey != null) {
      byKey.put(key, t);
    } else if (keys.size() < MAP_FROM) {
      keys.add(key);
      liveThreads.add(t);
    } else {
      byKey = new HashMap<>();
      for (int i = 0; i < keys.size(); i++) {
        byKey.put(keys.get(i), liveThreads.get(i));
      }
      byKey.put(key, t);
      keys.clear();
      liveThreads.clear();
    }
    threads.add(t);
    live++;
  }

  /** The live thread that holds {@code key}, or null. */
  private MatchThread holder(MatchThread.Key key) {
    if (byKey != null) {
      return byKey.get(key);
    }
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i).equals(key)) {
        return liveThreads.get(i);
      }
    }
    return null;
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
