package io.runnel.parser.ast;

/** Every AST node knows where it starts in the source text. */
public interface Node {
  Pos pos();
}
