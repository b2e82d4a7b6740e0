package io.runnel.runtime.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.EngineConfig;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import io.runnel.planner.catalog.RelationDef;
import io.runnel.runtime.nexmark.NexmarkGenerator;
import io.runnel.runtime.nexmark.NexmarkStreams;
import io.runnel.runtime.query.SourceReader;
import io.runnel.runtime.store.RelationStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A connector whose thread meets a failure it did not expect reports it and still seals its stream. */
class ConnectorFailureTest {
  @TempDir Path dir;

  /** A log on a full disk: every append fails as Chronicle fails then, with an InternalError. */
  static final class FullDiskStore implements RelationStore {
    volatile boolean sealed;

    @Override
    public void append(Batch batch) {
      throw new InternalError("a fault occurred in a recent unsafe memory access operation");
    }

    @Override
    public void append(int partition, Batch batch) {
      append(batch);
    }

    @Override
    public void appendWatermark(long time) {
      throw new InternalError("a fault occurred in a recent unsafe memory access operation");
    }

    @Override
    public void appendProduced(String producer, Batch batch, long[] offered) {
      append(batch);
    }

    @Override
    public long produced(String producer, int partition) {
      return 0;
    }

    @Override
    public int partitions() {
      return 1;
    }

    @Override
    public SourceReader reader(int partition, boolean fromStart, boolean[] columns) {
      throw new UnsupportedOperationException();
    }

    @Override
    public SourceReader readerFrom(int partition, long row, boolean[] columns) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long rowCount(int partition) {
      return 0;
    }

    @Override
    public long rowCount() {
      return 0;
    }

    @Override
    public void seal() {
      sealed = true;
    }

    @Override
    public boolean sealed() {
      return sealed;
    }

    @Override
    public boolean bounded() {
      return true;
    }

    @Override
    public void close() {}
  }

  record Report(String source, String reason) {}

  @Test
  void aFileConnectorThatFailsReportsItAndSealsItsStream() throws Exception {
    Path csv = dir.resolve("in.csv");
    Files.writeString(csv, "1\n2\n");
    RelationDef def =
        new RelationDef(
            "f", RelationDef.Kind.STREAM, Schema.of(new DataType.Field("n", DataType.of(TypeKind.BIGINT))), List.of(), -1, null, null,
            Map.of("connector", "file", "path", csv.toString(), "format", "csv"), "CREATE STREAM f");
    FullDiskStore store = new FullDiskStore();
    List<Report> reports = runUntilSealed(def, store);
    assertTrue(store.sealed);
    assertEquals(List.of(new Report(csv.toString(), "reading stopped: java.lang.InternalError: a fault occurred in a recent unsafe memory access operation")), reports);
  }

  @Test
  void aBoundedNexmarkConnectorThatFailsReportsItAndSealsItsStream() throws Exception {
    Schema bid = NexmarkStreams.schemaOf(NexmarkGenerator.Kind.BID);
    RelationDef def = new RelationDef("bid", RelationDef.Kind.STREAM, bid, List.of(), -1, null, null, Map.of("connector", "nexmark", "events", "5000"), "CREATE STREAM bid");
    List<Report> reports = runUntilSealed(def, new FullDiskStore());
    assertEquals(List.of(new Report("nexmark:bid", "generating stopped: java.lang.InternalError: a fault occurred in a recent unsafe memory access operation")), reports);
  }

  /** Starts {@code def}'s connector over {@code store} and waits until it seals the stream; its reports. */
  private static List<Report> runUntilSealed(RelationDef def, FullDiskStore store) throws InterruptedException {
    List<Report> reports = new CopyOnWriteArrayList<>();
    CountDownLatch sealed = new CountDownLatch(1);
    Connector connector = Connectors.create(def, store, (source, reason, input) -> reports.add(new Report(source, reason)), EngineConfig.defaults(), sealed::countDown);
    connector.start();
    assertTrue(sealed.await(10, TimeUnit.SECONDS), "sealed, so that a query over the stream ends");
    connector.stop();
    return reports;
  }
}
