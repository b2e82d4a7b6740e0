package io.runnel.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.runnel.operators.agg.Accumulator;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.TypeKind;
import io.runnel.parser.SqlParser;
import io.runnel.parser.ast.Statement;
import io.runnel.planner.catalog.FunctionDef;
import io.runnel.udf.AggregateFunction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Test;

class UserFunctionLoaderTest {
  /** A sum of squares with a state of its own class, to be read back with the function's class loader. */
  public static final class SumOfSquares implements AggregateFunction<SumOfSquares.State> {
    public static final class State implements java.io.Serializable {
      long sum;
    }

    @Override
    public String resultType() {
      return "BIGINT";
    }

    @Override
    public State create() {
      return new State();
    }

    @Override
    public State add(State s, Object value) {
      s.sum += (Long) value * (Long) value;
      return s;
    }

    @Override
    public boolean retractable() {
      return true;
    }

    @Override
    public State retract(State s, Object value) {
      s.sum -= (Long) value * (Long) value;
      return s;
    }

    @Override
    public Object result(State s) {
      return s.sum;
    }
  }

  @Test
  void anAggregatesStateIsWrittenAndReadBackWithItsOwnClasses() throws Exception {
    String ddl = "CREATE FUNCTION sum_sq AS '" + SumOfSquares.class.getName() + "'";
    FunctionDef def = UserFunctionLoader.load((Statement.CreateFunction) SqlParser.parseStatement(ddl), ddl);
    Accumulator acc = def.aggregate().bind(DataType.of(TypeKind.BIGINT)).newAccumulator();
    acc.add(3L);
    acc.add(4L);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    acc.write(new DataOutputStream(bytes));
    Accumulator restored = def.aggregate().bind(DataType.of(TypeKind.BIGINT)).newAccumulator();
    restored.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertEquals(25L, restored.result());
    acc.retract(3L);
    restored.retract(3L);
    assertEquals(acc.result(), restored.result());
    assertEquals(16L, restored.result());
  }
}
