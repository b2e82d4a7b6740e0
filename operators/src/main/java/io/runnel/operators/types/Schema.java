package io.runnel.operators.types;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** The ordered, named columns of a stream, table or operator output. */
public record Schema(List<DataType.Field> fields) {

  public Schema {
    fields = List.copyOf(requireNonNull(fields, "fields is null"));
  }

  public static Schema of(DataType.Field... fields) {
    return new Schema(List.of(fields));
  }

  public int size() {
    return fields.size();
  }

  public DataType type(int column) {
    return fields.get(column).type();
  }

  public String name(int column) {
    return fields.get(column).name();
  }

  /** Index of the column with this name (case-insensitive), or -1. */
  public int indexOf(String name) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).name().equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  /** A boxed row of this schema as text for people: {@code [1, 2024-01-01 00:00:05.000, x]}. */
  public String format(Object[] row) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < row.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      Object v = row[i];
      TypeKind kind = i < fields.size() ? type(i).kind() : null;
      if (v instanceof Long millis && (kind == TypeKind.TIMESTAMP || kind == TypeKind.TIMESTAMP_LTZ)) {
        sb.append(Timestamps.format(millis));
      } else if (v instanceof Long days && kind == TypeKind.DATE) {
        sb.append(java.time.LocalDate.ofEpochDay(days));
      } else if (v instanceof Long b && kind == TypeKind.BOOLEAN) {
        sb.append(b != 0);
      } else if (v instanceof Object[] nested) {
        sb.append(java.util.Arrays.deepToString(nested));
      } else {
        sb.append(v);
      }
    }
    return sb.append(']').toString();
  }

  public List<String> names() {
    return fields.stream().map(DataType.Field::name).toList();
  }
}
