package io.runnel.parser;

import io.runnel.parser.ast.Expression;
import io.runnel.parser.ast.Pos;
import java.util.List;
import java.util.function.BinaryOperator;

/** Builds balanced trees for long chains of an associative operator (AND, OR, {@code ||}, UNION ALL). */
final class Chains {
  /** Chains of more terms than this are balanced; shorter ones keep the left-nested shape SQL gives them. */
  static final int BALANCE_FROM = 16;

  /** An operand with the position of its first token (a parenthesized term starts at its parenthesis). */
  record Positioned(Pos pos, Expression expression) {}

  private Chains() {}

  /** {@code terms} joined pairwise into a tree of depth log2(n), in their order. */
  static <T> T balanced(List<T> terms, BinaryOperator<T> join) {
    return balanced(terms, 0, terms.size(), join);
  }

  private static <T> T balanced(List<T> terms, int from, int to, BinaryOperator<T> join) {
    if (to - from == 1) {
      return terms.get(from);
    }
    int mid = from + (to - from + 1) / 2;
    return join.apply(balanced(terms, from, mid, join), balanced(terms, mid, to, join));
  }
}
