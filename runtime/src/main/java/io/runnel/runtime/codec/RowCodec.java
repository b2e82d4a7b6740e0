package io.runnel.runtime.codec;

import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.batch.Column;
import io.runnel.operators.batch.DoubleColumn;
import io.runnel.operators.batch.LongColumn;
import io.runnel.operators.batch.ObjectColumn;
import io.runnel.operators.batch.RowKind;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The binary form of a batch in a log excerpt, driven by the schema (no names). Since format version 2 it
 * is columnar: {@code [version][row count][kinds]}, then per column {@code [section length][section]}, so
 * that a reader skips a column it does not need in one step. {@code kinds} is one byte, 0 when every row
 * is an insert, else 1 followed by one kind byte per row. A section is {@code [nulls]} (0, or 1 followed by
 * a bitmap of the null rows) and the values: integers and times as 8 little-endian bytes per row, doubles
 * likewise as their bits, other values one after the other for the rows that are not null (strings
 * length-prefixed UTF-8, decimals scale and unscaled bytes, rows their fields with a null bitmap of their
 * own). The section length is 4 little-endian bytes.
 *
 * <p>Format version 1, row by row ({@code [kind][null bitmap][values]} with integers as zigzag varints), is
 * still read, so logs written before stay readable.
 */
public final class RowCodec {
  private static final int ROWS_FORMAT = 1;
  private static final int COLUMNS_FORMAT = 2;

  private final Schema schema;
  private final List<DataType.Field> fields;

  public RowCodec(Schema schema) {
    this.schema = schema;
    this.fields = schema.fields();
  }

  /** Writes rows {@code [from, to)} of {@code batch}. */
  public void encode(Batch batch, int from, int to, BinaryWriter out) {
    int rows = to - from;
    out.writeByte(COLUMNS_FORMAT);
    out.writeVarLong(rows);
    byte[] kinds = batch.kindsOrNull();
    boolean allInserts = true;
    for (int r = from; kinds != null && r < to; r++) {
      allInserts &= kinds[r] == RowKind.INSERT.toByte();
    }
    if (allInserts) {
      out.writeByte(0);
    } else {
      out.writeByte(1);
      out.writeRaw(kinds, from, rows);
    }
    for (int c = 0; c < fields.size(); c++) {
      int lengthAt = out.reserveInt();
      Column column = batch.column(c);
      boolean[] nulls = column.nullMask();
      boolean anyNull = false;
      for (int r = from; nulls != null && r < to; r++) {
        anyNull |= nulls[r];
      }
      if (anyNull) {
        out.writeByte(1);
        byte[] bitmap = new byte[(rows + 7) / 8];
        for (int r = from; r < to; r++) {
          if (nulls[r]) {
            bitmap[(r - from) >> 3] |= (byte) (1 << ((r - from) & 7));
          }
        }
        out.writeRaw(bitmap, 0, bitmap.length);
      } else {
        out.writeByte(0);
        nulls = null;
      }
      if (column instanceof LongColumn l) {
        out.writeLongs(l.values(), from, to);
      } else if (column instanceof DoubleColumn d) {
        out.writeDoubles(d.values(), from, to);
      } else {
        DataType type = fields.get(c).type();
        for (int r = from; r < to; r++) {
          if (nulls == null || !nulls[r]) {
            writeObject(column.getObject(r), type, out);
          }
        }
      }
      out.putInt(lengthAt, out.size() - lengthAt - 4);
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
    Batch batch =
        switch (version) {
          case COLUMNS_FORMAT -> decodeColumns(in, read);
          case ROWS_FORMAT -> decodeRows(in, read);
          default -> throw new IllegalStateException("unknown excerpt format version " + version);
        };
    if (read == null) {
      return batch;
    }
    boolean[] unread = new boolean[read.length];
    for (int c = 0; c < read.length; c++) {
      unread[c] = !read[c];
    }
    return batch.withUnread(unread);
  }

  private Batch decodeColumns(BinaryReader in, boolean[] read) {
    int rows = (int) in.readVarLong();
    byte[] kinds = in.readByte() == 0 ? null : in.readRaw(rows);
    Column[] columns = new Column[fields.size()];
    for (int c = 0; c < columns.length; c++) {
      int sectionLength = in.readInt();
      DataType type = fields.get(c).type();
      if (read != null && !read[c]) {
        in.skip(sectionLength);
        columns[c] = emptyColumn(type, rows);
        continue;
      }
      int sectionEnd = in.position() + sectionLength;
      boolean[] nulls = null;
      if (in.readByte() != 0) {
        byte[] bitmap = in.readRaw((rows + 7) / 8);
        nulls = new boolean[rows];
        for (int r = 0; r < rows; r++) {
          nulls[r] = (bitmap[r >> 3] & (1 << (r & 7))) != 0;
        }
      }
      columns[c] =
          switch (type.physical()) {
            case LONG -> new LongColumn(type, in.readLongs(rows), nulls);
            case DOUBLE -> new DoubleColumn(type, in.readDoubles(rows), nulls);
            case OBJECT -> {
              Object[] values = new Object[rows];
              for (int r = 0; r < rows; r++) {
                if (nulls == null || !nulls[r]) {
                  values[r] = readObject(type, in);
                }
              }
              yield new ObjectColumn(type, values, nulls);
            }
          };
      if (in.position() != sectionEnd) {
        throw new IllegalStateException("corrupt excerpt: column " + c + " ends at byte " + in.position() + ", its length says " + sectionEnd);
      }
    }
    return new Batch(schema, columns, kinds, rows);
  }

  private static Column emptyColumn(DataType type, int rows) {
    return switch (type.physical()) {
      case LONG -> new LongColumn(type, new long[rows], null);
      case DOUBLE -> new DoubleColumn(type, new double[rows], null);
      case OBJECT -> new ObjectColumn(type, new Object[rows], null);
    };
  }

  /** Format version 1: row by row. */
  private Batch decodeRows(BinaryReader in, boolean[] read) {
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
    return builder.build();
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
