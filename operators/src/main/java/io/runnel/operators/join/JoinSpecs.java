package io.runnel.operators.join;

import io.runnel.operators.expr.Expr;
import io.runnel.operators.types.Schema;
import java.util.List;

/** What the specs of the joins that emit pairs check and tell alike. */
final class JoinSpecs {
  private JoinSpecs() {}

  /** A join that emits the left columns then the right ones: {@code output} must have them all. */
  static void checkPairs(Schema left, Schema right, Schema output) {
    if (output.size() != left.size() + right.size()) {
      throw new IllegalArgumentException("the join emits " + (left.size() + right.size()) + " columns, output schema has " + output.size());
    }
  }

  /**
   * The columns of input {@code input} a join emitting pairs reads: those read downstream ({@code outputRead},
   * null: all), those the condition reads (null: none), its {@code keys} and {@code also} (a time column, or -1).
   */
  static boolean[] columnsRead(int input, boolean[] outputRead, Schema left, Schema right, Expr condition, List<Integer> keys, int also) {
    int width = input == 0 ? left.size() : right.size();
    int offset = input == 0 ? 0 : left.size();
    boolean[] both = new boolean[left.size() + right.size()];
    if (condition != null) {
      Expr.markInputs(condition, both);
    }
    boolean[] read = new boolean[width];
    for (int c = 0; c < width; c++) {
      read[c] = outputRead == null || outputRead[offset + c] || both[offset + c];
    }
    for (int key : keys) {
      read[key] = true;
    }
    if (also >= 0) {
      read[also] = true;
    }
    return read;
  }
}
