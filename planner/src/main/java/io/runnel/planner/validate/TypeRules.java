package io.runnel.planner.validate;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;

/** Which types combine, compare and convert, following Flink SQL where it is stricter than Calcite. */
public final class TypeRules {
  private TypeRules() {}

  static boolean isNull(RelDataType t) {
    return t.getSqlTypeName() == SqlTypeName.NULL;
  }

  public static boolean isNumeric(RelDataType t) {
    return SqlTypeFamily.NUMERIC.contains(t);
  }

  static boolean isInteger(RelDataType t) {
    return SqlTypeFamily.INTEGER.contains(t);
  }

  static boolean isString(RelDataType t) {
    return SqlTypeFamily.CHARACTER.contains(t);
  }

  static boolean isStringOrNull(RelDataType t) {
    return isString(t) || isNull(t);
  }

  public static boolean isInterval(RelDataType t) {
    return SqlTypeFamily.INTERVAL_DAY_TIME.contains(t);
  }

  public static boolean isTimestamp(RelDataType t) {
    return t.getSqlTypeName() == SqlTypeName.TIMESTAMP
        || t.getSqlTypeName() == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
  }

  static boolean isDatetime(RelDataType t) {
    return isTimestamp(t) || t.getSqlTypeName() == SqlTypeName.DATE;
  }

  static RelDataType varchar(RelDataTypeFactory f, boolean nullable) {
    return f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR), nullable);
  }

  static RelDataType bool(RelDataTypeFactory f, boolean nullable) {
    return f.createTypeWithNullability(f.createSqlType(SqlTypeName.BOOLEAN), nullable);
  }

  static RelDataType bigint(RelDataTypeFactory f, boolean nullable) {
    return f.createTypeWithNullability(f.createSqlType(SqlTypeName.BIGINT), nullable);
  }

  static RelDataType integer(RelDataTypeFactory f, boolean nullable) {
    return f.createTypeWithNullability(f.createSqlType(SqlTypeName.INTEGER), nullable);
  }

  static RelDataType dbl(RelDataTypeFactory f, boolean nullable) {
    return f.createTypeWithNullability(f.createSqlType(SqlTypeName.DOUBLE), nullable);
  }

  /** Same Runnel type ignoring nullability and string length: no cast needed between them. */
  static boolean sameKind(RelDataType a, RelDataType b) {
    if (isString(a) && isString(b)) {
      return true;
    }
    if (isInterval(a) && isInterval(b)) {
      return true;
    }
    if (a.getSqlTypeName() != b.getSqlTypeName()) {
      return false;
    }
    if (a.getSqlTypeName() == SqlTypeName.DECIMAL) {
      return a.getPrecision() == b.getPrecision() && a.getScale() == b.getScale();
    }
    if (a.isStruct()) {
      return a.getFullTypeString().equals(b.getFullTypeString());
    }
    return true;
  }

  /** The type both sides of a comparison are cast to, or null when they cannot be compared. */
  static RelDataType comparableType(RelDataTypeFactory f, RelDataType a, RelDataType b) {
    if (isNull(a) && isNull(b)) {
      return bool(f, true);
    }
    if (isNull(a)) {
      return b;
    }
    if (isNull(b)) {
      return a;
    }
    boolean comparable =
        (isNumeric(a) && isNumeric(b))
            || (isString(a) && isString(b))
            || (a.getSqlTypeName() == SqlTypeName.BOOLEAN && b.getSqlTypeName() == SqlTypeName.BOOLEAN)
            || (isDatetime(a) && isDatetime(b))
            || (isInterval(a) && isInterval(b));
    return comparable ? leastRestrictive(f, a, b) : null;
  }

  /** The narrowest type both values fit, or null when they do not mix. Strings become VARCHAR. */
  public static RelDataType leastRestrictive(RelDataTypeFactory f, RelDataType a, RelDataType b) {
    boolean nullable = a.isNullable() || b.isNullable();
    if (isNull(a)) {
      return f.createTypeWithNullability(b, true);
    }
    if (isNull(b)) {
      return f.createTypeWithNullability(a, true);
    }
    if (isString(a) && isString(b)) {
      return varchar(f, nullable);
    }
    if (isInterval(a) && isInterval(b)) {
      return f.createTypeWithNullability(a, nullable);
    }
    if (isDatetime(a) && isDatetime(b) && a.getSqlTypeName() != b.getSqlTypeName()) {
      RelDataType ts = a.getSqlTypeName() == SqlTypeName.DATE ? b : a;
      return f.createTypeWithNullability(ts, nullable);
    }
    if (isNumeric(a) != isNumeric(b) && !(isNull(a) || isNull(b))) {
      return null;
    }
    if (a.getSqlTypeName() != b.getSqlTypeName() && !isNumeric(a)) {
      return null;
    }
    RelDataType common = f.leastRestrictive(List.of(a, b));
    return common == null ? null : f.createTypeWithNullability(common, nullable);
  }

  /** Whether CAST(x AS to) is allowed for x of type {@code from}. */
  static boolean canCast(RelDataType from, RelDataType to) {
    if (isNull(from) || sameKind(from, to)) {
      return true;
    }
    if (isString(from) || isString(to)) {
      return !from.isStruct() || isString(to);
    }
    SqlTypeName fn = from.getSqlTypeName();
    SqlTypeName tn = to.getSqlTypeName();
    if (isNumeric(from) && isNumeric(to)) {
      return true;
    }
    if ((fn == SqlTypeName.BOOLEAN && isNumeric(to)) || (isNumeric(from) && tn == SqlTypeName.BOOLEAN)) {
      return true;
    }
    return isDatetime(from) && isDatetime(to);
  }

  /** Whether the cast can fail on some values (and then yield NULL), which makes its result nullable. */
  static boolean castMayFail(RelDataType from, RelDataType to) {
    return isString(from) && !isString(to);
  }
}
