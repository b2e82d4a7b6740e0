package io.runnel.planner.validate;

import io.runnel.operators.types.Timestamps;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.ast.Expression;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.format.DateTimeParseException;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.TimestampString;

/** Literals as typed values: numbers get the narrowest exact type, intervals are held in milliseconds. */
public final class LiteralAnalyzer {
  private final RexBuilder rex;
  private final RelDataTypeFactory types;

  LiteralAnalyzer(RexBuilder rex) {
    this.rex = rex;
    this.types = rex.getTypeFactory();
  }

  RexNode numeric(Expression.NumericLiteral l) {
    String text = l.text();
    try {
      if (text.contains("e") || text.contains("E")) {
        return rex.makeApproxLiteral(new BigDecimal(text), types.createSqlType(SqlTypeName.DOUBLE));
      }
      BigDecimal value = new BigDecimal(text);
      // the most digits a DECIMAL holds here; beyond them Calcite fails with an internal error
      int maxDigits = types.getTypeSystem().getMaxPrecision(SqlTypeName.DECIMAL);
      if (text.contains(".")) {
        if (Math.max(value.precision(), value.scale()) > maxDigits) {
          throw tooLong(l, maxDigits);
        }
        return rex.makeExactLiteral(value, types.createSqlType(SqlTypeName.DECIMAL, Math.max(value.precision(), value.scale()), value.scale()));
      }
      BigInteger integer = value.toBigIntegerExact();
      if (integer.bitLength() < 32) {
        return rex.makeExactLiteral(value, types.createSqlType(SqlTypeName.INTEGER));
      }
      if (integer.bitLength() < 64) {
        return rex.makeExactLiteral(value, types.createSqlType(SqlTypeName.BIGINT));
      }
      if (value.precision() > maxDigits) {
        throw tooLong(l, maxDigits);
      }
      return rex.makeExactLiteral(value, types.createSqlType(SqlTypeName.DECIMAL, value.precision(), 0));
    } catch (NumberFormatException | ArithmeticException e) {
      throw RunnelException.user(ErrorCode.INVALID_LITERAL, l.pos(), "Invalid number '" + text + "'");
    }
  }

  private static RunnelException tooLong(Expression.NumericLiteral l, int maxDigits) {
    BigDecimal value = new BigDecimal(l.text());
    return new RunnelException(
        ErrorCode.INVALID_LITERAL,
        l.pos(),
        Math.max(value.precision(), value.scale()) > 38
            ? "Number '" + l.text() + "' has more than 38 digits"
            : "Number '" + l.text() + "' is out of range: an exact number has at most " + maxDigits + " digits",
        "Write it as a DOUBLE, e.g. 1.5E40.");
  }

  RexNode string(String value) {
    return rex.makeLiteral(value, types.createSqlType(SqlTypeName.VARCHAR), false);
  }

  RexNode interval(Expression.IntervalLiteral l) {
    BigDecimal millis = millis(l);
    String unit = unit(l);
    TimeUnit timeUnit = unit.equals("MILLISECOND") ? TimeUnit.SECOND : TimeUnit.valueOf(unit);
    return rex.makeIntervalLiteral(
        millis.setScale(0, java.math.RoundingMode.HALF_UP),
        new SqlIntervalQualifier(timeUnit, null, SqlParserPos.ZERO));
  }

  private static String unit(Expression.IntervalLiteral l) {
    return l.unit().endsWith("S") ? l.unit().substring(0, l.unit().length() - 1) : l.unit();
  }

  /** The interval in milliseconds (not rounded); unknown units and non-numbers are user errors. */
  public static BigDecimal millis(Expression.IntervalLiteral l) {
    String unit = unit(l);
    long millisPerUnit =
        switch (unit) {
          case "MILLISECOND" -> 1L;
          case "SECOND" -> 1_000L;
          case "MINUTE" -> 60_000L;
          case "HOUR" -> 3_600_000L;
          case "DAY" -> 86_400_000L;
          case "MONTH", "YEAR" ->
              throw new RunnelException(
                  ErrorCode.UNSUPPORTED,
                  l.pos(),
                  "Year-month intervals are not supported",
                  "Use DAY, HOUR, MINUTE, SECOND or MILLISECOND.");
          default ->
              throw RunnelException.user(ErrorCode.INVALID_LITERAL, l.pos(), "Unknown interval unit " + l.unit());
        };
    BigDecimal amount;
    try {
      amount = new BigDecimal(l.value().trim());
    } catch (NumberFormatException e) {
      throw new RunnelException(
          ErrorCode.INVALID_LITERAL,
          l.pos(),
          "Invalid interval value '" + l.value() + "'",
          "Write a number in quotes, e.g. INTERVAL '5' SECOND.");
    }
    return amount.multiply(BigDecimal.valueOf(millisPerUnit));
  }

  RexNode typed(Expression.TypedLiteral l) {
    try {
      if (l.type().equals("DATE")) {
        long days = Timestamps.parseDate(l.value());
        return rex.makeDateLiteral(DateString.fromDaysSinceEpoch((int) days));
      }
      long millis = Timestamps.parse(l.value());
      return rex.makeTimestampLiteral(TimestampString.fromMillisSinceEpoch(millis), 3);
    } catch (DateTimeParseException e) {
      throw new RunnelException(
          ErrorCode.INVALID_LITERAL,
          l.pos(),
          "Invalid " + l.type() + " literal '" + l.value() + "'",
          l.type().equals("DATE") ? "Use the form 'yyyy-MM-dd'." : "Use the form 'yyyy-MM-dd HH:mm:ss[.SSS]'.");
    }
  }

  /** -x, folding a numeric literal into a negative literal so that {@code -2147483648} stays an INT. */
  RexNode negate(RexNode operand) {
    if (operand instanceof RexLiteral lit && lit.getValue() instanceof BigDecimal value && !SqlTypeName.INTERVAL_TYPES.contains(lit.getType().getSqlTypeName())) {
      return rex.makeLiteral(value.negate(), lit.getType(), false);
    }
    return rex.makeCall(SqlStdOperatorTable.UNARY_MINUS, operand);
  }
}
