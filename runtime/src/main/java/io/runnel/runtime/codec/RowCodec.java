package io.runnel.runtime.codec;

import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.batch.Column;
import io.runnel.operators.batch.DoubleColumn;
import io.runnel.operators.batch.LongColumn;
import io.runnel.operators.batch.RowKind;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The compact binary form of rows in a log excerpt, driven by the schema (no names per row):
 * {@code [version][row count]} then per row {@code [kind][null bitmap][non-null values]}. Integers and
 * times are zigzag varints, doubles 8 bytes, strings length-prefixed UTF-8, decimals scale and unscaled
 * bytes, rows their fields with a null bitmap of their own.
 */
public final class RowCodec {
  private static final int VERSION = 1;

  private final Schema schema;
  private final List<DataType.Field> fields;

  public RowCodec(Schema schema) {
    this.schema = schema;
    this.fields = schema.fields();
  }

  /** Writes rows {@code [from, to)} of {@code batch}. */
  public void encode(Batch batch, int from, int to, BinaryWriter out) {
    out.writeByte(VERSION);
    out.writeVarLong(to - from);
    int n = fields.size();
    // look each column up once, not once a row
    long[][] longs = new long[n][];
    double[][] doubles = new double[n][];
    Column[] objects = new Column[n];
    boolean[][] nulls = new boolean[n][];
    boolean anyNulls = false;
    for (int c = 0; c < n; c++) {
      Column column = batch.column(c);
      nulls[c] = column.nullMask();
      anyNulls |= nulls[c] != null;
      if (column instanceof LongColumn l) {
        longs[c] = l.values();
      } else if (column instanceof DoubleColumn d) {
        doubles[c] = d.values();
      } else {
        objects[c] = column;
      }
    }
    byte[] kinds = batch.kindsOrNull();
    byte insert = RowKind.INSERT.toByte();
    byte[] bitmap = new byte[(n + 7) / 8];
    for (int r = from; r < to; r++) {
      out.writeByte(kinds == null ? insert : kinds[r]);
      if (anyNulls) {
        java.util.Arrays.fill(bitmap, (byte) 0);
        for (int c = 0; c < n; c++) {
          if (nulls[c] != null && nulls[c][r]) {
            bitmap[c >> 3] |= (byte) (1 << (c & 7));
          }
        }
      }
      for (byte b : bitmap) {
        out.writeByte(b);
      }
      for (int c = 0; c < n; c++) {
        if (nulls[c] != null && nulls[c][r]) {
          continue;
        }
        if (longs[c] != null) {
          out.writeZigZag(longs[c][r]);
        } else if (doubles[c] != null) {
          out.writeLong(Double.doubleToRawLongBits(doubles[c][r]));
        } else {
          writeObject(objects[c].getObject(r), fields.get(c).type(), out);
        }
      }
    }
  }

  private static void writeObject(Object value, DataType type, BinaryWriter out) {
    switch (type.kind()) {
      case VARCHAR -> out.writeBytes(((String) value).getBytes(StandardCharsets.UTF_8));
      case DECIMAL -> {
        BigDecimal d = (BigDecimal) value;
        out.writeZigZag(d.scale());
        out.writeBytes(d.unscaledValue().toByteArray());
      }
      case ROW -> {
        Object[] row = (Object[]) value;
        List<DataType.Field> fs = type.fields();
        byte[] bitmap = new byte[(fs.size() + 7) / 8];
        for (int i = 0; i < fs.size(); i++) {
          if (row[i] == null) {
            bitmap[i >> 3] |= (byte) (1 << (i & 7));
          }
        }
        for (byte b : bitmap) {
          out.writeByte(b);
        }
        for (int i = 0; i < fs.size(); i++) {
          if (row[i] != null) {
            DataType ft = fs.get(i).type();
            switch (ft.physical()) {
              case LONG -> out.writeZigZag(((Number) row[i]).longValue());
              case DOUBLE -> out.writeLong(Double.doubleToRawLongBits(((Number) row[i]).doubleValue()));
              case OBJECT -> writeObject(row[i], ft, out);
            }
          }
        }
      }
      default -> throw new IllegalArgumentException("cannot encode " + type);
    }
  }

