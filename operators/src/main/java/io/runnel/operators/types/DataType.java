package io.runnel.operators.types;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A SQL type with its parameters. {@code precision} and {@code scale} apply to DECIMAL (and precision to
 * VARCHAR, TIMESTAMP); {@code fields} to ROW only. Nullability is part of the type.
 */
public record DataType(TypeKind kind, int precision, int scale, boolean nullable, List<Field> fields) {

  /** A named field of a ROW type or of a schema. */
  public record Field(String name, DataType type) {
    public Field {
      requireNonNull(name, "name is null");
      requireNonNull(type, "type is null");
    }
  }

  public static final int NO_PRECISION = -1;

  public DataType {
    requireNonNull(kind, "kind is null");
    fields = List.copyOf(fields);
    if (kind != TypeKind.ROW && !fields.isEmpty()) {
      throw new IllegalArgumentException("only ROW has fields");
    }
  }

  public static DataType of(TypeKind kind) {
    return new DataType(kind, NO_PRECISION, 0, true, List.of());
  }

  public static DataType decimal(int precision, int scale) {
    return new DataType(TypeKind.DECIMAL, precision, scale, true, List.of());
  }

  public static DataType row(List<Field> fields) {
    return new DataType(TypeKind.ROW, NO_PRECISION, 0, true, fields);
  }

  public DataType withNullable(boolean nullable) {
    return new DataType(kind, precision, scale, nullable, fields);
  }

  public TypeKind.Physical physical() {
    return kind.physical();
  }

  /** SQL spelling, as DESCRIBE and error messages print it: {@code DECIMAL(10, 2)}, {@code ROW<a INT>}. */
  @Override
  public String toString() {
    String base =
        switch (kind) {
          case DECIMAL -> "DECIMAL(" + precision + ", " + scale + ")";
          case TIMESTAMP -> "TIMESTAMP(3)";
          case TIMESTAMP_LTZ -> "TIMESTAMP_LTZ(3)";
          case ROW ->
              fields.stream()
                  .map(f -> f.name() + " " + f.type())
                  .collect(Collectors.joining(", ", "ROW<", ">"));
          default -> kind.name();
        };
    return nullable ? base : base + " NOT NULL";
  }
}
