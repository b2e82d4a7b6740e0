package io.runnel.planner.logical;

import io.runnel.operators.window.Windows;
import io.runnel.parser.ast.Pos;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;

/**
 * The call of a window table function in the logical plan (a {@code LogicalTableFunctionScan} over its
 * input): which windows, over which input column, and where the query wrote it, for errors found later.
 */
public final class WindowFunction extends SqlFunction {
  private final Windows windows;
  private final int timeColumn;
  private final Pos pos;

  WindowFunction(Windows windows, int timeColumn, Pos pos) {
    super(windows.kind().name(), SqlKind.OTHER_FUNCTION, ReturnTypes.CURSOR, null, OperandTypes.ANY, SqlFunctionCategory.SYSTEM);
    this.windows = windows;
    this.timeColumn = timeColumn;
    this.pos = pos;
  }

  public Windows windows() {
    return windows;
  }

  public int timeColumn() {
    return timeColumn;
  }

  public Pos pos() {
    return pos;
  }
}
