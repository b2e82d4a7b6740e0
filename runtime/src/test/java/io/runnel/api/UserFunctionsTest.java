package io.runnel.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.runnel.Change;
import io.runnel.QueryHandle;
import io.runnel.QueryOptions;
import io.runnel.Runnel;
import io.runnel.StatementResult;
import io.runnel.operators.batch.RowKind;
import io.runnel.parser.RunnelException;
import io.runnel.runtime.nexmark.CountChar;
import io.runnel.udf.AggregateFunction;
import io.runnel.udf.ScalarFunction;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User-defined functions in Java: CREATE FUNCTION, calls in every clause, errors, and a restart. */
class UserFunctionsTest {
  static final Duration WAIT = Duration.ofSeconds(10);
  @TempDir Path dir;

  /** The first character of a string; an empty one makes it throw, so that the row goes to sys.errors. */
  public static final class FirstChar implements ScalarFunction {
    @Override
    public String resultType() {
      return "VARCHAR";
    }

    @Override
    public Object eval(Object... args) {
      return String.valueOf(((String) args[0]).charAt(0));
    }
  }

  /** Hours between two timestamps: checks that TIMESTAMP arguments arrive as LocalDateTime. */
  public static final class HoursBetween implements ScalarFunction {
    @Override
    public String resultType() {
      return "DOUBLE";
    }

    @Override
    public Object eval(Object... args) {
      return Duration.between((LocalDateTime) args[0], (LocalDateTime) args[1]).toMinutes() / 60.0;
    }
  }

  /** The longest string (the first of equal length); cannot take values back. */
  public static final class Longest implements AggregateFunction<String> {
    @Override
    public String resultType() {
      return "VARCHAR";
    }

    @Override
    public String create() {
      return "";
    }

    @Override
    public String add(String longest, Object value) {
      return ((String) value).length() > longest.length() ? (String) value : longest;
    }

    @Override
    public Object result(String longest) {
      return longest.isEmpty() ? null : longest;
    }
  }

  /** A sum of squares that can take values back, so it also runs over an updating input. */
  public static final class SumOfSquares implements AggregateFunction<long[]> {
    @Override
    public String resultType() {
      return "BIGINT";
    }

    @Override
    public long[] create() {
      return new long[1];
    }

    @Override
    public long[] add(long[] acc, Object value) {
      acc[0] += (Long) value * (Long) value;
      return acc;
    }

    @Override
    public boolean retractable() {
      return true;
    }

    @Override
    public long[] retract(long[] acc, Object value) {
      acc[0] -= (Long) value * (Long) value;
      return acc;
    }

    @Override
    public Object result(long[] acc) {
      return acc[0];
    }
  }

  public static final class NotAFunction {}

  private static String create(String name, Class<?> type) {
    return "CREATE FUNCTION " + name + " AS '" + type.getName() + "'";
  }


  private static Change insert(Object... values) {
    return new Change(RowKind.INSERT, java.util.Arrays.asList(values));
  }

  @Test
  void aScalarFunctionRunsInSelectAndWhereAndAFailingRowGoesToSysErrors() throws Exception {
    try (Runnel runnel = Runnel.open(dir)) {
      StatementResult created = runnel.execute(create("count_char", CountChar.class));
      assertEquals("Created scalar function count_char returning BIGINT", ((StatementResult.Ok) created).message());
      runnel.execute(create("first_char", FirstChar.class));
      runnel.execute("CREATE STREAM bid (auction BIGINT, extra VARCHAR, c VARCHAR)");
      try (QueryHandle q = runnel.query("SELECT auction, count_char(extra, c) AS n, first_char(c) AS f FROM bid WHERE COUNT_CHAR(extra, 'x') < 2");
          QueryHandle errors = runnel.query("SELECT reason FROM sys.errors")) {
        List<Change> changes = Subscriptions.collect(q);
        List<Change> reported = Subscriptions.collect(errors);
        runnel.execute("INSERT INTO bid VALUES (1, 'abcc', 'c'), (2, 'xx', 'x'), (3, NULL, 'c'), (4, 'abc', '')");
        assertTrue(q.sync(WAIT));
        // row 3: NULL in, NULL out, and NULL < 2 is not true; row 4: first_char of '' fails, so it is NULL
        assertEquals(List.of(insert(1L, 2L, "c"), insert(4L, 0L, null)), changes);
        assertTrue(errors.sync(WAIT));
        assertEquals(1, reported.size(), reported.toString());
        assertTrue(reported.get(0).values().get(0).toString().contains("first_char"), reported.toString());
      }
    }
  }

