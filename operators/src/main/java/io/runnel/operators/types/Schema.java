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

  public List<String> names() {
    return fields.stream().map(DataType.Field::name).toList();
  }
}
