package io.runnel.operators.rank;

import it.unimi.dsi.fastutil.objects.ObjectArrayList;
import it.unimi.dsi.fastutil.objects.ObjectBidirectionalIterator;
import it.unimi.dsi.fastutil.objects.ObjectRBTreeSet;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;

/**
 * The rows of one partition in rank order (sort keys, then arrival), and which of them rank within the
 * limit: the top region. The last row of that region and whether it is full are remembered from the last
 * {@link #top} until a change reaches the region, so that a row ranking below it is told apart in constant
 * time ({@link #beyond}): it can neither enter the region nor, removed, change it.
 */
final class TopRows {
  /** Ranked rows and their rank number. */
  record Ranked(Entry entry, long rank) {}

  private final Ranking ranking;
  private final ObjectRBTreeSet<Entry> rows;
  /** As of the last {@link #top}, unless a change reached the region since: its last row, and whether it is full. */
  private Entry boundary;
  private boolean full;
  private boolean known;

  TopRows(Ranking ranking) {
    this.ranking = ranking;
    this.rows = new ObjectRBTreeSet<>(ranking.entryOrder);
  }

  int size() {
    return rows.size();
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  /** Every row held, in rank order. */
  Iterator<Entry> iterator() {
    return rows.iterator();
  }

  /**
   * True when {@code e} ranks below a full top region: added (as the latest arrival) it would not rank within
   * the limit, and removed it would change no rank within the limit. False when not known.
   */
  boolean beyond(Entry e) {
    if (!known || !full) {
      return false;
    }
    // rows tying with the region's last row share its rank (RANK, DENSE_RANK) or follow it (ROW_NUMBER)
    return ranking.function == RankFunction.ROW_NUMBER
        ? ranking.entryOrder.compare(e, boundary) > 0
        : ranking.order.compare(e.row, boundary.row) > 0;
  }

  void add(Entry e) {
    if (!beyond(e)) {
      known = false;
    }
    rows.add(e);
  }

  void remove(Entry e) {
    if (!beyond(e)) {
      known = false;
    }
    rows.remove(e);
  }

  /** The latest arrival among the rows held equal to {@code row}, or null. */
  Entry findEqual(Object[] row) {
    ObjectBidirectionalIterator<Entry> it = rows.iterator(new Entry(row, Long.MAX_VALUE));
    while (it.hasPrevious()) {
      Entry e = it.previous();
      if (ranking.order.compare(e.row, row) != 0) {
        return null;
      }
      if (Arrays.deepEquals(e.row, row)) {
        return e;
      }
    }
    return null;
  }

  /** The rows ranking within the limit, in rank order, with their rank numbers; remembers the region. */
  ObjectArrayList<Ranked> top() {
    ObjectArrayList<Ranked> top = new ObjectArrayList<>();
    long position = 0;
    long rank = 0;
    Entry previous = null;
    for (Entry e : rows) {
      position++;
      switch (ranking.function) {
        case ROW_NUMBER -> rank = position;
        case RANK -> rank = previous != null && ranking.order.compare(previous.row, e.row) == 0 ? rank : position;
        case DENSE_RANK -> rank = previous != null && ranking.order.compare(previous.row, e.row) == 0 ? rank : rank + 1;
      }
      if (rank > ranking.limit) {
        break;
      }
      top.add(new Ranked(e, rank));
      previous = e;
    }
    boundary = previous;
    full =
        switch (ranking.function) {
          case ROW_NUMBER -> top.size() == ranking.limit;
          case RANK -> top.size() >= ranking.limit;
          case DENSE_RANK -> !top.isEmpty() && top.get(top.size() - 1).rank() == ranking.limit;
        };
    known = true;
    return top;
  }

  /**
   * For ROW_NUMBER over an insert-only input, whose rows are only ever those within the limit: adds {@code e},
   * which ranks within it, copies the rows from rank 1 on into {@code rows} (at most limit + 1 of them: the
   * last, when there are that many, is the row {@code e} pushed out, which is dropped here) and returns how
   * many it copied; remembers the region. What a Top-N emits for {@code e} is read off the copy, without
   * diffing two lists of the region.
   */
  int insertWithinLimit(Entry e, Entry[] rows) {
    this.rows.add(e);
    int n = 0;
    for (Iterator<Entry> it = this.rows.iterator(); it.hasNext() && n < rows.length; ) {
      rows[n++] = it.next();
    }
    if (n > ranking.limit) {
      this.rows.remove(rows[n - 1]);
    }
    int kept = (int) Math.min(n, ranking.limit);
    boundary = rows[kept - 1];
    full = kept == ranking.limit;
    known = true;
    return n;
  }

  /** Drops the rows ranking below the region {@link #top} just computed; returns how many. */
  int trim() {
    int n = 0;
    while (!rows.isEmpty() && rows.last() != boundary) {
      rows.remove(rows.last());
      n++;
    }
    return n;
  }

  /** Its rows, for a snapshot: their count, then each with its arrival number. */
  void write(DataOutput out) throws IOException {
    out.writeInt(size());
    for (Iterator<Entry> it = iterator(); it.hasNext(); ) {
      it.next().write(out);
    }
  }
}
