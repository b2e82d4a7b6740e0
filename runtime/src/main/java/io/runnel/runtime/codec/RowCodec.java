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
 * is an insert, else 1 followed by one kind byte per row. The section length is 4 little-endian bytes.
 *
 * <p>A section is {@code [flags]}, then the null bitmap of the rows when flag bit 0 is set, then the
 * values, whose form the other flag bits give (the encoder chooses per section; flags 0 and 1 are the plain
 * form, all that excerpts written before the other bits held):
 *
 * <ul>
 *   <li>plain: integers and times as 8 little-endian bytes per row, doubles likewise as their bits, other
 *       values one after the other for the rows that are not null (strings length-prefixed UTF-8, decimals
 *       scale and unscaled bytes, rows their fields with a null bitmap of their own);
 *   <li>bit 1, dictionary (VARCHAR only): the number of distinct values {@code n} (varint, at most 65536),
 *       each of them length-prefixed UTF-8, then for each row that is not null the index of its value, 1
 *       byte when {@code n <= 256}, else 2 little-endian bytes. The encoder writes it when the non-null
 *       values hold at most three quarters as many distinct ones, and at most 4096, and it takes fewer bytes
 *       than plain; the reader makes each distinct string once and shares it between the rows;
 *   <li>bit 2, frame of reference (integer and time columns only): the least value {@code min} of the rows
 *       that are not null (8 little-endian bytes), a width {@code w} (one byte: 1, 2, 4 or 8), then per row
 *       {@code value - min} as {@code w} unsigned little-endian bytes (0 for a null row, which reads back as
 *       0). The encoder writes it with the least width that holds the span {@code max - min} (unsigned)
 *       when that is at most 4 bytes, else the plain form.
 * </ul>
 *
 * Any other flags are reported as a corrupt excerpt.
 *
 * <p>Format version 1, row by row ({@code [kind][null bitmap][values]} with integers as zigzag varints), is
 * still read, so logs written before stay readable.
 */
public final class RowCodec {
  private static final int ROWS_FORMAT = 1;
  private static final int COLUMNS_FORMAT = 2;
  /** Section flags: a null bitmap follows the flags byte. */
  private static final int NULLS = 1;
  /** Section flags: VARCHAR values as a dictionary of the distinct ones and an index a row. */
  private static final int DICTIONARY = 2;
  /** Section flags: integer and time values as offsets from the least of them. */
  private static final int FRAME_OF_REFERENCE = 4;
  /** The most values a dictionary section can hold: its indexes are at most 2 bytes. */
  private static final int MAX_DICTIONARY = 1 << 16;

  private final Schema schema;
  private final List<DataType.Field> fields;
  /** See {@link #emptyColumn}. */
  private final Column[] emptyColumns;