  /** Number of rows in an excerpt, read from its header only. */
  public static long rowCount(byte[] bytes, int offset, int length) {
    BinaryReader in = new BinaryReader(bytes, offset, length);
    in.readByte();
    return in.readVarLong();
  }

  /** Reads an excerpt back into a batch. */
  public Batch decode(byte[] bytes, int offset, int length) {
    return decode(bytes, offset, length, null);
  }

  /**
   * Reads an excerpt back into a batch, only the columns {@code read} marks (all when null): the others
   * are skipped over and left empty, for a reader that never looks at them.
   */
  public Batch decode(byte[] bytes, int offset, int length, boolean[] read) {
    BinaryReader in = new BinaryReader(bytes, offset, length);
    int version = in.readByte();
    if (version != VERSION) {
      throw new IllegalStateException("unknown excerpt format version " + version);
    }
    int rows = (int) in.readVarLong();
    int n = fields.size();
    BatchBuilder builder = new BatchBuilder(schema, rows);
    byte[] bitmap = new byte[(n + 7) / 8];
    for (int r = 0; r < rows; r++) {
      int row = builder.beginRow(RowKind.fromByte((byte) in.readByte()));
      for (int i = 0; i < bitmap.length; i++) {
        bitmap[i] = (byte) in.readByte();
      }
      for (int c = 0; c < n; c++) {
        boolean isNull = (bitmap[c >> 3] & (1 << (c & 7))) != 0;
        DataType type = fields.get(c).type();
        if (read != null && !read[c]) {
          if (!isNull) {
            skip(type, in);
          }
          continue;
        }
        if (isNull) {
          builder.setNull(c, row);
          continue;
        }
        switch (type.physical()) {
          case LONG -> builder.setLong(c, row, in.readZigZag());
          case DOUBLE -> builder.setDouble(c, row, Double.longBitsToDouble(in.readLong()));
          case OBJECT -> builder.set(c, row, readObject(type, in));
        }
      }
    }
    if (read == null) {
      return builder.build();
    }
    boolean[] unread = new boolean[n];
    for (int c = 0; c < n; c++) {
      unread[c] = !read[c];
    }
    return builder.build().withUnread(unread);
  }

  private static void skip(DataType type, BinaryReader in) {
    switch (type.kind()) {
      case VARCHAR -> in.skipBytes();
      case DECIMAL -> {
        in.readVarLong();
        in.skipBytes();
      }
      case ROW -> readObject(type, in); // rare: read it and let it go
      default -> {
        if (type.physical() == TypeKind.Physical.DOUBLE) {
          in.skip(8);
        } else {
          in.readVarLong();
        }
      }
    }
  }

  private static Object readObject(DataType type, BinaryReader in) {
    return switch (type.kind()) {
      case VARCHAR -> in.readString();
      case DECIMAL -> {
        int scale = (int) in.readZigZag();
        yield new BigDecimal(new BigInteger(in.readBytes()), scale);
      }
      case ROW -> {
        List<DataType.Field> fs = type.fields();
        byte[] bitmap = new byte[(fs.size() + 7) / 8];
        for (int i = 0; i < bitmap.length; i++) {
          bitmap[i] = (byte) in.readByte();
        }
        Object[] row = new Object[fs.size()];
        for (int i = 0; i < fs.size(); i++) {
          if ((bitmap[i >> 3] & (1 << (i & 7))) == 0) {
            DataType ft = fs.get(i).type();
            row[i] =
                switch (ft.physical()) {
                  case LONG -> in.readZigZag();
                  case DOUBLE -> Double.longBitsToDouble(in.readLong());
                  case OBJECT -> readObject(ft, in);
                };
          }
        }
        yield row;
      }
      default -> throw new IllegalArgumentException("cannot decode " + type);
    };
  }
}
