package io.runnel.parser.ast;

/** A position in the statement text: 1-based line, 1-based column. */
public record Pos(int line, int column) {
  public static final Pos UNKNOWN = new Pos(0, 0);

  @Override
  public String toString() {
    return "line " + line + ":" + column;
  }
}
