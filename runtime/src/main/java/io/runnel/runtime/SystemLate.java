package io.runnel.runtime;

import io.runnel.operators.api.LateSink;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import io.runnel.planner.catalog.RelationDef;
import io.runnel.runtime.store.ProducedOutput;
import io.runnel.runtime.store.RelationStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The {@code sys.late} stream: every row a windowed operator dropped because the watermark had already
 * closed its window, with the operator, the row's event time and the watermark it missed.
 */
final class SystemLate implements LateSink {
  static final String NAME = "sys.late";
  static final Schema SCHEMA =
      Schema.of(
          new DataType.Field("ts", DataType.of(TypeKind.TIMESTAMP)),
          new DataType.Field("source", DataType.of(TypeKind.VARCHAR)),
          new DataType.Field("rowtime", DataType.of(TypeKind.TIMESTAMP)),
          new DataType.Field("watermark", DataType.of(TypeKind.TIMESTAMP)),
          new DataType.Field("input", DataType.of(TypeKind.VARCHAR)));
  static final RelationDef DEFINITION =
      new RelationDef(NAME, RelationDef.Kind.STREAM, SCHEMA, List.of(), -1, null, null, Map.of(), "-- built in");

  private final RelationStore store;
  private final Clock clock;

  SystemLate(RelationStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public void late(String source, long rowtime, long watermark, String row) {
    store.append(row(source, rowtime, watermark, row));
  }

  /**
   * Where a persistent query's late rows go: they are its own output in this stream ({@code out}, over its
   * store), so a query that replays its input after a restart records each late row once.
   */
  LateSink producedBy(ProducedOutput out) {
    return (source, rowtime, watermark, row) -> out.append(row(source, rowtime, watermark, row));
  }

  RelationStore store() {
    return store;
  }

  private Batch row(String source, long rowtime, long watermark, String row) {
    BatchBuilder b = new BatchBuilder(SCHEMA, 1);
    b.add(clock.millis(), source, rowtime, watermark, row);
    return b.build();
  }
}
