package io.runnel.operators.match;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes and reads a {@link Matcher}'s state. Path nodes are written once each, parents first, and referred
 * to by number, so threads sharing a prefix share it again once read.
 */
final class MatcherCodec {
  private static final int VERSION = 1;
  private static final int MATCH = 0;
  private static final int TIMED_OUT = 1;
  private static final int UNMATCHED = 2;

  private MatcherCodec() {}

  static void write(Matcher m, DataOutput out) throws IOException {
    out.writeInt(VERSION);
    out.writeLong(m.rows);
    out.writeLong(m.frontier);
    out.writeLong(m.next);
    out.writeLong(m.nextMatchNumber);
    out.writeLong(m.lastMatchedRow);
    out.writeBoolean(m.ended);
    out.writeLong(m.watermark);
    out.writeLong(m.times.base());
    out.writeInt(m.times.size());
    for (int i = 0; i < m.times.size(); i++) {
      out.writeLong(m.times.time(m.times.base() + i));
    }

    Map<PathNode, Integer> ids = new IdentityHashMap<>();
    List<PathNode> nodes = new ArrayList<>();
    for (MatchThread t : m.threads.threads) {
      collect(t.path, ids, nodes);
    }
    for (StartRecord r : m.records.values()) {
      collect(r.match, ids, nodes);
      collect(r.timedOutPath, ids, nodes);
    }
    for (Object e : m.results.entries) {
      if (e instanceof ResultQueue.MatchEntry me) {
        collect(me.path(), ids, nodes);
      } else if (e instanceof ResultQueue.TimedOutEntry te) {
        collect(te.path(), ids, nodes);
      }
    }
    out.writeInt(nodes.size());
    for (PathNode n : nodes) {
      out.writeInt(id(n.parent, ids));
      out.writeInt(n.variable);
      out.writeBoolean(n.excluded);
      out.writeLong(n.length);
    }

    out.writeInt(m.threads.threads.size());
    for (MatchThread t : m.threads.threads) {
      out.writeBoolean(t.expired);
      out.writeInt(t.pc);
      out.writeInt(t.counters.length);
      for (int c : t.counters) {
        out.writeInt(c);
      }
      out.writeLong(t.start);
      out.writeInt(id(t.path, ids));
      out.writeLong(t.covLo);
      out.writeLong(t.covHi);
    }

    out.writeInt(m.records.size());
    for (Map.Entry<Long, StartRecord> e : m.records.entrySet()) {
      StartRecord r = e.getValue();
      out.writeLong(e.getKey());
      out.writeBoolean(r.matched);
      out.writeInt(id(r.match, ids));
      out.writeBoolean(r.timedOut);
      out.writeInt(id(r.timedOutPath, ids));
      out.writeLong(r.shownLo);
      out.writeLong(r.shownHi);
    }

    out.writeInt(m.rerun.size());
    for (Map.Entry<Long, Long> e : m.rerun.intervals.entrySet()) {
      out.writeLong(e.getKey());
      out.writeLong(e.getValue());
    }

    out.writeInt(m.results.entries.size());
    for (Object e : m.results.entries) {
      if (e instanceof ResultQueue.MatchEntry me) {
        out.writeByte(MATCH);
        out.writeLong(me.number());
        out.writeLong(me.start());
        out.writeInt(id(me.path(), ids));
      } else if (e instanceof ResultQueue.TimedOutEntry te) {
        out.writeByte(TIMED_OUT);
        out.writeLong(te.start());
        out.writeInt(id(te.path(), ids));
      } else {
        ResultQueue.UnmatchedRange u = (ResultQueue.UnmatchedRange) e;
        out.writeByte(UNMATCHED);
        out.writeLong(u.lo);
        out.writeLong(u.hi);
      }
    }
  }

  static void read(Matcher m, DataInput in) throws IOException {
    int version = in.readInt();
    if (version != VERSION) {
      throw new IOException("unknown matcher state version " + version);
    }
    m.rows = in.readLong();
    m.frontier = in.readLong();
    m.next = in.readLong();
    m.nextMatchNumber = in.readLong();
    m.lastMatchedRow = in.readLong();
    m.ended = in.readBoolean();
    m.watermark = in.readLong();
    m.times.reset(in.readLong());
    for (int i = in.readInt(); i > 0; i--) {
      m.times.add(in.readLong());
    }

    PathNode[] nodes = new PathNode[in.readInt()];
    for (int i = 0; i < nodes.length; i++) {
      int parent = in.readInt();
      nodes[i] = new PathNode(parent < 0 ? null : nodes[parent], in.readInt(), in.readBoolean(), in.readLong());
    }

    List<MatchThread> threads = new ArrayList<>();
    for (int i = in.readInt(); i > 0; i--) {
      boolean expired = in.readBoolean();
      int pc = in.readInt();
      int[] counters = new int[in.readInt()];
      for (int c = 0; c < counters.length; c++) {
        counters[c] = in.readInt();
      }
      long start = in.readLong();
      PathNode path = node(in.readInt(), nodes);
      MatchThread t = new MatchThread(pc, counters.length == 0 ? MatchThread.NO_COUNTERS : counters, start, path, expired);
      t.covLo = in.readLong();
      t.covHi = in.readLong();
      threads.add(t);
    }
    m.threads = m.pike.rebuild(List.of(), threads);

    m.records.clear();
    for (int i = in.readInt(); i > 0; i--) {
      StartRecord r = new StartRecord();
      long start = in.readLong();
      r.matched = in.readBoolean();
      r.match = node(in.readInt(), nodes);
      r.timedOut = in.readBoolean();
      r.timedOutPath = node(in.readInt(), nodes);
      r.shownLo = in.readLong();
      r.shownHi = in.readLong();
      m.records.put(start, r);
    }

    m.rerun.intervals.clear();
    for (int i = in.readInt(); i > 0; i--) {
      m.rerun.intervals.put(in.readLong(), in.readLong());
    }

    m.results.entries.clear();
    for (int i = in.readInt(); i > 0; i--) {
      int kind = in.readByte();
      if (kind == MATCH) {
        m.results.entries.add(new ResultQueue.MatchEntry(in.readLong(), in.readLong(), node(in.readInt(), nodes)));
      } else if (kind == TIMED_OUT) {
        m.results.entries.add(new ResultQueue.TimedOutEntry(in.readLong(), node(in.readInt(), nodes)));
      } else if (kind == UNMATCHED) {
        m.results.entries.add(new ResultQueue.UnmatchedRange(in.readLong(), in.readLong()));
      } else {
        throw new IOException("unknown result kind " + kind);
      }
    }
  }

  /** Numbers {@code path} and its ancestors not numbered yet, parents first. */
  private static void collect(PathNode path, Map<PathNode, Integer> ids, List<PathNode> nodes) {
    List<PathNode> fresh = new ArrayList<>();
    for (PathNode n = path; n != null && !ids.containsKey(n); n = n.parent) {
      fresh.add(n);
    }
    for (int i = fresh.size() - 1; i >= 0; i--) {
      ids.put(fresh.get(i), nodes.size());
      nodes.add(fresh.get(i));
    }
  }

  private static int id(PathNode path, Map<PathNode, Integer> ids) {
    return path == null ? -1 : ids.get(path);
  }

  private static PathNode node(int id, PathNode[] nodes) {
    return id < 0 ? null : nodes[id];
  }
}
