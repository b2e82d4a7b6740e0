package io.runnel.planner.validate;

import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.Suggestions;
import io.runnel.parser.ast.TypeSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

/** Converts between written types, Runnel's {@link DataType} and Calcite's {@link RelDataType}. */
public final class TypeMapping {
  private static final List<String> TYPE_NAMES =
      List.of(
          "BOOLEAN", "TINYINT", "SMALLINT", "INT", "INTEGER", "BIGINT", "FLOAT", "REAL", "DOUBLE",
          "DECIMAL", "NUMERIC", "VARCHAR", "STRING", "CHAR", "TIMESTAMP", "TIMESTAMP_LTZ", "DATE",
          "ROW");

  private final RelDataTypeFactory factory;

  public TypeMapping(RelDataTypeFactory factory) {
    this.factory = factory;
  }

  /** The type a column declaration or CAST names; rejects unknown names and bad parameters. */
  public static DataType fromSpec(TypeSpec spec) {
    List<Integer> p = spec.parameters();
    DataType type =
        switch (spec.name()) {
          case "BOOLEAN" -> plain(spec, TypeKind.BOOLEAN);
          case "TINYINT", "SMALLINT", "INT", "INTEGER" -> plain(spec, TypeKind.INT);
          case "BIGINT" -> plain(spec, TypeKind.BIGINT);
          case "FLOAT", "REAL", "DOUBLE" -> plain(spec, TypeKind.DOUBLE);
          case "DECIMAL", "NUMERIC", "DEC" -> decimal(spec);
          case "VARCHAR", "STRING", "CHAR" -> DataType.of(TypeKind.VARCHAR);
          case "TIMESTAMP" -> timestamp(spec, TypeKind.TIMESTAMP);
          case "TIMESTAMP_LTZ" -> timestamp(spec, TypeKind.TIMESTAMP_LTZ);
          case "DATE" -> plain(spec, TypeKind.DATE);
          case "ROW" -> row(spec);
          default -> {
            String closest = Suggestions.closest(spec.name(), TYPE_NAMES);
            throw new RunnelException(
                ErrorCode.UNKNOWN_TYPE,
                spec.pos(),
                "Unknown type '" + spec.name() + "'",
                closest != null ? "Did you mean " + closest + "?" : "Known types: " + String.join(", ", TYPE_NAMES) + ".");
          }
        };
    return spec.notNull() ? type.withNullable(false) : type;
  }

  private static DataType plain(TypeSpec spec, TypeKind kind) {
    if (!spec.parameters().isEmpty()) {
      throw RunnelException.user(
          ErrorCode.UNKNOWN_TYPE, spec.pos(), "Type " + spec.name() + " takes no parameters");
    }
    return DataType.of(kind);
  }

  private static DataType decimal(TypeSpec spec) {
    List<Integer> p = spec.parameters();
    int precision = p.isEmpty() ? 10 : p.get(0);
    int scale = p.size() > 1 ? p.get(1) : 0;
    if (p.size() > 2 || precision < 1 || precision > 38 || scale < 0 || scale > precision) {
      throw new RunnelException(
          ErrorCode.UNKNOWN_TYPE,
          spec.pos(),
          "Invalid DECIMAL(" + precision + ", " + scale + ")",
          "Precision must be 1 to 38 and scale 0 to the precision.");
    }
    return DataType.decimal(precision, scale);
  }

  private static DataType timestamp(TypeSpec spec, TypeKind kind) {
    List<Integer> p = spec.parameters();
    if (p.size() > 1 || (p.size() == 1 && (p.get(0) < 0 || p.get(0) > 3))) {
      throw new RunnelException(
          ErrorCode.UNKNOWN_TYPE,
          spec.pos(),
          "Unsupported precision for " + spec.name() + ": " + p,
          "Timestamps are held in milliseconds: use a precision of 0 to 3.");
    }
    return DataType.of(kind);
  }

  private static DataType row(TypeSpec spec) {
    List<DataType.Field> fields = new ArrayList<>();
    for (TypeSpec.RowField f : spec.fields()) {
      fields.add(new DataType.Field(f.name().value(), fromSpec(f.type())));
    }
    return DataType.row(fields);
  }

