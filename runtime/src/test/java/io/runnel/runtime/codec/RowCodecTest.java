package io.runnel.runtime.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.batch.ObjectColumn;
import io.runnel.operators.batch.RowKind;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RowCodecTest {
  static final DataType ROW =
      DataType.row(List.of(new DataType.Field("s", DataType.of(TypeKind.VARCHAR)), new DataType.Field("n", DataType.row(List.of(new DataType.Field("x", DataType.of(TypeKind.BIGINT)))))));
  static final Schema SCHEMA =
      Schema.of(
          new DataType.Field("b", DataType.of(TypeKind.BOOLEAN)),
          new DataType.Field("i", DataType.of(TypeKind.INT)),
          new DataType.Field("l", DataType.of(TypeKind.BIGINT)),
          new DataType.Field("d", DataType.of(TypeKind.DOUBLE)),
          new DataType.Field("dec", DataType.decimal(38, 10)),
          new DataType.Field("s", DataType.of(TypeKind.VARCHAR)),
          new DataType.Field("ts", DataType.of(TypeKind.TIMESTAMP)),
          new DataType.Field("ltz", DataType.of(TypeKind.TIMESTAMP_LTZ)),
          new DataType.Field("day", DataType.of(TypeKind.DATE)),
          new DataType.Field("iv", DataType.of(TypeKind.INTERVAL)),
          new DataType.Field("r", ROW));

  @Test
  void everyTypeAndNullRoundTrips() {
    Random random = new Random(42);
    BatchBuilder builder = new BatchBuilder(SCHEMA, 16);
    builder.add(RowKind.INSERT, 1L, (long) Integer.MIN_VALUE, Long.MIN_VALUE, -0.0, new BigDecimal("-12345678901234567890.1234567890"), "", Long.MIN_VALUE, 0L, -719162L, 0L,
        new Object[] {"ünïcødé 🚀", new Object[] {Long.MAX_VALUE}});
    builder.add(RowKind.DELETE, 0L, (long) Integer.MAX_VALUE, Long.MAX_VALUE, Double.NaN, BigDecimal.ZERO.setScale(10), "a,\"b\"\n", Long.MAX_VALUE, 1L, 2932896L, -5L,
        new Object[] {null, null});
    builder.add(RowKind.UPDATE_BEFORE, null, null, null, null, null, null, null, null, null, null, null);
    addRandomRows(builder, random, 500);
    Batch batch = builder.build();
    RowCodec codec = new RowCodec(SCHEMA);
    BinaryWriter writer = new BinaryWriter();
    codec.encode(batch, 0, batch.size(), writer);
    assertEquals(batch.size(), RowCodec.rowCount(writer.array(), 0, writer.size()));
    Batch back = codec.decode(writer.array(), 0, writer.size());
    assertEquals(batch.size(), back.size());
    for (int r = 0; r < batch.size(); r++) {
      assertEquals(batch.kind(r), back.kind(r), "kind of row " + r);
      assertArrayEquals(batch.row(r), back.row(r), "row " + r);
    }
  }

  @Test
  void columnsLeftUnreadAreSkippedAndTheOthersStillRoundTrip() {
    columnsLeftUnreadAreSkipped(randomBatch(new Random(7), 300));
  }

  @Test
  void compactSectionsLeftUnreadAreSkippedAndTheOthersStillRoundTrip() {
    Batch batch = repetitiveBatch(new Random(8), 300);
    byte[] bytes = encode(SCHEMA, batch);
    assertEquals(DICTIONARY | NULLS, sectionFlags(bytes, 5), "s");
    assertEquals(FOR, sectionFlags(bytes, 1) & ~NULLS, "i");
    assertEquals(FOR, sectionFlags(bytes, 6), "ts");
    assertEquals(0, sectionFlags(bytes, 7), "ltz");
    columnsLeftUnreadAreSkipped(batch);
  }

  private static void columnsLeftUnreadAreSkipped(Batch batch) {
    BinaryWriter writer = new BinaryWriter();
    RowCodec codec = new RowCodec(SCHEMA);
    codec.encode(batch, 0, batch.size(), writer);
    Random pick = new Random(11);
    for (int round = 0; round < 20; round++) {
      boolean[] read = new boolean[SCHEMA.size()];
      for (int c = 0; c < read.length; c++) {
        read[c] = pick.nextBoolean();
      }
      Batch back = codec.decode(writer.array(), 0, writer.size(), read);
      assertEquals(batch.size(), back.size());
      for (int r = 0; r < batch.size(); r++) {
        assertEquals(batch.kind(r), back.kind(r));
        for (int c = 0; c < read.length; c++) {
          if (read[c]) {
            assertEquals(java.util.Arrays.deepToString(new Object[] {batch.row(r)[c]}), java.util.Arrays.deepToString(new Object[] {back.row(r)[c]}), "row " + r + " column " + c);
          }
        }
        String shown = back.format(r);
        assertEquals(read.length - countTrue(read), shown.split(java.util.regex.Pattern.quote(Batch.NOT_READ), -1).length - 1, shown);
      }
    }
  }

  @Test
  void compactSectionsRoundTripWithEveryType() {
    Batch batch = repetitiveBatch(new Random(5), 2000);
    assertRoundTrips(SCHEMA, batch);
    assertRoundTrips(SCHEMA, batch, 17, 1501);
  }

  private static int countTrue(boolean[] flags) {
    int n = 0;
    for (boolean f : flags) {
      n += f ? 1 : 0;
    }
    return n;
  }

  static Batch randomBatch(Random random, int rows) {
    BatchBuilder builder = new BatchBuilder(SCHEMA, rows);
    addRandomRows(builder, random, rows);
    return builder.build();
  }

  /** Rows of every type like {@link #addRandomRows}, but with strings from a few and integers in small ranges. */
  static Batch repetitiveBatch(Random random, int rows) {
    String[] pool = {"", "ünïcødé 🚀", "Google", "Facebook", "a,\"b\"\n", "https://www.nexmark.com/item.htm?query=1"};
    BatchBuilder builder = new BatchBuilder(SCHEMA, rows);
    for (int i = 0; i < rows; i++) {
      Object[] row = new Object[SCHEMA.size()];
      row[0] = random.nextBoolean() ? null : (long) random.nextInt(2);
      row[1] = random.nextInt(6) == 0 ? null : (long) random.nextInt(70_000) - 35_000;
      row[2] = 1_000_000_000_000L + random.nextInt(200);
      row[3] = random.nextInt(4) == 0 ? null : random.nextDouble();
      row[4] = random.nextInt(4) == 0 ? null : new BigDecimal(random.nextInt(100)).setScale(10);
      row[5] = random.nextInt(5) == 0 ? null : pool[random.nextInt(pool.length)];
      row[6] = 1_436_918_400_000L + i * 10L;
      row[7] = random.nextLong();
      row[8] = random.nextInt(7) == 0 ? null : (long) random.nextInt(100_000);
      row[9] = -1L - random.nextInt(3);
      row[10] = random.nextInt(3) == 0 ? null : new Object[] {pool[random.nextInt(pool.length)], new Object[] {(long) i}};
      builder.add(RowKind.values()[random.nextInt(4)], row);
    }
    return builder.build();
  }

  /** Rows of every type, nulls in some columns, random kinds. */
  private static void addRandomRows(BatchBuilder builder, Random random, int rows) {
    for (int i = 0; i < rows; i++) {
      Object[] row = new Object[SCHEMA.size()];
      row[0] = random.nextBoolean() ? null : (long) random.nextInt(2);
      row[1] = (long) random.nextInt();
      row[2] = random.nextLong();
      row[3] = random.nextInt(4) == 0 ? null : random.nextDouble() * 1e9 - 5e8;
      row[4] = random.nextInt(4) == 0 ? null : new BigDecimal(new BigInteger(100, random), 10);
      row[5] = random.nextInt(5) == 0 ? null : Long.toString(random.nextLong(), 36);
      row[6] = random.nextLong();
      row[7] = random.nextLong();
      row[8] = (long) random.nextInt(100_000);
      row[9] = random.nextLong();
      row[10] = random.nextInt(3) == 0 ? null : new Object[] {"x" + i, new Object[] {(long) i}};
      builder.add(RowKind.values()[random.nextInt(4)], row);
    }
  }

  /** A column left unread costs no allocation: every batch shares one stand-in for it. */
  @Test
  void anUnreadColumnIsOneSharedStandInNotAnAllocationPerBatch() {
    Batch batch = randomBatch(new Random(13), 100);
    BinaryWriter writer = new BinaryWriter();
    RowCodec codec = new RowCodec(SCHEMA);
    codec.encode(batch, 0, batch.size(), writer);
    boolean[] read = new boolean[SCHEMA.size()];
    read[2] = true;
    Batch first = codec.decode(writer.array(), 0, writer.size(), read);
    Batch second = codec.decode(writer.array(), 0, writer.size(), read);
    org.junit.jupiter.api.Assertions.assertSame(first.column(5), second.column(5));
    org.junit.jupiter.api.Assertions.assertNotSame(first.column(2), second.column(2));
    for (int r = 0; r < batch.size(); r++) {
      assertEquals(batch.row(r)[2], second.row(r)[2]);
    }
  }

  /** An excerpt in format version 1 (row by row), as logs written before the columnar format hold them. */
  @Test
  void anExcerptOfTheRowFormatIsStillRead() throws Exception {
    assertFixtureDecodes("/codec/v1-excerpt.bin", 1, randomBatch(new Random(2024), 64), 2, 5);
  }

  /** An excerpt in format version 2 as first written (every section plain), from {@link V2FixtureWriter}. */
  @Test
  void anExcerptOfThePlainColumnFormatIsStillRead() throws Exception {
    assertFixtureDecodes("/codec/v2-excerpt.bin", 2, randomBatch(new Random(V2FixtureWriter.SEED), V2FixtureWriter.ROWS), 2, 5, 8);
  }

  /** The fixture decodes to {@code expected}, whole and with only {@code readColumns} read. */
  private static void assertFixtureDecodes(String resource, int version, Batch expected, int... readColumns) throws Exception {
    byte[] bytes;
    try (var in = RowCodecTest.class.getResourceAsStream(resource)) {
      bytes = in.readAllBytes();
    }
    assertEquals(version, bytes[0], "the fixture is in format version " + version);
    RowCodec codec = new RowCodec(SCHEMA);
    assertEquals(expected.size(), RowCodec.rowCount(bytes, 0, bytes.length));
    Batch back = codec.decode(bytes, 0, bytes.length);
    assertEquals(expected.size(), back.size());
    for (int r = 0; r < expected.size(); r++) {
      assertEquals(expected.kind(r), back.kind(r));
      assertEquals(java.util.Arrays.deepToString(expected.row(r)), java.util.Arrays.deepToString(back.row(r)), "row " + r);
    }
    boolean[] read = new boolean[SCHEMA.size()];
    for (int c : readColumns) {
      read[c] = true;
    }
    Batch some = codec.decode(bytes, 0, bytes.length, read);
    for (int r = 0; r < expected.size(); r++) {
      for (int c : readColumns) {
        assertEquals(expected.row(r)[c], some.row(r)[c], "row " + r + " column " + c);
      }
      assertEquals(SCHEMA.size() - readColumns.length, some.format(r).split(java.util.regex.Pattern.quote(Batch.NOT_READ), -1).length - 1);
    }
  }

  @Test
  void aTruncatedExcerptIsReportedAsCorruptNeverDecodedShort() {
    aTruncatedExcerptIsReportedAsCorrupt(randomBatch(new Random(3), 40));
  }

  @Test
  void aTruncatedExcerptWithCompactSectionsIsReportedAsCorruptNeverDecodedShort() {
    Batch batch = repetitiveBatch(new Random(4), 600);
    byte[] bytes = encode(SCHEMA, batch);
    assertEquals(DICTIONARY | NULLS, sectionFlags(bytes, 5));
    assertEquals(FOR, sectionFlags(bytes, 8) & ~NULLS);
    aTruncatedExcerptIsReportedAsCorrupt(batch);
  }

  private static void aTruncatedExcerptIsReportedAsCorrupt(Batch batch) {
    BinaryWriter writer = new BinaryWriter();
    RowCodec codec = new RowCodec(SCHEMA);
    codec.encode(batch, 0, batch.size(), writer);
    assertEquals(2, writer.array()[0], "written in the columnar format");
    for (int cut = 1; cut < writer.size(); cut++) {
      int length = cut;
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> codec.decode(writer.array(), 0, length), "cut at " + cut);
      assertTrue(e.getMessage().startsWith("corrupt excerpt"), e.getMessage());
    }
  }

  @Test
  void aRangeOfRowsIsEncodedAlone() {
    Schema schema = Schema.of(new DataType.Field("x", DataType.of(TypeKind.BIGINT)));
    BatchBuilder builder = new BatchBuilder(schema, 4);
    for (long i = 0; i < 10; i++) {
      builder.add(i);
    }
    BinaryWriter writer = new BinaryWriter();
    new RowCodec(schema).encode(builder.build(), 3, 6, writer);
    Batch back = new RowCodec(schema).decode(writer.array(), 0, writer.size());
    assertEquals(List.of(3L, 4L, 5L), back.rows().stream().map(r -> r[0]).toList());
  }

  // ---- compact sections: dictionaries and frames of reference ----

  static final int NULLS = 1;
  static final int DICTIONARY = 2;
  static final int FOR = 4;

  static byte[] encode(Schema schema, Batch batch) {
    BinaryWriter writer = new BinaryWriter();
    new RowCodec(schema).encode(batch, 0, batch.size(), writer);
    return Arrays.copyOf(writer.array(), writer.size());
  }

  /** Where column {@code column}'s section length is, in a columnar excerpt. */
  static int sectionAt(byte[] bytes, int column) {
    int at = 1;
    while ((bytes[at++] & 0x80) != 0) {}
    long rows = RowCodec.rowCount(bytes, 0, bytes.length);
    at += bytes[at] == 0 ? 1 : 1 + (int) rows;
    for (int c = 0; c < column; c++) {
      at += 4 + sectionLength(bytes, at);
    }
    return at;
  }

  static int sectionLength(byte[] bytes, int at) {
    return ByteBuffer.wrap(bytes, at, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
  }

  static int sectionFlags(byte[] bytes, int column) {
    return bytes[sectionAt(bytes, column) + 4];
  }

  /** The offset width of a frame-of-reference section without nulls. */
  static int forWidth(byte[] bytes, int column) {
    int at = sectionAt(bytes, column);
    assertEquals(FOR, bytes[at + 4]);
    return bytes[at + 4 + 1 + 8];
  }

  static Batch assertRoundTrips(Schema schema, Batch batch) {
    return assertRoundTrips(schema, batch, 0, batch.size());
  }

  /** Rows {@code [from, to)} decode to what they were, whole and one column at a time, and every prefix is corrupt. */
  static Batch assertRoundTrips(Schema schema, Batch batch, int from, int to) {
    BinaryWriter writer = new BinaryWriter();
    RowCodec codec = new RowCodec(schema);
    codec.encode(batch, from, to, writer);
    byte[] bytes = Arrays.copyOf(writer.array(), writer.size());
    Batch back = codec.decode(bytes, 0, bytes.length);
    assertEquals(to - from, back.size());
    for (int r = from; r < to; r++) {
      assertEquals(batch.kind(r), back.kind(r - from));
      assertEquals(Arrays.deepToString(batch.row(r)), Arrays.deepToString(back.row(r - from)), "row " + r);
    }
    for (int c = 0; c < schema.size(); c++) {
      boolean[] read = new boolean[schema.size()];
      read[c] = true;
      Batch one = codec.decode(bytes, 0, bytes.length, read);
      boolean[] allBut = new boolean[schema.size()];
      Arrays.fill(allBut, true);
      allBut[c] = false;
      Batch others = codec.decode(bytes, 0, bytes.length, allBut);
      for (int r = from; r < to; r++) {
        assertEquals(Arrays.deepToString(new Object[] {batch.row(r)[c]}), Arrays.deepToString(new Object[] {one.row(r - from)[c]}), "row " + r + " column " + c);
        for (int o = 0; o < schema.size(); o++) {
          if (o != c) {
            assertEquals(Arrays.deepToString(new Object[] {batch.row(r)[o]}), Arrays.deepToString(new Object[] {others.row(r - from)[o]}), "row " + r + " column " + o);
          }
        }
      }
    }
    if (bytes.length < 20_000) {
      for (int cut = 1; cut < bytes.length; cut++) {
        int length = cut;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> codec.decode(bytes, 0, length), "cut at " + cut);
        assertTrue(e.getMessage().startsWith("corrupt excerpt"), e.getMessage());
      }
    }
    return back;
  }

  static final Schema STRINGS = Schema.of(new DataType.Field("n", DataType.of(TypeKind.BIGINT)), new DataType.Field("s", DataType.of(TypeKind.VARCHAR)), new DataType.Field("after", DataType.of(TypeKind.BIGINT)));

  /** Rows of {@link #STRINGS}: {@code values[r]} (null where null), the row number around it. */
  static Batch strings(String... values) {
    BatchBuilder builder = new BatchBuilder(STRINGS, values.length);
    for (int r = 0; r < values.length; r++) {
      builder.add((long) r, values[r], (long) -r);
    }
    return builder.build();
  }

  /** {@code rows} strings holding exactly {@code distinct} distinct ones: the first value repeated first, then each of the others once. */
  static String[] distinctValues(int rows, int distinct) {
    String[] values = new String[rows];
    int repeats = rows - distinct + 1;
    for (int r = 0; r < rows; r++) {
      values[r] = String.format("value-%05d", r < repeats ? 0 : r - repeats + 1);
    }
    return values;
  }

  @Test
  void aFewDistinctStringsAreWrittenOnceAndSharedWhenRead() {
    String[] pool = {"", "ünïcødé 🚀", "Google", "日本語のテキスト", "a,\"b\"\n"};
    Random random = new Random(1);
    String[] values = new String[1000];
    for (int r = 0; r < values.length; r++) {
      // new instances, as a parser would make them: the dictionary is by value
      values[r] = random.nextInt(6) == 0 ? null : new String(pool[random.nextInt(pool.length)]);
    }
    Batch batch = strings(values);
    byte[] bytes = encode(STRINGS, batch);
    assertEquals(DICTIONARY | NULLS, sectionFlags(bytes, 1));
    int at = sectionAt(bytes, 1);
    assertTrue(sectionLength(bytes, at) < 1 + 125 + 1 + 60 + values.length, "length " + sectionLength(bytes, at));
    Batch back = assertRoundTrips(STRINGS, batch);
    java.util.Map<Object, Object> seen = new java.util.HashMap<>();
    for (int r = 0; r < values.length; r++) {
      Object v = back.column(1).getObject(r);
      if (v != null) {
        assertTrue(seen.computeIfAbsent(v, k -> k) == v, "one instance per distinct value, row " + r);
      }
    }
    assertEquals(pool.length, seen.size());
  }

  @Test
  void distinctStringsAreWrittenPlain() {
    String[] values = new String[500];
    for (int r = 0; r < values.length; r++) {
      values[r] = r % 7 == 0 ? null : "row " + r + " ü";
    }
    Batch batch = strings(values);
    assertEquals(NULLS, sectionFlags(encode(STRINGS, batch), 1));
    assertRoundTrips(STRINGS, batch);
  }

  @Test
  void theDictionaryHoldsAtMostThreeQuartersOfTheNonNullRows() {
    assertEquals(768, RowCodec.dictionaryLimit(1024));
    assertEquals(0, RowCodec.dictionaryLimit(1));
    assertEquals(1, RowCodec.dictionaryLimit(2));
    assertEquals(4096, RowCodec.dictionaryLimit(100_000));
    assertEquals(DICTIONARY, sectionFlags(encode(STRINGS, strings(distinctValues(1024, 768))), 1));
    assertEquals(0, sectionFlags(encode(STRINGS, strings(distinctValues(1024, 769))), 1));
    assertRoundTrips(STRINGS, strings(distinctValues(1024, 768)));
    assertRoundTrips(STRINGS, strings(distinctValues(1024, 769)));
    // null rows do not count
    String[] values = distinctValues(1024, 768);
    String[] withNulls = new String[values.length + 300];
    for (int r = 0, v = 0; r < withNulls.length; r++) {
      withNulls[r] = r % 4 == 1 && r / 4 < 300 ? null : values[v++];
    }
    assertEquals(DICTIONARY | NULLS, sectionFlags(encode(STRINGS, strings(withNulls)), 1));
    assertRoundTrips(STRINGS, strings(withNulls));
    withNulls[0] = "one more"; // in place of a repeat
    assertEquals(NULLS, sectionFlags(encode(STRINGS, strings(withNulls)), 1));
    assertRoundTrips(STRINGS, strings(withNulls));
  }

  @Test
  void anEmptyStringDecodesToTheEmptyString() {
    Batch back = assertRoundTrips(STRINGS, strings("", "x", "", null));
    assertSame("", back.column(1).getObject(0), "the one empty string, whose hash code is known");
    assertSame("", back.column(1).getObject(2));
  }

  @Test
  void aDictionarySectionDecodesToAColumnThatKeepsItsDictionary() {
    String[] values = {"a", null, "b", "a", "b", "a", null, "a"};
    byte[] bytes = encode(STRINGS, strings(values));
    Batch decoded = new RowCodec(STRINGS).decode(bytes, 0, bytes.length);
    ObjectColumn column = (ObjectColumn) decoded.column(1);
    assertEquals(2, column.dictionary().length);
    for (int r = 0; r < values.length; r++) {
      assertEquals(values[r] == null ? -1 : Arrays.asList(column.dictionary()).indexOf(values[r]), column.ids()[r], "row " + r);
      if (values[r] != null) {
        assertSame(column.dictionary()[column.ids()[r]], column.getObject(r), "row " + r);
      }
    }
  }

  @Test
  void dictionaryIndexesAreOneByteUpTo256ValuesThenTwo() {
    int entry = 1 + "value-00000".length();
    byte[] bytes = encode(STRINGS, strings(distinctValues(1024, 256)));
    assertEquals(DICTIONARY, sectionFlags(bytes, 1));
    assertEquals(1 + 2 + 256 * entry + 1024, sectionLength(bytes, sectionAt(bytes, 1)));
    bytes = encode(STRINGS, strings(distinctValues(1024, 257)));
    assertEquals(DICTIONARY, sectionFlags(bytes, 1));
    assertEquals(1 + 2 + 257 * entry + 2 * 1024, sectionLength(bytes, sectionAt(bytes, 1)));
    assertRoundTrips(STRINGS, strings(distinctValues(1024, 256)));
    assertRoundTrips(STRINGS, strings(distinctValues(1024, 257)));
  }

  @Test
  void aDictionaryHoldsAtMost4096Values() {
    assertEquals(DICTIONARY, sectionFlags(encode(STRINGS, strings(distinctValues(8192, 4096))), 1));
    assertEquals(0, sectionFlags(encode(STRINGS, strings(distinctValues(8192, 4097))), 1));
    assertRoundTrips(STRINGS, strings(distinctValues(8192, 4096)));
    assertRoundTrips(STRINGS, strings(distinctValues(8192, 4097)));
  }

  @Test
  void aDictionaryIsNotUsedWhenItWouldTakeMoreBytes() {
    String[] values = new String[400];
    for (int r = 0; r < values.length; r++) {
      values[r] = r % 3 == 0 ? "" : "x"; // 1 or 2 bytes a row plain, 1 byte a row as indexes: a dictionary
    }
    assertEquals(DICTIONARY, sectionFlags(encode(STRINGS, strings(values)), 1));
    assertRoundTrips(STRINGS, strings(values));
    String[] pairs = distinctValues(1024, 700); // 324 entries saved, 2 bytes a row of indexes: more than plain
    for (int r = 0; r < pairs.length; r++) {
      pairs[r] = pairs[r].substring(pairs[r].length() - 3);
    }
    assertEquals(0, sectionFlags(encode(STRINGS, strings(pairs)), 1));
    assertRoundTrips(STRINGS, strings(pairs));
    String[] empty = new String[100];
    Arrays.fill(empty, "");
    assertEquals(0, sectionFlags(encode(STRINGS, strings(empty)), 1));
    assertRoundTrips(STRINGS, strings(empty));
    String[] nulls = new String[100];
    assertEquals(NULLS, sectionFlags(encode(STRINGS, strings(nulls)), 1));
    assertRoundTrips(STRINGS, strings(nulls));
  }

  @Test
  void mostlyDistinctFirstValuesStopTheDictionaryEarly() {
    String[] values = new String[1024];
    for (int r = 0; r < values.length; r++) {
      values[r] = "value-" + (r < 64 ? r : 0); // 64 distinct first, then one repeated: plain, by choice
    }
    assertEquals(0, sectionFlags(encode(STRINGS, strings(values)), 1));
    for (int r = 0; r < 64; r++) {
      values[r] = "value-" + (r < 48 ? r : 0); // 48 of the first 64 distinct: a dictionary
    }
    assertEquals(DICTIONARY, sectionFlags(encode(STRINGS, strings(values)), 1));
    assertRoundTrips(STRINGS, strings(values));
  }

  @Test
  void aWriterReusedForAnotherBatchStartsAFreshDictionary() {
    BinaryWriter writer = new BinaryWriter();
    RowCodec codec = new RowCodec(STRINGS);
    codec.encode(strings(distinctValues(1024, 700)), 0, 1024, writer);
    String[] values = new String[300];
    for (int r = 0; r < values.length; r++) {
      values[r] = r % 2 == 0 ? "even" : "odd";
    }
    writer.reset();
    codec.encode(strings(values), 0, values.length, writer);
    Batch back = codec.decode(writer.array(), 0, writer.size());
    for (int r = 0; r < values.length; r++) {
      assertEquals(values[r], back.column(1).getObject(r));
    }
    assertEquals(1 + 1 + (1 + 4) + (1 + 3) + 300, sectionLength(writer.array(), sectionAt(Arrays.copyOf(writer.array(), writer.size()), 1)));
  }

  static final Schema LONGS = Schema.of(new DataType.Field("x", DataType.of(TypeKind.BIGINT)), new DataType.Field("s", DataType.of(TypeKind.VARCHAR)), new DataType.Field("b", DataType.of(TypeKind.BOOLEAN)));

  static Batch longs(long... values) {
    BatchBuilder builder = new BatchBuilder(LONGS, values.length);
    for (int r = 0; r < values.length; r++) {
      builder.add(values[r], "r" + r, (long) (r & 1));
    }
    return builder.build();
  }

  @Test
  void equalLongsTakeOneByteARow() {
    long[] values = new long[100];
    Arrays.fill(values, 1_436_918_400_000L);
    byte[] bytes = encode(LONGS, longs(values));
    assertEquals(1, forWidth(bytes, 0));
    assertEquals(1 + 8 + 1 + 100, sectionLength(bytes, sectionAt(bytes, 0)));
    assertEquals(1, forWidth(bytes, 2), "booleans");
    assertRoundTrips(LONGS, longs(values));
  }

  @Test
  void theOffsetWidthIsTheLeastThatHoldsTheSpan() {
    long[][] spans = {{255, 1}, {256, 2}, {65_535, 2}, {65_536, 4}, {0xFFFF_FFFFL, 4}, {1L << 32, 8}};
    long[] bases = {0, -1_000, Long.MIN_VALUE, 1_436_918_400_000L};
    for (long[] span : spans) {
      for (long base : bases) {
        for (long min : new long[] {base, Long.MAX_VALUE - span[0]}) {
          long[] values = {min + span[0] / 2, min, min + span[0], min + 1, min + span[0] - 1};
          byte[] bytes = encode(LONGS, longs(values));
          if (span[1] == 8) {
            assertEquals(0, sectionFlags(bytes, 0), "span " + span[0] + " from " + min);
          } else {
            assertEquals(span[1], forWidth(bytes, 0), "span " + span[0] + " from " + min);
            assertEquals(1 + 8 + 1 + span[1] * values.length, sectionLength(bytes, sectionAt(bytes, 0)));
          }
          assertRoundTrips(LONGS, longs(values));
        }
      }
    }
  }

  @Test
  void spansBeyondFourBytesAndTheExtremesAreWrittenPlain() {
    long[][] cases = {
      {Long.MIN_VALUE, Long.MAX_VALUE},
      {Long.MAX_VALUE, Long.MIN_VALUE, 0},
      {-1, Long.MAX_VALUE},
      {Long.MIN_VALUE, 0},
      {Long.MIN_VALUE, -1, 1},
      {Integer.MIN_VALUE, Integer.MAX_VALUE + 1L},
    };
    for (long[] values : cases) {
      assertEquals(0, sectionFlags(encode(LONGS, longs(values)), 0), Arrays.toString(values));
      assertRoundTrips(LONGS, longs(values));
    }
    long[] ints = {Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1};
    assertEquals(4, forWidth(encode(LONGS, longs(ints)), 0));
    assertRoundTrips(LONGS, longs(ints));
    long[] top = {Long.MAX_VALUE, Long.MAX_VALUE - 255};
    assertEquals(1, forWidth(encode(LONGS, longs(top)), 0));
    assertRoundTrips(LONGS, longs(top));
    long[] bottom = {Long.MIN_VALUE, Long.MIN_VALUE + 65_535, Long.MIN_VALUE + 3};
    assertEquals(2, forWidth(encode(LONGS, longs(bottom)), 0));
    assertRoundTrips(LONGS, longs(bottom));
  }

  @Test
  void negativeLongsAreOffsetsFromTheLeast() {
    long[] values = {-5, -1, -3, -200, -100};
    byte[] bytes = encode(LONGS, longs(values));
    assertEquals(1, forWidth(bytes, 0));
    int at = sectionAt(bytes, 0) + 4 + 1;
    assertEquals(-200L, ByteBuffer.wrap(bytes, at, 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
    assertEquals(195, bytes[at + 8 + 1] & 0xFF);
    assertRoundTrips(LONGS, longs(values));
  }

  @Test
  void nullRowsDoNotWidenTheFrameAndReadBackAsNull() {
    DataType bigint = DataType.of(TypeKind.BIGINT);
    Schema schema = Schema.of(new DataType.Field("x", bigint), new DataType.Field("y", bigint));
    long[] x = {10, Long.MAX_VALUE, 12, Long.MIN_VALUE, 11};
    boolean[] xNulls = {false, true, false, true, false};
    long[] y = {7, 8, 9, 10, 11};
    boolean[] yNulls = {true, true, true, true, true};
    Batch batch = new Batch(schema, new io.runnel.operators.batch.Column[] {new io.runnel.operators.batch.LongColumn(bigint, x, xNulls), new io.runnel.operators.batch.LongColumn(bigint, y, yNulls)}, null, 5);
    byte[] bytes = encode(schema, batch);
    assertEquals(FOR | NULLS, sectionFlags(bytes, 0));
    assertEquals(1, bytes[sectionAt(bytes, 0) + 4 + 1 + 1 + 8], "width");
    assertEquals(FOR | NULLS, sectionFlags(bytes, 1));
    Batch back = assertRoundTrips(schema, batch);
    assertEquals(Arrays.asList(10L, null, 12L, null, 11L), Arrays.asList(back.column(0).getObject(0), back.column(0).getObject(1), back.column(0).getObject(2), back.column(0).getObject(3), back.column(0).getObject(4)));
    assertEquals(0L, back.column(0).getLong(1), "a null row's slot is 0");
    assertEquals(0L, back.column(1).getLong(4));
  }

  @Test
  void unknownSectionFlagsAndBadIndexesAreCorrupt() {
    String[] values = {"a-long-value", "a-long-value", "another", "another", "a-long-value"};
    byte[] bytes = encode(STRINGS, strings(values));
    RowCodec codec = new RowCodec(STRINGS);
    assertEquals(DICTIONARY, sectionFlags(bytes, 1));
    assertEquals(FOR, sectionFlags(bytes, 0));
    for (int[] change : new int[][] {{0, 8}, {0, DICTIONARY}, {1, FOR}, {1, DICTIONARY | FOR}, {2, 0x80}}) {
      byte[] bad = bytes.clone();
      bad[sectionAt(bad, change[0]) + 4] = (byte) change[1];
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> codec.decode(bad, 0, bad.length), Arrays.toString(change));
      assertTrue(e.getMessage().startsWith("corrupt excerpt"), e.getMessage());
    }
    byte[] badIndex = bytes.clone();
    badIndex[sectionAt(badIndex, 2) - 1] = 2; // the last row's index, into a dictionary of 2
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> codec.decode(badIndex, 0, badIndex.length));
    assertTrue(e.getMessage().startsWith("corrupt excerpt: dictionary index"), e.getMessage());
    byte[] badWidth = bytes.clone();
    badWidth[sectionAt(badWidth, 0) + 4 + 1 + 8] = 3;
    e = assertThrows(IllegalStateException.class, () -> codec.decode(badWidth, 0, badWidth.length));
    assertTrue(e.getMessage().startsWith("corrupt excerpt"), e.getMessage());
  }

  /**
   * One writer, as a log's is, encodes dictionary sections of one-byte and two-byte indexes in turn, with
   * null rows among them: each section is as long as its indexes say, and each decodes to its rows (an index
   * written past the last one, or read from the wrong width, fails this).
   */
  @Test
  void dictionaryIndexesOfBothWidthsAndNullsRoundTripThroughOneWriter() {
    assertEquals(1, RowCodec.indexWidth(1));
    assertEquals(1, RowCodec.indexWidth(256));
    assertEquals(2, RowCodec.indexWidth(257));
    assertEquals(2, RowCodec.indexWidth(StringDictionary.MAX_SIZE));
    RowCodec codec = new RowCodec(STRINGS);
    BinaryWriter writer = new BinaryWriter();
    int entry = 1 + "value-00000".length();
    for (int distinct : new int[] {300, 3, 400, 250, 2, 700, 1}) {
      String[] values = distinctValues(1024, distinct);
      for (int r = 5; r < values.length; r += 7) {
        values[r] = null;
      }
      long nonNull = Arrays.stream(values).filter(v -> v != null).count();
      int entries = (int) Arrays.stream(values).filter(v -> v != null).distinct().count();
      Batch batch = strings(values);
      writer.reset();
      codec.encode(batch, 0, batch.size(), writer);
      byte[] bytes = Arrays.copyOf(writer.array(), writer.size());
      assertEquals(DICTIONARY | NULLS, sectionFlags(bytes, 1), distinct + " distinct");
      int width = entries > 256 ? 2 : 1;
      int count = entries < 128 ? 1 : 2;
      assertEquals(1 + 1024 / 8 + count + entries * entry + width * nonNull, sectionLength(bytes, sectionAt(bytes, 1)), distinct + " distinct");
      Batch back = codec.decode(bytes, 0, bytes.length);
      for (int r = 0; r < values.length; r++) {
        assertEquals(values[r], back.column(1).getObject(r), distinct + " distinct, row " + r);
        assertEquals((long) -r, back.column(2).getLong(r), distinct + " distinct, row " + r);
      }
    }
  }

  /** {@code values} as rows of {@link #STRINGS} whose string column says which entry of {@code entries} each holds. */
  static Batch coded(Object[] entries, int... ids) {
    Batch plain = strings(Arrays.stream(ids).mapToObj(id -> id < 0 ? null : (String) entries[id]).toArray(String[]::new));
    ObjectColumn column = (ObjectColumn) plain.column(1);
    boolean[] nulls = new boolean[ids.length];
    for (int r = 0; r < ids.length; r++) {
      nulls[r] = ids[r] < 0;
    }
    ObjectColumn withIds = new ObjectColumn(column.type(), column.values(), nulls, entries, ids);
    return plain.withColumns(STRINGS, new io.runnel.operators.batch.Column[] {plain.column(0), withIds, plain.column(2)});
  }

  /**
   * A column that says which entry each row holds is encoded from those ids, not by hashing its strings:
   * over distinct entries the bytes are those of the same strings without ids, whatever the rows, nulls and
   * range (dictionary or plain); an entry repeated under two ids shows the ids were used, as two entries.
   */
  @Test
  void aColumnCodedByIdsEncodesAsItsStringsDo() {
    Random random = new Random(3);
    BinaryWriter a = new BinaryWriter(); // one writer for every round, as a log's is
    for (int round = 0; round < 300; round++) {
      int entryCount = 1 + random.nextInt(round % 3 == 0 ? 2000 : 40);
      Object[] entries = new Object[entryCount];
      for (int i = 0; i < entryCount; i++) {
        entries[i] = "entry-" + i + "-" + random.nextInt(1000);
      }
      int[] ids = new int[1 + random.nextInt(600)];
      for (int r = 0; r < ids.length; r++) {
        ids[r] = random.nextInt(10) == 0 ? -1 : random.nextInt(entryCount);
      }
      Batch coded = coded(entries, ids);
      Batch plain = strings(Arrays.stream(ids).mapToObj(id -> id < 0 ? null : (String) entries[id]).toArray(String[]::new));
      int from = random.nextInt(ids.length);
      int to = from + random.nextInt(ids.length - from + 1);
      a.reset();
      BinaryWriter b = new BinaryWriter();
      new RowCodec(STRINGS).encode(coded, from, to, a);
      new RowCodec(STRINGS).encode(plain, from, to, b);
      assertArrayEquals(Arrays.copyOf(b.array(), b.size()), Arrays.copyOf(a.array(), a.size()), "round " + round);
    }
    Object[] twice = {"x", "y", "x"};
    Batch coded = coded(twice, 0, 1, 2, 0, 1, 2, 2, 1, 0, -1, 0);
    assertEquals(DICTIONARY | NULLS, sectionFlags(encode(STRINGS, coded), 1));
    Batch back = assertRoundTrips(STRINGS, coded);
    assertEquals(3, ((ObjectColumn) back.column(1)).dictionary().length, "x under two ids is two entries");
  }

  @Test
  void aBatchOfNexmarkBidsTakesFewerBytes() {
    io.runnel.runtime.nexmark.NexmarkGenerator generator = new io.runnel.runtime.nexmark.NexmarkGenerator(10_000);
    BatchBuilder builder = new BatchBuilder(io.runnel.runtime.nexmark.NexmarkStreams.BID, 1024);
    for (long i = 0; builder.size() < 1024; i++) {
      io.runnel.runtime.nexmark.NexmarkStreams.addRow(builder, generator.event(io.runnel.runtime.nexmark.NexmarkGenerator.eventNumber(io.runnel.runtime.nexmark.NexmarkGenerator.Kind.BID, i)));
    }
    Batch bids = builder.build();
    Schema schema = io.runnel.runtime.nexmark.NexmarkStreams.BID;
    int plain = 1 + 2 + 1; // version, 1024 as a varint, all inserts
    for (int c = 0; c < schema.size(); c++) {
      plain += 4 + 1;
      for (int r = 0; r < bids.size(); r++) {
        Object v = bids.column(c).getObject(r);
        if (v instanceof String s) {
          int n = s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
          plain += (n < 128 ? 1 : 2) + n;
        } else {
          plain += 8;
        }
      }
    }
    byte[] bytes = encode(schema, bids);
    System.out.println("1024 Nexmark bids: " + bytes.length + " bytes, " + plain + " with plain sections");
    assertTrue(bytes.length < plain * 3 / 4, bytes.length + " bytes, " + plain + " plain");
    assertEquals(DICTIONARY, sectionFlags(bytes, 3), "channel");
    assertEquals(DICTIONARY, sectionFlags(bytes, 4), "url");
    assertEquals(0, sectionFlags(bytes, 6), "extra: random");
    assertRoundTrips(schema, bids);
  }
}
