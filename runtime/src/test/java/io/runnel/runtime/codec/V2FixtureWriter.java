package io.runnel.runtime.codec;

import io.runnel.operators.batch.Batch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * Writes {@code codec/v2-excerpt.bin}, the fixture of format version 2 in its plain form (no compact
 * section encodings), from the deterministic batch {@link RowCodecTest#anExcerptOfThePlainColumnFormatIsStillRead}
 * expects. It was run once with the encoder of that time; run it again only to recreate the fixture with
 * that encoder: {@code java -cp <test classpath> io.runnel.runtime.codec.V2FixtureWriter runtime/src/test/resources/codec/v2-excerpt.bin}.
 */
final class V2FixtureWriter {
  static final long SEED = 2025;
  static final int ROWS = 64;

  private V2FixtureWriter() {}

  public static void main(String[] args) throws Exception {
    Batch batch = RowCodecTest.randomBatch(new Random(SEED), ROWS);
    BinaryWriter writer = new BinaryWriter();
    new RowCodec(RowCodecTest.SCHEMA).encode(batch, 0, batch.size(), writer);
    Files.write(Path.of(args[0]), Arrays.copyOf(writer.array(), writer.size()));
  }
}
