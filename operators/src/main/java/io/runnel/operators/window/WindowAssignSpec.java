package io.runnel.operators.window;

import io.runnel.operators.api.Operator;
import io.runnel.operators.dag.OperatorSpec;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import java.util.ArrayList;
import java.util.List;

/**
 * Plan-time description of a {@link WindowAssign}: the windows table function over event-time column
 * {@code timeColumn}. Output: the input columns, then {@code window_start}, {@code window_end}, {@code
 * window_time}.
 */
public record WindowAssignSpec(Schema inputSchema, int timeColumn, Windows windows) implements OperatorSpec {
  @Override
  public Schema outputSchema() {
    List<DataType.Field> fields = new ArrayList<>(inputSchema.fields());
    fields.addAll(Windows.COLUMNS);
    return new Schema(fields);
  }

  /** The time column, and the input columns passed on that are read downstream. */
  @Override
  public boolean[] inputColumnsRead(int input, boolean[] outputRead) {
    boolean[] read = new boolean[inputSchema.size()];
    for (int c = 0; c < read.length; c++) {
      read[c] = outputRead == null || outputRead[c];
    }
    read[timeColumn] = true;
    return read;
  }

  @Override
  public Operator create() {
    return new WindowAssign(this);
  }

  @Override
  public String describe() {
    return "WindowTableFunction(" + windows + ", time=$" + timeColumn + ")";
  }
}
