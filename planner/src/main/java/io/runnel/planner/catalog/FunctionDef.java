package io.runnel.planner.catalog;

import static java.util.Objects.requireNonNull;

import io.runnel.operators.agg.UserAggregate;
import io.runnel.operators.expr.UserScalar;
import io.runnel.operators.types.DataType;
import java.util.List;

/**
 * A user-defined function ({@code CREATE FUNCTION name AS 'class'}): scalar when {@code scalar} is set,
 * aggregate when {@code aggregate} is; {@code resultType} is what it returns. The binders make the
 * function for one call's argument types.
 */
public record FunctionDef(String name, String className, DataType resultType, ScalarBinder scalar, AggregateBinder aggregate, String ddl) {
  public FunctionDef {
    requireNonNull(name, "name is null");
    requireNonNull(className, "className is null");
    requireNonNull(resultType, "resultType is null");
    requireNonNull(ddl, "ddl is null");
    if ((scalar == null) == (aggregate == null)) {
      throw new IllegalArgumentException("a function is scalar or aggregate: " + name);
    }
  }

  /** Binds a scalar function to the types of a call's arguments. */
  @FunctionalInterface
  public interface ScalarBinder {
    UserScalar bind(List<DataType> argumentTypes);
  }

  /** Binds an aggregate function to the type of a call's argument. */
  @FunctionalInterface
  public interface AggregateBinder {
    UserAggregate bind(DataType argumentType);
  }

  public boolean isAggregate() {
    return aggregate != null;
  }
}
