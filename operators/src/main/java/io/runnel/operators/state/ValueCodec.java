package io.runnel.operators.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Writes boxed column values (see {@link io.runnel.operators.batch.Column#getObject}) to operator
 * snapshots and reads them back: null, Long, Double, BigDecimal, String and Object[] (ROW), nested.
 */
public final class ValueCodec {
  private static final byte NULL = 0;
  private static final byte LONG = 1;
  private static final byte DOUBLE = 2;
  private static final byte DECIMAL = 3;
  private static final byte STRING = 4;
  private static final byte ROW = 5;

  private ValueCodec() {}

  public static void write(DataOutput out, Object value) throws IOException {
    if (value == null) {
      out.writeByte(NULL);
    } else if (value instanceof Long l) {
      out.writeByte(LONG);
      out.writeLong(l);
    } else if (value instanceof Double d) {
      out.writeByte(DOUBLE);
      out.writeDouble(d);
    } else if (value instanceof BigDecimal d) {
      out.writeByte(DECIMAL);
      byte[] unscaled = d.unscaledValue().toByteArray();
      out.writeInt(d.scale());
      out.writeInt(unscaled.length);
      out.write(unscaled);
    } else if (value instanceof String s) {
      out.writeByte(STRING);
      byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      out.writeInt(bytes.length);
      out.write(bytes);
    } else if (value instanceof Object[] row) {
      out.writeByte(ROW);
      writeRow(out, row);
    } else {
      throw new IllegalArgumentException("cannot snapshot a " + value.getClass().getName());
    }
  }

  public static Object read(DataInput in) throws IOException {
    byte tag = in.readByte();
    return switch (tag) {
      case NULL -> null;
      case LONG -> in.readLong();
      case DOUBLE -> in.readDouble();
      case DECIMAL -> {
        int scale = in.readInt();
        byte[] unscaled = new byte[in.readInt()];
        in.readFully(unscaled);
        yield new BigDecimal(new BigInteger(unscaled), scale);
      }
      case STRING -> {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        yield new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
      }
      case ROW -> readRow(in);
      default -> throw new IOException("corrupt snapshot: value tag " + tag);
    };
  }

  public static void writeRow(DataOutput out, Object[] row) throws IOException {
    out.writeInt(row.length);
    for (Object v : row) {
      write(out, v);
    }
  }

  public static Object[] readRow(DataInput in) throws IOException {
    Object[] row = new Object[in.readInt()];
    for (int i = 0; i < row.length; i++) {
      row[i] = read(in);
    }
    return row;
  }
}
