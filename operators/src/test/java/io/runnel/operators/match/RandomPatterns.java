package io.runnel.operators.match;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random row patterns using every construct: for differential tests. */
final class RandomPatterns {
  private RandomPatterns() {}

  static RowPattern pattern(Random rnd, int variables) {
    int parts = 1 + rnd.nextInt(3);
    List<RowPattern> list = new ArrayList<>();
    for (int i = 0; i < parts; i++) {
      list.add(node(rnd, variables, 3));
    }
    return list.size() == 1 ? list.get(0) : new RowPattern.Concat(list);
  }

  private static RowPattern node(Random rnd, int variables, int depth) {
    int kind = rnd.nextInt(depth <= 0 ? 4 : 14);
    return switch (kind) {
      case 0, 1, 2, 3 -> new RowPattern.Var(rnd.nextInt(variables));
      case 4, 5 -> new RowPattern.Concat(children(rnd, variables, depth, 2 + rnd.nextInt(2)));
      case 6, 7 -> new RowPattern.Alt(children(rnd, variables, depth, 2 + rnd.nextInt(2)));
      case 8, 9, 10 -> quantified(rnd, node(rnd, variables, depth - 1));
      case 11 -> new RowPattern.Permute(children(rnd, variables, depth, 1 + rnd.nextInt(3)));
      case 12 -> new RowPattern.Exclude(node(rnd, variables, depth - 1));
      default -> switch (rnd.nextInt(3)) {
        case 0 -> new RowPattern.Start();
        case 1 -> new RowPattern.End();
        default -> RowPattern.empty();
      };
    };
  }

  private static List<RowPattern> children(Random rnd, int variables, int depth, int n) {
    List<RowPattern> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(node(rnd, variables, depth - 1));
    }
    return list;
  }

  static RowPattern quantified(Random rnd, RowPattern inner) {
    boolean reluctant = rnd.nextBoolean();
    int n = rnd.nextInt(3);
    int m = n + rnd.nextInt(3);
    return switch (rnd.nextInt(7)) {
      case 0 -> new RowPattern.Quantified(inner, 0, -1, reluctant);
      case 1 -> new RowPattern.Quantified(inner, 1, -1, reluctant);
      case 2 -> new RowPattern.Quantified(inner, 0, 1, reluctant);
      case 3 -> new RowPattern.Quantified(inner, n, n, reluctant);
      case 4 -> new RowPattern.Quantified(inner, n, -1, reluctant);
      case 5 -> new RowPattern.Quantified(inner, n, m, reluctant);
      default -> new RowPattern.Quantified(inner, 0, m, reluctant);
    };
  }
}
