package io.runnel.parser.ast;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A type as written: {@code name} upper-cased ({@code BIGINT}, {@code VARCHAR}, {@code DECIMAL},
 * {@code TIMESTAMP}, {@code TIMESTAMP_LTZ}, {@code ROW}, ...), its numeric parameters ({@code DECIMAL(10,
 * 2)} gives [10, 2]), the fields of a ROW, and NOT NULL. Synonyms are kept as written (INTEGER, STRING,
 * TIMESTAMP WITH LOCAL TIME ZONE is given as TIMESTAMP_LTZ); the planner maps them.
 */
public record TypeSpec(
    Pos pos, String name, List<Integer> parameters, List<RowField> fields, boolean notNull)
    implements Node {
  public record RowField(Name name, TypeSpec type) {}

  public TypeSpec {
    requireNonNull(pos, "pos is null");
    requireNonNull(name, "name is null");
    parameters = List.copyOf(parameters);
    fields = List.copyOf(fields);
  }
}
