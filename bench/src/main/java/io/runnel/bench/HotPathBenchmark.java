package io.runnel.bench;

import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.runtime.codec.BinaryWriter;
import io.runnel.runtime.codec.RowCodec;
import io.runnel.runtime.journal.InputJournal;
import io.runnel.runtime.nexmark.NexmarkGenerator;
import io.runnel.runtime.nexmark.NexmarkStreams;
import io.runnel.runtime.query.SourceReader;
import io.runnel.runtime.store.LogStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The hot paths below a query, per Nexmark bid row: generating it, encoding and decoding it in the log's
 * row format, appending it to a log and reading it back, and what a persistent query's input journal
 * writes for it. Nanoseconds per row.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HotPathBenchmark {
  static final int ROWS = 1024;

  NexmarkGenerator generator;
  long next;
  Batch bids;
  RowCodec codec;
  BinaryWriter writer;
  byte[] encoded;
  int encodedLength;
  Path dir;
  LogStore store;
  SourceReader reader;
  Path journalDir;
  InputJournal journal;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    generator = new NexmarkGenerator(10_000);
    BatchBuilder builder = new BatchBuilder(NexmarkStreams.BID, ROWS);
    for (long i = 0; builder.size() < ROWS; i++) {
      NexmarkGenerator.Event e = generator.event(NexmarkGenerator.eventNumber(NexmarkGenerator.Kind.BID, i));
      NexmarkStreams.addRow(builder, e);
    }
    bids = builder.build();
    codec = new RowCodec(NexmarkStreams.BID);
    writer = new BinaryWriter();
    codec.encode(bids, 0, ROWS, writer);
    encoded = writer.array().clone();
    encodedLength = writer.size();
    dir = Files.createTempDirectory("runnel-jmh-");
    store = LogStore.open(dir, NexmarkStreams.BID, false);
    reader = store.reader(true);
    journalDir = Files.createTempDirectory("runnel-jmh-journal-");
    journal = InputJournal.open(journalDir);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    reader.close();
    store.close();
    TempDirs.delete(dir);
    journal.close();
    TempDirs.delete(journalDir);
  }

  @Benchmark
  public Object generateOneEvent() {
    return generator.event(next++);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int encodeBidRows() {
    writer.reset();
    codec.encode(bids, 0, ROWS, writer);
    return writer.size();
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public Batch decodeBidRows() {
    return codec.decode(encoded, 0, encodedLength);
  }

  /**
   * What a journalled task writes for a batch it takes: the segment (source, partition, rows) and the
   * watermark it then gives the source, as it does for a batch of bids whose watermark moves.
   */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void journalBatchOfBidRows() {
    journal.rows(0, 1, ROWS);
    journal.watermark(0, next++);
  }

  /** Append a batch, then read the next one: the log grows by one excerpt an invocation. */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void appendAndReadBidRows(Blackhole bh) {
    store.append(bids);
    bh.consume(reader.poll());
  }
}
