package io.runnel.operators.rank;

import io.runnel.operators.state.ValueCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A row held in state with its place in the order of arrival ({@code seq}, counted by the operator and part
 * of its snapshot), which breaks ties deterministically.
 */
public final class Entry {
  /** What an entry adds to its row: the entry itself and the tree node holding it. */
  public static final long BYTES = 32 + 32;

  public final Object[] row;
  public final long seq;

  public Entry(Object[] row, long seq) {
    this.row = row;
    this.seq = seq;
  }

  public void write(DataOutput out) throws IOException {
    out.writeLong(seq);
    ValueCodec.writeRow(out, row);
  }

  public static Entry read(DataInput in) throws IOException {
    long seq = in.readLong();
    return new Entry(ValueCodec.readRow(in), seq);
  }
}
