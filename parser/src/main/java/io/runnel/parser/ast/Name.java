package io.runnel.parser.ast;

import static java.util.Objects.requireNonNull;

/** An identifier as written: {@code quoted} when it was in backquotes or double quotes. */
public record Name(Pos pos, String value, boolean quoted) implements Node {
  public Name {
    requireNonNull(pos, "pos is null");
    requireNonNull(value, "value is null");
  }

  @Override
  public String toString() {
    return value;
  }
}
