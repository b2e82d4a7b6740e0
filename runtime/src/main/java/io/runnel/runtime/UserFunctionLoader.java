package io.runnel.runtime;

import io.runnel.operators.agg.Accumulator;
import io.runnel.operators.agg.UserAggregate;
import io.runnel.operators.expr.UserScalar;
import io.runnel.operators.types.DataType;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.SqlParser;
import io.runnel.parser.ast.Expression;
import io.runnel.parser.ast.Statement;
import io.runnel.planner.catalog.FunctionDef;
import io.runnel.planner.validate.TypeMapping;
import io.runnel.udf.AggregateFunction;
import io.runnel.udf.ScalarFunction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.util.List;

/**
 * Loads the class of {@code CREATE FUNCTION} and wraps it for the operators: values cross between their
 * physical form and the Java values the user's code sees, and an aggregate's accumulator is written to
 * snapshots with Java serialization.
 */
final class UserFunctionLoader {
  private UserFunctionLoader() {}

  static FunctionDef load(Statement.CreateFunction create, String ddl) {
    String name = create.name().value();
    Object instance = instantiate(create);
    if (instance instanceof ScalarFunction scalar) {
      DataType result = resultType(scalar.resultType(), create);
      return new FunctionDef(name, create.className(), result, args -> scalar(name, scalar, args, result), null, ddl);
    }
    if (instance instanceof AggregateFunction<?> aggregate) {
      DataType result = resultType(aggregate.resultType(), create);
      return new FunctionDef(name, create.className(), result, null, arg -> aggregate(name, aggregate, arg, result), ddl);
    }
    throw new RunnelException(
        ErrorCode.INVALID_DEFINITION,
        create.pos(),
        "Class '" + create.className() + "' is neither an io.runnel.udf.ScalarFunction nor an io.runnel.udf.AggregateFunction",
        "Implement one of the two interfaces.");
  }

  private static Object instantiate(Statement.CreateFunction create) {
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      Class<?> type = Class.forName(create.className(), true, loader != null ? loader : UserFunctionLoader.class.getClassLoader());
      return type.getConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      throw new RunnelException(
          ErrorCode.INVALID_DEFINITION, create.pos(), "Class '" + create.className() + "' not found", "Put the jar that holds it on the classpath.");
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      throw new RunnelException(
          ErrorCode.INVALID_DEFINITION,
          create.pos(),
          "Cannot create an instance of '" + create.className() + "': " + e,
          "The class needs a public constructor without arguments.");
    }
  }

  private static DataType resultType(String text, Statement.CreateFunction create) {
    try {
      Expression cast = SqlParser.parseExpression("CAST(NULL AS " + text + ")");
      return TypeMapping.fromSpec(((Expression.Cast) cast).type()).withNullable(true);
    } catch (RunnelException | ClassCastException | NullPointerException e) {
      throw new RunnelException(
          ErrorCode.INVALID_DEFINITION, create.pos(), "'" + create.className() + "' gives '" + text + "' as its result type, which is not a SQL type", "Return e.g. BIGINT, DOUBLE or VARCHAR.");
    }
  }

  private static UserScalar scalar(String name, ScalarFunction function, List<DataType> argumentTypes, DataType result) {
    DataType[] types = argumentTypes.toArray(DataType[]::new);
    return new UserScalar() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Object apply(Object[] args) {
        Object[] values = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
          values[i] = JavaValues.toJava(args[i], types[i]);
        }
        Object value = function.eval(values);
        return value == null ? null : JavaValues.toPhysical(value, result, name);
      }
    };
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static UserAggregate aggregate(String name, AggregateFunction function, DataType argument, DataType result) {
    return new UserAggregate() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Accumulator newAccumulator() {
        return new UserAccumulator(name, function, argument, result);
      }

      @Override
      public boolean retractable() {
        return function.retractable();
      }
    };
  }

  /** An accumulator holding the user's state. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static final class UserAccumulator implements Accumulator {
    private final String name;
    private final AggregateFunction function;
    private final DataType argument;
    private final DataType result;
    private Serializable state;

    UserAccumulator(String name, AggregateFunction function, DataType argument, DataType result) {
      this.name = name;
      this.function = function;
      this.argument = argument;
      this.result = result;
      this.state = function.create();
    }

    @Override
    public void add(Object value) {
      state = function.add(state, JavaValues.toJava(value, argument));
    }

    @Override
    public void retract(Object value) {
      state = function.retract(state, JavaValues.toJava(value, argument));
    }

    @Override
    public void merge(Accumulator other) {
      state = function.merge(state, ((UserAccumulator) other).state);
    }

    @Override
    public Object result() {
      Object value = function.result(state);
      return value == null ? null : JavaValues.toPhysical(value, result, name);
    }

    @Override
    public void write(DataOutput out) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream objects = new ObjectOutputStream(bytes)) {
        objects.writeObject(state);
      }
      out.writeInt(bytes.size());
      out.write(bytes.toByteArray());
    }

    @Override
    public void read(DataInput in) throws IOException {
      byte[] bytes = new byte[in.readInt()];
      in.readFully(bytes);
      ClassLoader loader = function.getClass().getClassLoader();
      try (ObjectInputStream objects =
          new ObjectInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
              return Class.forName(desc.getName(), false, loader);
            }
          }) {
        state = (Serializable) objects.readObject();
      } catch (ClassNotFoundException e) {
        throw new IOException("Cannot read the state of " + name + ": " + e.getMessage(), e);
      }
    }
  }
}
