package io.runnel.runtime.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.batch.RowKind;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import java.math.BigDecimal;
import java.math.BigInteger;
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
    Batch batch = randomBatch(new Random(7), 300);
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

  /** An excerpt in format version 1 (row by row), as logs written before the columnar format hold them. */
  @Test
  void anExcerptOfTheRowFormatIsStillRead() throws Exception {
    byte[] v1;
    try (var in = RowCodecTest.class.getResourceAsStream("/codec/v1-excerpt.bin")) {
      v1 = in.readAllBytes();
    }
    assertEquals(1, v1[0], "the fixture is in format version 1");
    Batch expected = randomBatch(new Random(2024), 64);
    RowCodec codec = new RowCodec(SCHEMA);
    assertEquals(64, RowCodec.rowCount(v1, 0, v1.length));
    Batch back = codec.decode(v1, 0, v1.length);
    for (int r = 0; r < expected.size(); r++) {
      assertEquals(expected.kind(r), back.kind(r));
      assertEquals(java.util.Arrays.deepToString(expected.row(r)), java.util.Arrays.deepToString(back.row(r)), "row " + r);
    }
    boolean[] read = new boolean[SCHEMA.size()];
    read[2] = true;
    read[5] = true;
    Batch some = codec.decode(v1, 0, v1.length, read);
    for (int r = 0; r < expected.size(); r++) {
      assertEquals(expected.row(r)[2], some.row(r)[2]);
      assertEquals(expected.row(r)[5], some.row(r)[5]);
      assertEquals(SCHEMA.size() - 2, some.format(r).split(java.util.regex.Pattern.quote(Batch.NOT_READ), -1).length - 1);
    }
  }

  /** An excerpt in format version 2 as first written (every section plain), from {@link V2FixtureWriter}. */
  @Test
  void anExcerptOfThePlainColumnFormatIsStillRead() throws Exception {
    byte[] v2;
    try (var in = RowCodecTest.class.getResourceAsStream("/codec/v2-excerpt.bin")) {
      v2 = in.readAllBytes();
    }
    assertEquals(2, v2[0], "the fixture is in format version 2");
    Batch expected = randomBatch(new Random(V2FixtureWriter.SEED), V2FixtureWriter.ROWS);
    RowCodec codec = new RowCodec(SCHEMA);
    assertEquals(expected.size(), RowCodec.rowCount(v2, 0, v2.length));
    Batch back = codec.decode(v2, 0, v2.length);
    assertEquals(expected.size(), back.size());
    for (int r = 0; r < expected.size(); r++) {
      assertEquals(expected.kind(r), back.kind(r));
      assertEquals(java.util.Arrays.deepToString(expected.row(r)), java.util.Arrays.deepToString(back.row(r)), "row " + r);
    }
    boolean[] read = new boolean[SCHEMA.size()];
    read[2] = true;
    read[5] = true;
    read[8] = true;
    Batch some = codec.decode(v2, 0, v2.length, read);
    for (int r = 0; r < expected.size(); r++) {
      assertEquals(expected.row(r)[2], some.row(r)[2]);
      assertEquals(expected.row(r)[5], some.row(r)[5]);
      assertEquals(expected.row(r)[8], some.row(r)[8]);
    }
  }

  @Test
  void aTruncatedExcerptIsReportedAsCorruptNeverDecodedShort() {
    Batch batch = randomBatch(new Random(3), 40);
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
}
