package io.runnel.planner.validate;

import io.runnel.planner.catalog.FunctionDef;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.util.Optionality;

/** The Calcite operators that stand for user-defined functions in a plan, each carrying its definition. */
public final class UserFunctions {
  private UserFunctions() {}

  /** A call of a user-defined scalar function. Not deterministic as far as the planner knows: never folded. */
  public static final class Scalar extends SqlFunction {
    private final FunctionDef def;

    Scalar(FunctionDef def) {
      super(def.name().toUpperCase(java.util.Locale.ROOT), SqlKind.OTHER_FUNCTION, ReturnTypes.ARG0_NULLABLE, null, OperandTypes.VARIADIC, SqlFunctionCategory.USER_DEFINED_FUNCTION);
      this.def = def;
    }

    public FunctionDef def() {
      return def;
    }

    @Override
    public boolean isDeterministic() {
      return false;
    }
  }

  /** A call of a user-defined aggregate function; its result type is the definition's, nullable. */
  public static final class Aggregate extends SqlAggFunction {
    private final FunctionDef def;

    public Aggregate(FunctionDef def, RelDataType resultType) {
      super(
          def.name().toUpperCase(java.util.Locale.ROOT), null, SqlKind.OTHER_FUNCTION, ReturnTypes.explicit(resultType), null, OperandTypes.ANY,
          SqlFunctionCategory.USER_DEFINED_FUNCTION, false, false, Optionality.FORBIDDEN);
      this.def = def;
    }

    public FunctionDef def() {
      return def;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Aggregate other && other.def == def;
    }

    @Override
    public int hashCode() {
      return def.name().hashCode();
    }
  }
}
