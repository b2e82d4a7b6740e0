package io.runnel.planner.validate;

import java.util.Map;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import io.runnel.operators.expr.Function;

/**
 * The Calcite operators Runnel's expressions are built from, and the operator {@link Function} each one
 * evaluates as. Functions Calcite's standard table lacks are declared here; their result types are always
 * given explicitly when a call is made, so their return-type inference is never used.
 */
public final class RunnelOperators {
  private RunnelOperators() {}

  public static final SqlFunction REGEXP_EXTRACT = function("REGEXP_EXTRACT");
  public static final SqlFunction SPLIT_INDEX = function("SPLIT_INDEX");
  public static final SqlFunction DATE_FORMAT = function("DATE_FORMAT");
  public static final SqlFunction YEAR = function("YEAR");
  public static final SqlFunction MONTH = function("MONTH");
  public static final SqlFunction DAYOFMONTH = function("DAYOFMONTH");
  public static final SqlFunction HOUR = function("HOUR");
  public static final SqlFunction MINUTE = function("MINUTE");
  public static final SqlFunction SECOND = function("SECOND");
  public static final SqlFunction CONCAT_FUNCTION = function("CONCAT");
  public static final SqlFunction REPLACE = function("REPLACE");
  public static final SqlFunction TRIM = function("TRIM");
  public static final SqlFunction SUBSTRING = function("SUBSTRING");
  public static final SqlFunction POSITION = function("POSITION");
  public static final SqlFunction ROUND = function("ROUND");
  public static final SqlFunction ROW = function("ROW");
  public static final SqlFunction TIMESTAMP_FLOOR = function("TIMESTAMP_FLOOR");

  /** Processing time: neither deterministic nor constant, so Calcite never folds it. */
  public static final SqlFunction PROCTIME =
      new SqlFunction("PROCTIME", SqlKind.OTHER_FUNCTION, ReturnTypes.ARG0_NULLABLE, null, OperandTypes.NILADIC, SqlFunctionCategory.TIMEDATE) {
        @Override
        public boolean isDeterministic() {
          return false;
        }

        @Override
        public boolean isDynamicFunction() {
          return true;
        }
      };

  private static SqlFunction function(String name) {
    return new SqlFunction(
        name,
        SqlKind.OTHER_FUNCTION,
        ReturnTypes.ARG0_NULLABLE,
        null,
        OperandTypes.VARIADIC,
        SqlFunctionCategory.USER_DEFINED_FUNCTION);
  }