  public RowCodec(Schema schema) {
    this.schema = schema;
    this.fields = schema.fields();
    this.emptyColumns = new Column[fields.size()];
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
      int nullCount = 0;
      for (int r = from; nulls != null && r < to; r++) {
        nullCount += nulls[r] ? 1 : 0;
      }
      if (nullCount == 0) {
        nulls = null;
      }
      DataType type = fields.get(c).type();
      if (column instanceof LongColumn l) {
        writeLongs(l.values(), from, to, nulls, out);
      } else if (column instanceof DoubleColumn d) {
        writeFlags(0, nulls, from, to, out);
        out.writeDoubles(d.values(), from, to);
      } else if (type.kind() == TypeKind.VARCHAR) {
        writeStrings(column, from, to, nulls, rows - nullCount, out);
      } else {
        writeFlags(0, nulls, from, to, out);
        for (int r = from; r < to; r++) {
          if (nulls == null || !nulls[r]) {
            writeObject(column.getObject(r), type, out);
          }
        }
      }
      out.putInt(lengthAt, out.size() - lengthAt - 4);
    }
  }

  /** A section's flags byte ({@code encoding}, plus {@link #NULLS} when {@code nulls} is not null), then the null bitmap if any. */
  private static void writeFlags(int encoding, boolean[] nulls, int from, int to, BinaryWriter out) {
    if (nulls == null) {
      out.writeByte(encoding);
      return;
    }
    out.writeByte(encoding | NULLS);
    byte[] bitmap = new byte[(to - from + 7) / 8];
    for (int r = from; r < to; r++) {
      if (nulls[r]) {
        bitmap[(r - from) >> 3] |= (byte) (1 << ((r - from) & 7));
      }
    }
    out.writeRaw(bitmap, 0, bitmap.length);
  }

  /** Frame of reference when the non-null values span at most 4 bytes, else 8 bytes a row. */
  private static void writeLongs(long[] values, int from, int to, boolean[] nulls, BinaryWriter out) {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    if (nulls == null) {
      for (int r = from; r < to; r++) {
        long v = values[r];
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    } else {
      for (int r = from; r < to; r++) {
        if (!nulls[r]) {
          long v = values[r];
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    if (min > max) { // no rows, or every row null
      min = max = 0;
    }
    long span = max - min; // unsigned: max >= min, so the difference is in [0, 2^64)
    int width = Long.compareUnsigned(span, 0xFFL) <= 0 ? 1 : Long.compareUnsigned(span, 0xFFFFL) <= 0 ? 2 : Long.compareUnsigned(span, 0xFFFF_FFFFL) <= 0 ? 4 : 8;
    if (width == 8) {
      writeFlags(0, nulls, from, to, out);
      out.writeLongs(values, from, to);
      return;
    }
    writeFlags(FRAME_OF_REFERENCE, nulls, from, to, out);
    out.writeLong(min);
    out.writeByte(width);
    out.writeOffsets(values, from, to, nulls, min, width);
  }

  /**
   * A dictionary when the column's non-null values hold at most three quarters as many distinct ones (and
   * at most {@link StringDictionary#MAX_SIZE}) and that takes fewer bytes than writing them one by one;
   * else plain. (Nexmark's bid channels and URLs: about half the rows name one of four, the others one of
   * ten thousand, so a batch of 1024 holds some 510 distinct.)
   */
  private static void writeStrings(Column column, int from, int to, boolean[] nulls, int nonNull, BinaryWriter out) {
    StringDictionary dictionary = out.dictionary();
    // one way out of the try, so that the finally block's code is there once: this method is on every
    // encode's path, and what the JIT compiler has to compile again after a rare branch should be small
    try {
      boolean built =
          column instanceof ObjectColumn coded && coded.dictionary() != null
              ? dictionary.buildFromIds(coded.dictionary(), coded.ids(), from, to, nulls, dictionaryLimit(nonNull))
              : dictionary.build(column, from, to, nulls, dictionaryLimit(nonNull));
      if (built) {
        writeBuilt(dictionary, from, to, nulls, nonNull, out);
      } else {
        writePlainStrings(column, from, to, nulls, out);
      }
    } finally {
      dictionary.clear();
    }
  }

  private static void writePlainStrings(Column column, int from, int to, boolean[] nulls, BinaryWriter out) {
    writeFlags(0, nulls, from, to, out);
    for (int r = from; r < to; r++) {
      if (nulls == null || !nulls[r]) {
        out.writeBytes(((String) column.getObject(r)).getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  /** The values {@code dictionary} holds for rows {@code [from, to)}: as a dictionary section, or plain when that is no smaller. */
  private static void writeBuilt(StringDictionary dictionary, int from, int to, boolean[] nulls, int nonNull, BinaryWriter out) {
    dictionary.encodeValues();
    int n = dictionary.size;
    byte[][] encoded = dictionary.encoded;
    int[] ids = dictionary.rowIds;
    int rows = to - from;
    long plainBytes = 0;
    for (int i = 0; i < rows; i++) {
      if (ids[i] >= 0) {
        int length = encoded[ids[i]].length;
        plainBytes += varLongSize(length) + length;
      }
    }
    int indexWidth = indexWidth(n);
    long dictionaryBytes = varLongSize(n) + (long) nonNull * indexWidth;
    for (int i = 0; i < n; i++) {
      dictionaryBytes += varLongSize(encoded[i].length) + encoded[i].length;
    }
    if (dictionaryBytes >= plainBytes) {
      writeFlags(0, nulls, from, to, out);
      for (int i = 0; i < rows; i++) {
        if (ids[i] >= 0) {
          out.writeBytes(encoded[ids[i]]);
        }
      }
    } else {
      writeFlags(DICTIONARY, nulls, from, to, out);
      out.writeVarLong(n);
      for (int i = 0; i < n; i++) {
        out.writeBytes(encoded[i]);
      }
      out.writeIndexes(ids, rows, indexWidth);
    }
  }

  /**
   * Bytes per row index of a dictionary of {@code n} values: 1 up to 256, else 2. Computed without a branch:
   * a branch that compiled code has seen go one way only is compiled out, and the first batch to go the
   * other way (a small one, at the end of a stream) throws the whole encoder's compiled code away.
   */
  static int indexWidth(int n) {
    return 1 + ((256 - n) >>> 31);
  }

  /** The most distinct values a dictionary section over {@code nonNull} values may hold. */
  static int dictionaryLimit(int nonNull) {
    return Math.min(StringDictionary.MAX_SIZE, nonNull / 4 * 3 + nonNull % 4 * 3 / 4);
  }

  private static int varLongSize(long v) {
    return v == 0 ? 1 : (63 - Long.numberOfLeadingZeros(v)) / 7 + 1;
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
        columns[c] = emptyColumn(c, type, rows);
        continue;
      }
      int sectionEnd = in.position() + sectionLength;
      int flags = in.readByte() & 0xFF;
      boolean[] nulls = null;
      if ((flags & NULLS) != 0) {
        byte[] bitmap = in.readRaw((rows + 7) / 8);
        nulls = new boolean[rows];
        for (int r = 0; r < rows; r++) {
          nulls[r] = (bitmap[r >> 3] & (1 << (r & 7))) != 0;
        }
      }
      int encoding = flags & ~NULLS;
      TypeKind.Physical physical = type.physical();
      if (encoding != 0
          && !(encoding == FRAME_OF_REFERENCE && physical == TypeKind.Physical.LONG)
          && !(encoding == DICTIONARY && type.kind() == TypeKind.VARCHAR)) {
        throw new IllegalStateException("corrupt excerpt: column " + c + " of type " + type + " has section flags " + flags);
      }
      columns[c] =
          switch (physical) {
            case LONG -> {
              if (encoding == 0) {
                yield new LongColumn(type, in.readLongs(rows), nulls);
              }
              long min = in.readLong();
              int width = in.readByte();
              long[] values = in.readOffsets(rows, min, width);
              for (int r = 0; nulls != null && r < rows; r++) {
                if (nulls[r]) {
                  values[r] = 0;
                }
              }
              yield new LongColumn(type, values, nulls);
            }
            case DOUBLE -> new DoubleColumn(type, in.readDoubles(rows), nulls);
            case OBJECT -> {
              Object[] values = new Object[rows];
              if (encoding == DICTIONARY) {
                long n = in.readVarLong();
                if (n < 0 || n > MAX_DICTIONARY) {
                  throw new IllegalStateException("corrupt excerpt: column " + c + " has a dictionary of " + n + " values");
                }
                String[] dictionary = new String[(int) n];
                for (int i = 0; i < dictionary.length; i++) {
                  dictionary[i] = in.readString();
                }
                int[] ids = new int[rows];
                in.readIndexes(dictionary, values, ids, rows, nulls);
                yield new ObjectColumn(type, values, nulls, dictionary, ids);
              } else {
                for (int r = 0; r < rows; r++) {
                  if (nulls == null || !nulls[r]) {
                    values[r] = readObject(type, in);
                  }
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

  /**
   * The stand-in for column {@code c} when it is not read: empty values, never looked at (the batch marks
   * it unread). One is kept per column and shared between batches, as columns are immutable, so skipping a
   * column allocates nothing; readers on other threads may race to replace it, which is harmless.
   */
  private Column emptyColumn(int c, DataType type, int rows) {
    Column empty = emptyColumns[c];
    if (empty == null || empty.capacity() < rows) {
      empty =
          switch (type.physical()) {
            case LONG -> new LongColumn(type, new long[rows], null);
            case DOUBLE -> new DoubleColumn(type, new double[rows], null);
            case OBJECT -> new ObjectColumn(type, new Object[rows], null);
          };
      emptyColumns[c] = empty;
    }
    return empty;
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
