package io.runnel.runtime;

import io.runnel.operators.api.ErrorSink;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import io.runnel.planner.catalog.RelationDef;
import io.runnel.runtime.connector.InputText;
import io.runnel.runtime.store.ProducedOutput;
import io.runnel.runtime.store.RelationStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The {@code sys.errors} stream: every row that could not be parsed or evaluated, with where it came from
 * and why. Queryable like any stream.
 */
final class SystemErrors implements ErrorSink, io.runnel.runtime.ingest.ErrorReporter {
  static final String NAME = "sys.errors";
  static final Schema SCHEMA =
      Schema.of(
          new DataType.Field("ts", DataType.of(TypeKind.TIMESTAMP)),
          new DataType.Field("source", DataType.of(TypeKind.VARCHAR)),
          new DataType.Field("reason", DataType.of(TypeKind.VARCHAR)),
          new DataType.Field("input", DataType.of(TypeKind.VARCHAR)));
  static final RelationDef DEFINITION =
      new RelationDef(NAME, RelationDef.Kind.STREAM, SCHEMA, List.of(), -1, null, null, Map.of(), "-- built in");

  private final RelationStore store;
  private final Clock clock;

  SystemErrors(RelationStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Records one error; {@code raw} is the offending input as text, or null. A long input or reason is cut
   * to about {@value InputText#MAX_CHARS} characters, marked as cut.
   */
  @Override
  public void report(String source, String reason, String raw) {
    store.append(row(source, reason, raw));
  }

  /**
   * Where a persistent query reports errors: they are its own output in sys.errors ({@code out}, over this
   * stream's store), so a query that replays its input after a restart reports each error once. The
   * report's time is when it was first made.
   */
  ErrorSink producedBy(ProducedOutput out) {
    return (source, reason, raw) -> out.append(row(source, reason, raw));
  }

  RelationStore store() {
    return store;
  }

  private Batch row(String source, String reason, String raw) {
    BatchBuilder b = new BatchBuilder(SCHEMA, 1);
    b.add(clock.millis(), source, InputText.cut(reason), InputText.cut(raw));
    return b.build();
  }
}