  /** Runnel type to Calcite type. */
  public RelDataType toRel(DataType type) {
    RelDataType rel =
        switch (type.kind()) {
          case BOOLEAN -> factory.createSqlType(SqlTypeName.BOOLEAN);
          case INT -> factory.createSqlType(SqlTypeName.INTEGER);
          case BIGINT -> factory.createSqlType(SqlTypeName.BIGINT);
          case DOUBLE -> factory.createSqlType(SqlTypeName.DOUBLE);
          case DECIMAL -> factory.createSqlType(SqlTypeName.DECIMAL, type.precision(), type.scale());
          case VARCHAR -> factory.createSqlType(SqlTypeName.VARCHAR);
          case TIMESTAMP -> factory.createSqlType(SqlTypeName.TIMESTAMP, 3);
          case TIMESTAMP_LTZ ->
              factory.createSqlType(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, 3);
          case DATE -> factory.createSqlType(SqlTypeName.DATE);
          case INTERVAL ->
              factory.createSqlIntervalType(
                  new SqlIntervalQualifier(TimeUnit.DAY, TimeUnit.SECOND, SqlParserPos.ZERO));
          case ROW -> {
            List<String> names = new ArrayList<>();
            List<RelDataType> types = new ArrayList<>();
            for (DataType.Field f : type.fields()) {
              names.add(f.name());
              types.add(toRel(f.type()));
            }
            yield factory.createStructType(types, names);
          }
          case NULL -> factory.createSqlType(SqlTypeName.NULL);
        };
    return factory.createTypeWithNullability(rel, type.nullable());
  }

  public RelDataType toRel(Schema schema) {
    List<String> names = new ArrayList<>();
    List<RelDataType> types = new ArrayList<>();
    for (DataType.Field f : schema.fields()) {
      names.add(f.name());
      types.add(toRel(f.type()));
    }
    return factory.createStructType(types, names);
  }

  /** Calcite type to Runnel type; throws for types Runnel cannot hold. */
  public static DataType fromRel(RelDataType rel) {
    DataType type =
        switch (rel.getSqlTypeName()) {
          case BOOLEAN -> DataType.of(TypeKind.BOOLEAN);
          case TINYINT, SMALLINT, INTEGER -> DataType.of(TypeKind.INT);
          case BIGINT -> DataType.of(TypeKind.BIGINT);
          case FLOAT, REAL, DOUBLE -> DataType.of(TypeKind.DOUBLE);
          case DECIMAL -> DataType.decimal(rel.getPrecision(), rel.getScale());
          case CHAR, VARCHAR -> DataType.of(TypeKind.VARCHAR);
          case TIMESTAMP -> DataType.of(TypeKind.TIMESTAMP);
          case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> DataType.of(TypeKind.TIMESTAMP_LTZ);
          case DATE -> DataType.of(TypeKind.DATE);
          case INTERVAL_DAY, INTERVAL_DAY_HOUR, INTERVAL_DAY_MINUTE, INTERVAL_DAY_SECOND,
              INTERVAL_HOUR, INTERVAL_HOUR_MINUTE, INTERVAL_HOUR_SECOND, INTERVAL_MINUTE,
              INTERVAL_MINUTE_SECOND, INTERVAL_SECOND ->
              DataType.of(TypeKind.INTERVAL);
          case ROW -> {
            List<DataType.Field> fields = new ArrayList<>();
            for (RelDataTypeField f : rel.getFieldList()) {
              fields.add(new DataType.Field(f.getName(), fromRel(f.getType())));
            }
            yield DataType.row(fields);
          }
          case NULL -> DataType.of(TypeKind.NULL);
          default ->
              throw RunnelException.user(
                  ErrorCode.UNSUPPORTED, null, "Type " + rel.getFullTypeString() + " is not supported");
        };
    return type.withNullable(rel.isNullable());
  }

  public static Schema schemaOf(RelDataType rowType) {
    List<DataType.Field> fields = new ArrayList<>();
    for (RelDataTypeField f : rowType.getFieldList()) {
      fields.add(new DataType.Field(f.getName(), fromRel(f.getType())));
    }
    return new Schema(fields);
  }

  /** How a type reads in an error message: {@code BIGINT}, {@code VARCHAR}, {@code DECIMAL(10, 2)}. */
  public static String describe(RelDataType rel) {
    try {
      return fromRel(rel).withNullable(true).toString();
    } catch (RunnelException e) {
      return rel.getSqlTypeName().getName();
    }
  }
}