  private static final Map<SqlOperator, Function> FUNCTIONS =
      Map.ofEntries(
          Map.entry(SqlStdOperatorTable.PLUS, Function.PLUS),
          Map.entry(SqlStdOperatorTable.DATETIME_PLUS, Function.PLUS),
          Map.entry(SqlStdOperatorTable.MINUS, Function.MINUS),
          Map.entry(SqlStdOperatorTable.MINUS_DATE, Function.MINUS),
          Map.entry(SqlStdOperatorTable.MULTIPLY, Function.TIMES),
          Map.entry(SqlStdOperatorTable.DIVIDE, Function.DIVIDE),
          Map.entry(SqlStdOperatorTable.MOD, Function.MOD),
          Map.entry(SqlStdOperatorTable.UNARY_MINUS, Function.NEGATE),
          Map.entry(SqlStdOperatorTable.EQUALS, Function.EQUALS),
          Map.entry(SqlStdOperatorTable.NOT_EQUALS, Function.NOT_EQUALS),
          Map.entry(SqlStdOperatorTable.LESS_THAN, Function.LESS_THAN),
          Map.entry(SqlStdOperatorTable.LESS_THAN_OR_EQUAL, Function.LESS_THAN_OR_EQUAL),
          Map.entry(SqlStdOperatorTable.GREATER_THAN, Function.GREATER_THAN),
          Map.entry(SqlStdOperatorTable.GREATER_THAN_OR_EQUAL, Function.GREATER_THAN_OR_EQUAL),
          Map.entry(SqlStdOperatorTable.IS_DISTINCT_FROM, Function.IS_DISTINCT_FROM),
          Map.entry(SqlStdOperatorTable.IS_NOT_DISTINCT_FROM, Function.IS_NOT_DISTINCT_FROM),
          Map.entry(SqlStdOperatorTable.AND, Function.AND),
          Map.entry(SqlStdOperatorTable.OR, Function.OR),
          Map.entry(SqlStdOperatorTable.NOT, Function.NOT),
          Map.entry(SqlStdOperatorTable.IS_NULL, Function.IS_NULL),
          Map.entry(SqlStdOperatorTable.IS_NOT_NULL, Function.IS_NOT_NULL),
          Map.entry(SqlStdOperatorTable.IS_TRUE, Function.IS_TRUE),
          Map.entry(SqlStdOperatorTable.IS_NOT_TRUE, Function.IS_NOT_TRUE),
          Map.entry(SqlStdOperatorTable.IS_FALSE, Function.IS_FALSE),
          Map.entry(SqlStdOperatorTable.IS_NOT_FALSE, Function.IS_NOT_FALSE),
          Map.entry(SqlStdOperatorTable.CASE, Function.CASE),
          Map.entry(SqlStdOperatorTable.CAST, Function.CAST),
          Map.entry(SqlStdOperatorTable.COALESCE, Function.COALESCE),
          Map.entry(SqlStdOperatorTable.LIKE, Function.LIKE),
          Map.entry(SqlStdOperatorTable.LOWER, Function.LOWER),
          Map.entry(SqlStdOperatorTable.UPPER, Function.UPPER),
          Map.entry(SqlStdOperatorTable.CHAR_LENGTH, Function.CHAR_LENGTH),
          Map.entry(SqlStdOperatorTable.CONCAT, Function.CONCAT),
          Map.entry(SqlStdOperatorTable.ABS, Function.ABS),
          Map.entry(SqlStdOperatorTable.FLOOR, Function.FLOOR),
          Map.entry(SqlStdOperatorTable.CEIL, Function.CEIL),
          Map.entry(SqlStdOperatorTable.POWER, Function.POWER),
          Map.entry(SqlStdOperatorTable.SQRT, Function.SQRT),
          Map.entry(SqlStdOperatorTable.LN, Function.LN),
          Map.entry(SqlStdOperatorTable.EXP, Function.EXP),
          Map.entry(REGEXP_EXTRACT, Function.REGEXP_EXTRACT),
          Map.entry(SPLIT_INDEX, Function.SPLIT_INDEX),
          Map.entry(DATE_FORMAT, Function.DATE_FORMAT),
          Map.entry(YEAR, Function.YEAR),
          Map.entry(MONTH, Function.MONTH),
          Map.entry(DAYOFMONTH, Function.DAYOFMONTH),
          Map.entry(HOUR, Function.HOUR),
          Map.entry(MINUTE, Function.MINUTE),
          Map.entry(SECOND, Function.SECOND),
          Map.entry(CONCAT_FUNCTION, Function.CONCAT),
          Map.entry(PROCTIME, Function.PROCTIME),
          Map.entry(REPLACE, Function.REPLACE),
          Map.entry(TRIM, Function.TRIM),
          Map.entry(SUBSTRING, Function.SUBSTRING),
          Map.entry(POSITION, Function.POSITION),
          Map.entry(ROUND, Function.ROUND),
          Map.entry(ROW, Function.ROW),
          Map.entry(TIMESTAMP_FLOOR, Function.TIMESTAMP_FLOOR));

  /** The operator function a Calcite operator evaluates as, or null if Runnel cannot evaluate it. */
  public static Function functionOf(SqlOperator operator) {
    return FUNCTIONS.get(operator);
  }
}