  @Test
  void argumentsArriveAsJavaValues() throws Exception {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.execute(create("hours_between", HoursBetween.class));
      runnel.execute("CREATE STREAM spans (a TIMESTAMP(3), b TIMESTAMP(3))");
      runnel.execute("INSERT INTO spans VALUES (TIMESTAMP '2024-01-01 00:00:00', TIMESTAMP '2024-01-01 01:30:00')");
      try (QueryHandle q = runnel.query("SELECT hours_between(a, b) AS h FROM spans", QueryOptions.fromEarliest())) {
        List<Change> changes = Subscriptions.collect(q);
        assertTrue(q.sync(WAIT));
        assertEquals(List.of(insert(1.5)), changes);
      }
    }
  }

  @Test
  void anAggregateFunctionRunsInWindowsAndGroupByWithDistinctAndFilter() throws Exception {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.execute(create("longest", Longest.class));
      runnel.execute("CREATE STREAM s (k BIGINT, word VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
      try (QueryHandle q =
          runnel.query(
              "SELECT k, longest(word) AS l, longest(word) FILTER (WHERE word <> 'banana') AS f, window_end"
                  + " FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY k, window_start, window_end")) {
        List<Change> changes = Subscriptions.collect(q);
        runnel.execute(
            "INSERT INTO s VALUES (1, 'fig', TIMESTAMP '2024-01-01 00:00:01'), (1, 'banana', TIMESTAMP '2024-01-01 00:00:02'),"
                + " (1, NULL, TIMESTAMP '2024-01-01 00:00:03'), (2, 'kiwi', TIMESTAMP '2024-01-01 00:00:04'), (1, 'plum', TIMESTAMP '2024-01-01 00:00:12')");
        assertTrue(q.sync(WAIT));
        LocalDateTime end = LocalDateTime.parse("2024-01-01T00:00:10");
        assertEquals(List.of(insert(1L, "banana", "fig", end), insert(2L, "kiwi", "kiwi", end)), changes);
      }
    }
  }

  @Test
  void anAggregateFunctionRunsOverAnOverWindow() throws Exception {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.execute(create("longest", Longest.class));
      runnel.execute(create("sum_sq", SumOfSquares.class));
      runnel.execute("CREATE STREAM s (k BIGINT, v BIGINT, word VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
      try (QueryHandle q =
          runnel.query(
              "SELECT k, v, sum_sq(v) OVER (PARTITION BY k ORDER BY ts ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS recent,"
                  + " longest(word) OVER (PARTITION BY k ORDER BY ts ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS lw FROM s")) {
        fail("a bounded frame takes values back, and longest cannot: " + q.id());
      } catch (RunnelException e) {
        assertTrue(e.describe().contains("longest cannot take back values, and its OVER frame is bounded, and rows leave it"), e.describe());
      }
      try (QueryHandle q =
          runnel.query(
              "SELECT k, v, sum_sq(v) OVER (PARTITION BY k ORDER BY ts ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS recent FROM s")) {
        List<Change> changes = Subscriptions.collect(q);
        runnel.execute(
            "INSERT INTO s VALUES (1, 2, 'a', TIMESTAMP '2024-01-01 00:00:01'), (2, 5, 'b', TIMESTAMP '2024-01-01 00:00:02'),"
                + " (1, 3, 'ccc', TIMESTAMP '2024-01-01 00:00:03'), (1, 4, 'dd', TIMESTAMP '2024-01-01 00:00:04'), (9, 0, 'e', TIMESTAMP '2024-01-01 00:00:09')");
        assertTrue(q.sync(WAIT));
        // the last two rows of each k: 2*2; 5*5; 2*2 + 3*3; 3*3 + 4*4; 0*0
        assertEquals(List.of(insert(1L, 2L, 4L), insert(2L, 5L, 25L), insert(1L, 3L, 13L), insert(1L, 4L, 25L), insert(9L, 0L, 0L)), changes);
      }
      try (QueryHandle q =
          runnel.query("SELECT k, longest(word) OVER (PARTITION BY k ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS lw FROM s",
              QueryOptions.fromEarliest())) {
        List<Change> changes = Subscriptions.collect(q);
        assertTrue(q.sync(WAIT));
        assertEquals(List.of(insert(1L, "a"), insert(2L, "b"), insert(1L, "ccc"), insert(1L, "ccc"), insert(9L, "e")), changes, "an unbounded frame only adds");
      }
    }
  }

  @Test
  void overAnUpdatingInputAnAggregateMustTakeValuesBack() throws Exception {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.execute(create("longest", Longest.class));
      runnel.execute(create("sum_sq", SumOfSquares.class));
      runnel.execute("CREATE TABLE acc (id BIGINT, region VARCHAR, v BIGINT, PRIMARY KEY (id))");
      RunnelException e = assertThrows(RunnelException.class, () -> runnel.query("SELECT longest(region) FROM acc"));
      assertEquals(
          "RUN-1401: longest cannot take back values, and its input is an updating result\nHint: Implement retractable() and retract(...) in " + Longest.class.getName() + ".",
          e.describe());
      try (QueryHandle q = runnel.query("SELECT region, sum_sq(v) AS s FROM acc GROUP BY region", QueryOptions.fromEarliest())) {
        Map<List<Object>, Integer> result = new HashMap<>();
        q.subscribe(c -> result.merge(c.values(), c.kind().isAccumulate() ? 1 : -1, Integer::sum));
        runnel.execute("INSERT INTO acc VALUES (1, 'east', 3), (2, 'east', 4), (1, 'east', 1)"); // id 1 updated: 3 taken back
        assertTrue(q.sync(WAIT));
        result.values().removeIf(n -> n == 0);
        assertEquals(Map.of(List.of("east", 17L), 1), result);
      }
    }
  }

  @Test
  void functionsSurviveARestartAndDropRemovesThem() throws Exception {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.execute(create("count_char", CountChar.class));
      runnel.execute(create("longest", Longest.class));
      runnel.execute("DROP FUNCTION longest");
    }
    try (Runnel runnel = Runnel.open(dir)) {
      try (QueryHandle q = runnel.query("SELECT count_char('banana', 'a') AS n", QueryOptions.fromEarliest())) {
        List<Change> changes = Subscriptions.collect(q);
        assertTrue(q.awaitTermination(WAIT));
        assertEquals(List.of(insert(3L)), changes);
      }
      RunnelException e = assertThrows(RunnelException.class, () -> runnel.query("SELECT longest('x')"));
      assertTrue(e.describe().startsWith("RUN-1104: line 1:8: Unknown function 'longest'"), e.describe());
      StatementResult.Table functions = (StatementResult.Table) runnel.execute("SHOW FUNCTIONS");
      assertTrue(functions.rows().contains(List.of("count_char", "scalar " + CountChar.class.getName() + " returning BIGINT")), functions.rows().toString());
      // the built-in list is the planner's own: aggregates and PROCTIME included
      assertTrue(functions.rows().containsAll(List.of(List.of("APPROX_PERCENTILE", "built in"), List.of("PROCTIME", "built in"))), functions.rows().toString());
    }
  }

  @Test
  void badDefinitionsAreClearErrors() {
    try (Runnel runnel = Runnel.open(dir)) {
      assertEquals(
          "RUN-1203: line 1:1: Class 'no.such.Fn' not found\nHint: Put the jar that holds it on the classpath.",
          assertThrows(RunnelException.class, () -> runnel.execute("CREATE FUNCTION f AS 'no.such.Fn'")).describe());
      assertEquals(
          "RUN-1203: line 1:1: Class '" + NotAFunction.class.getName() + "' is neither an io.runnel.udf.ScalarFunction nor an io.runnel.udf.AggregateFunction\n"
              + "Hint: Implement one of the two interfaces.",
          assertThrows(RunnelException.class, () -> runnel.execute(create("f", NotAFunction.class))).describe());
      assertEquals(
          "RUN-1201: line 1:17: Function 'upper' already exists\nHint: It is built in; choose another name.",
          assertThrows(RunnelException.class, () -> runnel.execute(create("upper", CountChar.class))).describe());
      runnel.execute(create("cc", CountChar.class));
      assertEquals("Function cc already exists", ((StatementResult.Ok) runnel.execute("CREATE FUNCTION IF NOT EXISTS cc AS 'x'")).message());
      assertEquals(
          "RUN-1104: line 1:15: Function 'nope' does not exist",
          assertThrows(RunnelException.class, () -> runnel.execute("DROP FUNCTION nope")).describe());
    }
  }
}
