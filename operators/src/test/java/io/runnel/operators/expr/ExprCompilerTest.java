package io.runnel.operators.expr;

import static io.runnel.operators.harness.Exprs.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.batch.Column;
import io.runnel.operators.batch.ObjectColumn;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ExprCompilerTest {

  final List<String> errors = new ArrayList<>();
  final EvalContext context = new EvalContext("test", (source, reason, row) -> errors.add(reason + " " + row));

  /** Evaluates {@code e} over one column of {@code type} holding {@code values}; returns the results boxed. */
  List<Object> eval(Expr e, DataType type, Object... values) {
    BatchBuilder b = new BatchBuilder(Schema.of(new DataType.Field("x", type)), values.length);
    for (Object v : values) {
      b.add(v);
    }
    Batch batch = b.build();
    Column c = ExprCompiler.compile(e).evaluate(batch, context);
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      out.add(c.getObject(i));
    }
    return out;
  }

  @Test
  void arithmeticOnLongsKeepsNullsAndReportsDivisionByZero() {
    Expr x = ref(0, BIGINT);
    assertEquals(Arrays.asList(3L, null, -1L), eval(call(Function.PLUS, BIGINT, x, lit(2L, BIGINT)), BIGINT, 1L, null, -3L));
    assertEquals(Arrays.asList(2L, null, -1L), eval(call(Function.DIVIDE, BIGINT, x, lit(2L, BIGINT)), BIGINT, 5L, null, -3L));
    assertEquals(Arrays.asList(null, 1L), eval(call(Function.MOD, BIGINT, lit(7L, BIGINT), x), BIGINT, 0L, 3L));
    assertEquals(List.of("division by zero [0]"), errors);
  }

  @Test
  void intOverflowIsAnErrorRowNotAWrappedNumber() {
    long max = Integer.MAX_VALUE;
    long min = Integer.MIN_VALUE;
    assertEquals(Arrays.asList(null, 5L, null), eval(call(Function.PLUS, INT, ref(0, INT), lit(1L, INT)), INT, max, 4L, null));
    assertEquals(Arrays.asList(null, 3L), eval(call(Function.MINUS, INT, ref(0, INT), lit(1L, INT)), INT, min, 4L));
    assertEquals(Arrays.asList(null, -8L), eval(call(Function.TIMES, INT, ref(0, INT), lit(-2L, INT)), INT, min, 4L));
    assertEquals(Arrays.asList(null, -4L), eval(call(Function.DIVIDE, INT, ref(0, INT), lit(-1L, INT)), INT, min, 4L));
    assertEquals(Arrays.asList(null, -4L), eval(call(Function.NEGATE, INT, ref(0, INT)), INT, min, 4L));
    assertEquals(Arrays.asList(null, 4L), eval(call(Function.ABS, INT, ref(0, INT)), INT, min, -4L));
    assertEquals(Arrays.asList(null, 7L), eval(call(Function.CAST, INT, ref(0, BIGINT)), BIGINT, max + 1, 7L));
    assertEquals(
        List.of(
            "integer overflow: 2147483647 + 1 is out of range for INT [2147483647]",
            "integer overflow: -2147483648 - 1 is out of range for INT [-2147483648]",
            "integer overflow: -2147483648 * -2 is out of range for INT [-2147483648]",
            "integer overflow: -2147483648 / -1 is out of range for INT [-2147483648]",
            "integer overflow: -(-2147483648) is out of range for INT in NEGATE [-2147483648]",
            "integer overflow: ABS(-2147483648) is out of range for INT in ABS [-2147483648]",
            "value 2147483648 is out of range for INT in CAST [2147483648]"),
        errors);
  }

  @Test
  void bigintOverflowIsAnErrorRowNotAWrappedNumber() {
    long max = Long.MAX_VALUE;
    long min = Long.MIN_VALUE;
    Expr x = ref(0, BIGINT);
    assertEquals(Arrays.asList(2L, null, null), eval(call(Function.PLUS, BIGINT, x, lit(1L, BIGINT)), BIGINT, 1L, max, null));
    assertEquals(Arrays.asList(null, max - 1), eval(call(Function.PLUS, BIGINT, x, x), BIGINT, min, max / 2));
    assertEquals(2, errors.size());
    errors.clear();
    assertEquals(Arrays.asList(null, 0L), eval(call(Function.MINUS, BIGINT, lit(-2L, BIGINT), x), BIGINT, max, -2L));
    assertEquals(Arrays.asList(null, null, -6L), eval(call(Function.TIMES, BIGINT, x, lit(3L, BIGINT)), BIGINT, max / 2, min / 3 - 1, -2L));
    assertEquals(Arrays.asList(null, -3L), eval(call(Function.DIVIDE, BIGINT, x, lit(-1L, BIGINT)), BIGINT, min, 3L));
    assertEquals(Arrays.asList(null, max), eval(call(Function.NEGATE, BIGINT, x), BIGINT, min, -max));
    assertEquals(Arrays.asList(null, max), eval(call(Function.ABS, BIGINT, x), BIGINT, min, -max));
    assertEquals(Arrays.asList(null, null, 3L), eval(call(Function.CAST, BIGINT, ref(0, DOUBLE)), DOUBLE, 1e19, Double.NaN, 3.5));
    assertEquals(8, errors.size(), errors.toString());
    assertEquals("integer overflow: -2 - 9223372036854775807 is out of range for BIGINT [9223372036854775807]", errors.get(0));
  }

  @Test
  void decimalArithmeticIsExactAtTheResultScale() {
    DataType dec = DataType.decimal(10, 3);
    Expr times = call(Function.TIMES, DataType.decimal(22, 3), lit(new BigDecimal("0.908"), dec), ref(0, DataType.decimal(19, 0)));
    assertEquals(List.of(new BigDecimal("1816.000")), eval(times, DataType.decimal(19, 0), new BigDecimal("2000")));
  }

  @Test
  void andOrFollowThreeValuedLogic() {
    Expr x = ref(0, BOOLEAN);
    // x AND NULL, x OR NULL, for x = TRUE, FALSE, NULL
    Expr nullBool = lit(null, BOOLEAN);
    assertEquals(Arrays.asList(null, 0L, null), eval(call(Function.AND, BOOLEAN, x, nullBool), BOOLEAN, true, false, null));
    assertEquals(Arrays.asList(1L, null, null), eval(call(Function.OR, BOOLEAN, x, nullBool), BOOLEAN, true, false, null));
    assertEquals(Arrays.asList(0L, 1L, null), eval(call(Function.NOT, BOOLEAN, x), BOOLEAN, true, false, null));
    assertEquals(Arrays.asList(0L, 0L, 1L), eval(call(Function.IS_NULL, BOOLEAN, x), BOOLEAN, true, false, null));
    assertEquals(Arrays.asList(0L, 1L, 1L), eval(call(Function.IS_NOT_TRUE, BOOLEAN, x), BOOLEAN, true, false, null));
  }

  /** Each comparison of integers and of decimals of one scale, at the extremes and with nulls, as Java's operators say. */
  @Test
  void comparisonsOfLongsAndDecimalsAgreeWithJavasOperators() {
    Map<Function, BiPredicate<Long, Long>> comparisons = new EnumMap<>(Function.class);
    comparisons.put(Function.EQUALS, (a, b) -> a.longValue() == b.longValue());
    comparisons.put(Function.NOT_EQUALS, (a, b) -> a.longValue() != b.longValue());
    comparisons.put(Function.LESS_THAN, (a, b) -> a < b);
    comparisons.put(Function.LESS_THAN_OR_EQUAL, (a, b) -> a <= b);
    comparisons.put(Function.GREATER_THAN, (a, b) -> a > b);
    comparisons.put(Function.GREATER_THAN_OR_EQUAL, (a, b) -> a >= b);
    Long[] values = {Long.MIN_VALUE, -1L, 0L, null, 1L, 7L, Long.MAX_VALUE};
    DataType dec = DataType.decimal(18, 2);
    comparisons.forEach((f, holds) -> {
      for (long literal : new long[] {Long.MIN_VALUE, 0L, 7L, Long.MAX_VALUE}) {
        List<Object> expected = Arrays.stream(values).map(v -> v == null ? null : holds.test(v, literal) ? 1L : 0L).collect(Collectors.toList());
        assertEquals(expected, eval(call(f, BOOLEAN, ref(0, BIGINT), lit(literal, BIGINT)), BIGINT, (Object[]) values), f + " " + literal);
        if (literal != Long.MIN_VALUE && literal != Long.MAX_VALUE) {
          // the same as decimals of scale 2, but for the values too large to be one
          Object[] decimals = Arrays.stream(values).map(v -> v == null || Math.abs(v) > 1_000_000 ? null : BigDecimal.valueOf(v, 2)).toArray();
          List<Object> expectedDecimals = new ArrayList<>();
          for (int i = 0; i < values.length; i++) {
            expectedDecimals.add(decimals[i] == null ? null : expected.get(i));
          }
          assertEquals(expectedDecimals, eval(call(f, BOOLEAN, ref(0, dec), lit(BigDecimal.valueOf(literal, 2), dec)), dec, decimals), f + " " + literal + " as decimals");
        }
      }
    });
  }

  @Test
  void comparisonsOfStringsAndNulls() {
    Expr x = ref(0, VARCHAR);
    assertEquals(Arrays.asList(1L, 0L, null), eval(call(Function.LESS_THAN, BOOLEAN, x, lit("b", VARCHAR)), VARCHAR, "a", "c", null));
    assertEquals(Arrays.asList(0L, 1L), eval(call(Function.IS_DISTINCT_FROM, BOOLEAN, x, lit(null, VARCHAR)), VARCHAR, null, "a"));
  }

  @Test
  void caseCoalesceAndLike() {
    Expr x = ref(0, VARCHAR);
    Expr isA = call(Function.EQUALS, BOOLEAN, x, lit("a", VARCHAR));
    assertEquals(Arrays.asList("one", "other", "other"), eval(call(Function.CASE, VARCHAR, isA, lit("one", VARCHAR), lit("other", VARCHAR)), VARCHAR, "a", "b", null));
    assertEquals(Arrays.asList("a", "none"), eval(call(Function.COALESCE, VARCHAR, x, lit("none", VARCHAR)), VARCHAR, "a", null));
    Expr like = call(Function.LIKE, BOOLEAN, x, lit("a%c\\_", VARCHAR), lit("\\", VARCHAR));
    assertEquals(Arrays.asList(1L, 0L, 0L), eval(like, VARCHAR, "abbc_", "abbcx", "xac_"));
    assertEquals(Arrays.asList(1L, 0L), eval(call(Function.LIKE, BOOLEAN, x, lit("_b%", VARCHAR)), VARCHAR, "abc", "bcx"));
  }

  @Test
  void nexmarkStringFunctions() {
    String url = "https://www.nexmark.com/abc/def/item.htm?query=1&channel_id=1234";
    Expr x = ref(0, VARCHAR);
    Expr regex = call(Function.REGEXP_EXTRACT, VARCHAR, x, lit("(&|^)channel_id=([^&]*)", VARCHAR), lit(2L, INT));
    assertEquals(Arrays.asList("1234", null), eval(regex, VARCHAR, url, "https://x/y"));
    assertEquals(Arrays.asList("abc", null), eval(call(Function.SPLIT_INDEX, VARCHAR, x, lit("/", VARCHAR), lit(3L, INT)), VARCHAR, url, "a/b"));
    assertEquals(List.of("ell"), eval(call(Function.SUBSTRING, VARCHAR, x, lit(2L, INT), lit(3L, INT)), VARCHAR, "hello"));
    assertEquals(List.of(5L), eval(call(Function.CHAR_LENGTH, INT, x), VARCHAR, "hello"));
    assertEquals(List.of("a-b"), eval(call(Function.CONCAT, VARCHAR, x, lit("-", VARCHAR), lit("b", VARCHAR)), VARCHAR, "a"));
    assertEquals(List.of(0L), eval(call(Function.POSITION, INT, lit("z", VARCHAR), x), VARCHAR, "hello"));
  }

  @Test
  void regexpExtractRemembersResultsOnlyForTheSamePatternAndGroup() {
    String url = "https://x/a?b=1&channel_id=77&c=2";
    // one evaluator, inputs repeated (each a new String), with and without a match
    Expr regex = call(Function.REGEXP_EXTRACT, VARCHAR, ref(0, VARCHAR), lit("(&|^)channel_id=([^&]*)", VARCHAR), lit(2L, INT));
    assertEquals(
        Arrays.asList("77", null, "77", null, "77"),
        eval(regex, VARCHAR, url, "https://x/y", new String(url.toCharArray()), new String("https://x/y".toCharArray()), url));
    // the pattern and the group come from the rows: a new pattern or group is never answered from the table
    Schema schema = Schema.of(new DataType.Field("s", VARCHAR), new DataType.Field("p", VARCHAR), new DataType.Field("g", INT));
    BatchBuilder b = new BatchBuilder(schema, 40);
    List<Object> expected = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String pattern = i % 3 == 0 ? "(&|^)channel_id=([^&]*)" : "([a-z])=(\\d)";
      long group = i % 2 + 1;
      b.add(url, pattern, group);
      java.util.regex.Matcher m = java.util.regex.Pattern.compile(pattern).matcher(url);
      expected.add(m.find() ? m.group((int) group) : null);
    }
    Batch batch = b.build();
    Column c = ExprCompiler.compile(call(Function.REGEXP_EXTRACT, VARCHAR, ref(0, VARCHAR), ref(1, VARCHAR), ref(2, INT))).evaluate(batch, context);
    List<Object> actual = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      actual.add(c.getObject(i));
    }
    assertEquals(expected, actual);
  }

  /**
   * Inputs whose hash codes are equal land in one set of REGEXP_EXTRACT's table: two of them are both
   * remembered, a third replaces the one used less recently, and every answer is the search's.
   */
  @Test
  void regexpExtractRemembersTwoInputsOfOneSetAndReplacesTheLeastRecent() {
    // "Aa" and "BB" have one hash code, so these four strings have one too
    String[] urls = new String[4];
    String[] ids = {"AaAa", "AaBB", "BBAa", "BBBB"};
    for (int i = 0; i < 4; i++) {
      urls[i] = "https://x/?a=1&channel_id=" + ids[i];
      assertEquals(urls[0].hashCode(), urls[i].hashCode());
    }
    Strings.RegexpExtract extract = new Strings.RegexpExtract();
    Object[] pattern = {null, "(&|^)channel_id=([^&]*)", 2L};
    java.util.function.IntFunction<Object> lookUp = i -> extract.extract(new Object[] {new String(urls[i].toCharArray()), pattern[1], pattern[2]});
    assertEquals(ids[0], lookUp.apply(0));
    assertEquals(ids[1], lookUp.apply(1));
    assertEquals(ids[0], lookUp.apply(0));
    assertEquals(ids[1], lookUp.apply(1));
    assertEquals(2, extract.searches, "both inputs of the set are remembered");
    assertEquals(ids[2], lookUp.apply(2)); // replaces 0, used less recently than 1
    assertEquals(ids[1], lookUp.apply(1));
    assertEquals(3, extract.searches);
    assertEquals(ids[0], lookUp.apply(0)); // replaces 2
    assertEquals(ids[2], lookUp.apply(2)); // replaces 1
    assertEquals(ids[3], lookUp.apply(3)); // replaces 0
    assertEquals(6, extract.searches);
    assertEquals(ids[2], lookUp.apply(2));
    assertEquals(ids[3], lookUp.apply(3));
    assertEquals(6, extract.searches);
  }

  @Test
  void dateFormatReusesTheLastTextOnlyWithinTheFinestFieldOfItsPattern() {
    long day = 86_400_000L;
    long base = 1436918400000L; // 2015-07-15 00:00:00.000 UTC
    Object[] times = {base + 5, base + day - 1, base + day, base + 1, base - 1, base + 61_000, base + 61_999, base + 62_000};
    for (String pattern : new String[] {"yyyy-MM-dd", "HH:mm", "yyyy-MM-dd HH:mm:ss", "ss.SSS", "'HH' dd"}) {
      java.time.format.DateTimeFormatter f = java.time.format.DateTimeFormatter.ofPattern(pattern);
      List<Object> expected = new java.util.ArrayList<>();
      for (Object t : times) {
        expected.add(f.format(java.time.LocalDateTime.ofEpochSecond(Math.floorDiv((long) t, 1000L), (int) Math.floorMod((long) t, 1000L) * 1_000_000, java.time.ZoneOffset.UTC)));
      }
      assertEquals(expected, eval(call(Function.DATE_FORMAT, VARCHAR, ref(0, TIMESTAMP), lit(pattern, VARCHAR)), TIMESTAMP, times), pattern);
    }
  }

  @Test
  void dateTimeFunctionsReadTimestampsAsUtc() {
    long base = 1436918400000L; // 2015-07-15 00:00:00.000 UTC
    Expr x = ref(0, TIMESTAMP);
    assertEquals(List.of("2015-07-15 01:02"), eval(call(Function.DATE_FORMAT, VARCHAR, x, lit("yyyy-MM-dd HH:mm", VARCHAR)), TIMESTAMP, base + 3_720_000L));
    assertEquals(List.of(1L), eval(call(Function.HOUR, BIGINT, x), TIMESTAMP, base + 3_720_000L));
    assertEquals(List.of(2015L), eval(call(Function.YEAR, BIGINT, x), TIMESTAMP, base));
    assertEquals(List.of(base + 3_600_000L), eval(call(Function.TIMESTAMP_FLOOR, TIMESTAMP, x, lit("HOUR", VARCHAR)), TIMESTAMP, base + 3_720_000L));
    assertEquals(List.of(base - 4000L), eval(call(Function.MINUS, TIMESTAMP, x, lit(4000L, DataType.of(TypeKind.INTERVAL))), TIMESTAMP, base));
  }

  /** HOUR, MINUTE and SECOND of a timestamp are computed over the column; they must agree with java.time. */
  @Test
  void hourMinuteAndSecondOfTimestampsAgreeWithJavaTime() {
    java.util.Random random = new java.util.Random(9);
    Object[] times = new Object[500];
    for (int i = 0; i < times.length; i++) {
      // around the epoch both ways, and the Nexmark era; some NULLs
      times[i] = i % 50 == 7 ? null : random.nextBoolean() ? random.nextLong() % 4_000_000_000_000L : 1436918400000L + random.nextInt(200_000_000);
    }
    times[0] = -1L; // 1969-12-31 23:59:59.999
    Expr x = ref(0, TIMESTAMP);
    for (Function f : List.of(Function.HOUR, Function.MINUTE, Function.SECOND)) {
      List<Object> got = eval(call(f, BIGINT, x), TIMESTAMP, times);
      for (int i = 0; i < times.length; i++) {
        Object expected = null;
        if (times[i] != null) {
          java.time.LocalDateTime t = java.time.LocalDateTime.ofInstant(java.time.Instant.ofEpochMilli((Long) times[i]), java.time.ZoneOffset.UTC);
          expected = (long) (f == Function.HOUR ? t.getHour() : f == Function.MINUTE ? t.getMinute() : t.getSecond());
        }
        assertEquals(expected, got.get(i), f + " of " + times[i]);
      }
    }
    assertEquals(List.of(0L), eval(call(Function.HOUR, BIGINT, ref(0, DataType.of(TypeKind.DATE))), DataType.of(TypeKind.DATE), 16_631L));
  }

  @Test
  void castsConvertOrReportAndYieldNull() {
    assertEquals(Arrays.asList(42L, null), eval(call(Function.CAST, INT, ref(0, VARCHAR)), VARCHAR, " 42 ", "abc"));
    assertEquals(List.of("cannot cast 'abc' to INT in CAST [abc]"), errors);
    assertEquals(List.of("2015-07-15 00:00:00.000"), eval(call(Function.CAST, VARCHAR, ref(0, TIMESTAMP)), TIMESTAMP, 1436918400000L));
    assertEquals(List.of(1436918400000L), eval(call(Function.CAST, TIMESTAMP, ref(0, VARCHAR)), VARCHAR, "2015-07-15 00:00:00"));
    assertEquals(List.of(1L), eval(call(Function.CAST, BIGINT, ref(0, DOUBLE)), DOUBLE, 1.9));
    assertEquals(List.of(new BigDecimal("1.50")), eval(call(Function.CAST, DataType.decimal(5, 2), ref(0, VARCHAR)), VARCHAR, "1.499"));
    assertEquals(List.of("TRUE"), eval(call(Function.CAST, VARCHAR, ref(0, BOOLEAN)), BOOLEAN, true));
  }

  @Test
  void rowsAreBuiltAndReadByField() {
    DataType row = DataType.row(List.of(new DataType.Field("a", VARCHAR), new DataType.Field("b", BIGINT)));
    Expr built = call(Function.ROW, row, ref(0, VARCHAR), lit(7L, BIGINT));
    Expr field = call(Function.FIELD, BIGINT, built, lit(1L, INT));
    assertEquals(List.of(7L), eval(field, VARCHAR, "x"));
  }

  @Test
  void equalSubExpressionsAreEvaluatedOnceABatch() {
    // 100 / x appears in two expressions compiled together: a zero divisor is reported once, not twice
    Expr ratio = call(Function.DIVIDE, BIGINT, lit(100L, BIGINT), ref(0, BIGINT));
    Expr doubled = call(Function.TIMES, BIGINT, ratio, lit(2L, BIGINT));
    List<Evaluator> both = ExprCompiler.compileAll(List.of(ratio, doubled));
    BatchBuilder b = new BatchBuilder(Schema.of(new DataType.Field("x", BIGINT)), 2);
    b.add(0L);
    b.add(50L);
    Batch batch = b.build();
    Column first = both.get(0).evaluate(batch, context);
    Column second = both.get(1).evaluate(batch, context);
    assertEquals(Arrays.asList(null, 2L), Arrays.asList(first.getObject(0), first.getObject(1)));
    assertEquals(Arrays.asList(null, 4L), Arrays.asList(second.getObject(0), second.getObject(1)));
    assertEquals(List.of("division by zero [0]"), errors);
  }

  @Test
  void caseEvaluatesABranchOnlyForTheRowsThatTakeIt() {
    // CASE WHEN x = 0 THEN NULL ELSE 100 / x END: no row is divided by zero, so nothing is reported
    Expr x = ref(0, BIGINT);
    Expr guarded = call(Function.CASE, BIGINT, call(Function.EQUALS, BOOLEAN, x, lit(0L, BIGINT)), lit(null, BIGINT),
        call(Function.DIVIDE, BIGINT, lit(100L, BIGINT), x));
    assertEquals(Arrays.asList(null, 50L, null, -25L), eval(guarded, BIGINT, 0L, 2L, null, -4L));
    assertEquals(List.of(), errors);
  }

  @Test
  void caseKeepsRowOrderAcrossBranches() {
    Expr x = ref(0, BIGINT);
    Expr small = call(Function.LESS_THAN, BOOLEAN, x, lit(10L, BIGINT));
    Expr big = call(Function.GREATER_THAN, BOOLEAN, x, lit(100L, BIGINT));
    Expr label = call(Function.CASE, VARCHAR, small, lit("small", VARCHAR), big, call(Function.CONCAT, VARCHAR, lit("big ", VARCHAR), call(Function.CAST, VARCHAR, x)), lit("mid", VARCHAR));
    assertEquals(Arrays.asList("big 500", "small", "mid", "small", "big 101", "mid"), eval(label, BIGINT, 500L, 1L, 50L, 9L, 101L, null));
  }

  @Test
  void caseBranchesPickTheRowsOfASubExpressionComputedForTheWholeBatch() {
    AtomicInteger calls = new AtomicInteger();
    Expr tagged = countingTag(ref(0, VARCHAR), calls);
    // CASE WHEN tag(x) = '<a>' THEN 'A' WHEN tag(x) = '<b>' THEN 'B' ELSE tag(x) END
    Expr e =
        call(Function.CASE, VARCHAR,
            call(Function.EQUALS, BOOLEAN, tagged, lit("<a>", VARCHAR)), lit("A", VARCHAR),
            call(Function.EQUALS, BOOLEAN, tagged, lit("<b>", VARCHAR)), lit("B", VARCHAR),
            tagged);
    assertEquals(Arrays.asList("<c>", "A", "<d>", "B", null, "A"), eval(e, VARCHAR, "c", "a", "d", "b", null, "a"));
    assertEquals(5, calls.get(), "tag once for each row that is not NULL, though the branches see fewer rows each");
  }

  /**
   * Over a column built from a dictionary, a function of its values is computed per entry: the results,
   * and the errors reported row by row, must be those of the same column without its dictionary.
   */
  @Test
  void aFunctionOfADictionaryColumnGivesWhatItGivesRowByRow() {
    Object[] dictionary = {"https://a.com/x/y", "b/c/d", "12", "not a number", "NEVER"};
    int[] ids = {0, 1, -1, 2, 3, 0, 3, 1};
    boolean[] nulls = new boolean[ids.length];
    Object[] values = new Object[ids.length];
    for (int r = 0; r < ids.length; r++) {
      nulls[r] = ids[r] < 0;
      values[r] = ids[r] < 0 ? null : dictionary[ids[r]];
    }
    Schema schema = Schema.of(new DataType.Field("x", VARCHAR));
    Batch coded = new Batch(schema, new Column[] {new ObjectColumn(VARCHAR, values, nulls, dictionary, ids)}, null, ids.length);
    Batch plain = new Batch(schema, new Column[] {new ObjectColumn(VARCHAR, values, nulls)}, null, ids.length);
    Expr x = ref(0, VARCHAR);
    List<Expr> exprs =
        List.of(
            call(Function.UPPER, VARCHAR, x),
            call(Function.SPLIT_INDEX, VARCHAR, x, lit("/", VARCHAR), lit(1L, INT)),
            call(Function.REGEXP_EXTRACT, VARCHAR, x, lit("([a-z])/([a-z])", VARCHAR), lit(2L, INT)),
            call(Function.CHAR_LENGTH, INT, x),
            call(Function.CAST, BIGINT, x), // fails on the 6 rows but "12"; "NEVER" is named by no row
            call(Function.EQUALS, BOOLEAN, call(Function.LOWER, VARCHAR, x), lit("never", VARCHAR)),
            call(Function.CONCAT, VARCHAR, x, lit(null, VARCHAR)));
    for (Expr e : exprs) {
      errors.clear();
      Column fromDictionary = ExprCompiler.compile(e).evaluate(coded, context);
      List<String> dictionaryErrors = new ArrayList<>(errors);
      errors.clear();
      Column rowByRow = ExprCompiler.compile(e).evaluate(plain, context);
      for (int r = 0; r < ids.length; r++) {
        assertEquals(rowByRow.getObject(r), fromDictionary.getObject(r), e + ", row " + r);
      }
      assertEquals(errors, dictionaryErrors, e.toString());
    }
    errors.clear();
    ExprCompiler.compile(call(Function.CAST, BIGINT, x)).evaluate(coded, context);
    assertEquals(6, errors.size(), "each failing row is reported once: " + errors);
    assertTrue(errors.stream().noneMatch(error -> error.contains("NEVER")), "an entry no row names is not computed: " + errors);
    ObjectColumn upper = (ObjectColumn) ExprCompiler.compile(call(Function.UPPER, VARCHAR, x)).evaluate(coded, context);
    assertEquals("B/C/D", upper.dictionary()[upper.ids()[1]], "a VARCHAR result keeps the dictionary form");
  }
}
