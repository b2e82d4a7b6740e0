package io.runnel.operators.over;

import io.runnel.operators.agg.AggCall;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import java.util.ArrayList;
import java.util.List;

/** What the two OVER aggregates say alike: their output's columns and their frame in words. */
final class OverFrames {
  private OverFrames() {}

  /** Every input column, then one column per call. */
  static Schema outputSchema(Schema input, List<AggCall> calls) {
    List<DataType.Field> fields = new ArrayList<>(input.fields());
    for (AggCall call : calls) {
      fields.add(new DataType.Field(call.name(), call.resultType()));
    }
    return new Schema(fields);
  }

  /** The frame as EXPLAIN names it: {@code ROWS 10 PRECEDING}, {@code RANGE 5000ms PRECEDING}, {@code ROWS UNBOUNDED PRECEDING}. */
  static String describe(boolean rows, long preceding) {
    return (rows ? "ROWS " : "RANGE ") + (preceding < 0 ? "UNBOUNDED" : preceding + (rows ? "" : "ms")) + " PRECEDING";
  }
}
