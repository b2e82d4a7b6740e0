package io.runnel.operators.match;

import java.util.ArrayList;
import java.util.List;

/** Emits the instructions of an {@link Automaton} from a {@link RowPattern}, one pass over the tree. */
final class AutomatonCompiler {
  private static final int MAX_SLOTS = 62;

  private final int variables;
  private final List<int[]> code = new ArrayList<>(); // {op, a, b, min, max, reluctant}
  private int depth;
  private int slots;

  AutomatonCompiler(int variables) {
    if (variables < 0) {
      throw new IllegalArgumentException("variables is negative");
    }
    this.variables = variables;
  }

  Automaton compile(RowPattern pattern) {
    emit(pattern, false);
    add(Automaton.ACCEPT, 0, 0);
    int n = code.size();
    int[] op = new int[n];
    int[] a = new int[n];
    int[] b = new int[n];
    int[] min = new int[n];
    int[] max = new int[n];
    boolean[] reluctant = new boolean[n];
    for (int pc = 0; pc < n; pc++) {
      int[] c = code.get(pc);
      op[pc] = c[0];
      a[pc] = c[1];
      b[pc] = c[2];
      min[pc] = c[3];
      max[pc] = c[4];
      reluctant[pc] = c[5] == 1;
    }
    return new Automaton(pattern, variables, op, a, b, min, max, reluctant, slots);
  }

  private int add(int op, int a, int b) {
    code.add(new int[] {op, a, b, 0, 0, 0});
    return code.size() - 1;
  }

  private int here() {
    return code.size();
  }

  private void emit(RowPattern p, boolean excluded) {
    // Java 17: no pattern switch; the chain covers every permitted subtype of the sealed interface
    if (p instanceof RowPattern.Var v) {
      if (v.variable() >= variables) {
        throw new IllegalArgumentException("variable " + v.variable() + " out of range: the pattern has " + variables);
      }
      add(Automaton.ROW, v.variable(), excluded ? 1 : 0);
    } else if (p instanceof RowPattern.Concat c) {
      c.parts().forEach(part -> emit(part, excluded));
    } else if (p instanceof RowPattern.Alt alt) {
      alternation(alt.alternatives(), excluded);
    } else if (p instanceof RowPattern.Quantified q) {
      quantified(q, excluded);
    } else if (p instanceof RowPattern.Permute perm) {
      permute(perm, excluded);
    } else if (p instanceof RowPattern.Exclude e) {
      emit(e.inner(), true);
    } else if (p instanceof RowPattern.Start) {
      add(Automaton.PARTITION_START, 0, 0);
    } else if (p instanceof RowPattern.End) {
      add(Automaton.PARTITION_END, 0, 0);
    } else {
      throw new IllegalStateException("unknown pattern " + p);
    }
  }

  private void alternation(List<RowPattern> alternatives, boolean excluded) {
    List<Integer> jumps = new ArrayList<>();
    for (int i = 0; i < alternatives.size() - 1; i++) {
      int split = add(Automaton.SPLIT, 0, 0);
      code.get(split)[1] = here();
      emit(alternatives.get(i), excluded);
      jumps.add(add(Automaton.JUMP, 0, 0));
      code.get(split)[2] = here();
    }
    emit(alternatives.get(alternatives.size() - 1), excluded);
    for (int j : jumps) {
      code.get(j)[1] = here();
    }
  }

  private void quantified(RowPattern.Quantified q, boolean excluded) {
    if (q.max() == 0) {
      return; // {0}: matches empty, with nothing to do
    }
    if (depth >= MAX_SLOTS) {
      throw new IllegalArgumentException("quantifiers nested more than " + MAX_SLOTS + " deep");
    }
    int slot = depth++;
    slots = Math.max(slots, depth);
    int iterate = add(Automaton.ITERATE, slot, 0);
    int[] it = code.get(iterate);
    it[3] = q.min();
    it[4] = q.max();
    it[5] = q.reluctant() ? 1 : 0;
    emit(q.inner(), excluded);
    int loop = add(Automaton.LOOP, slot, iterate);
    int[] lp = code.get(loop);
    lp[3] = q.min();
    lp[4] = q.max();
    lp[5] = it[5];
    it[2] = add(Automaton.EXIT, slot, 0);
    depth--;
  }

  private void permute(RowPattern.Permute perm, boolean excluded) {
    int n = perm.parts().size();
    if (n > Automaton.MAX_PERMUTE) {
      throw new IllegalArgumentException("PERMUTE of " + n + " patterns: at most " + Automaton.MAX_PERMUTE + " are supported");
    }
    List<RowPattern> orders = new ArrayList<>();
    permutations(perm.parts(), new int[n], new boolean[n], 0, orders);
    if (orders.size() == 1) {
      emit(orders.get(0), excluded);
    } else {
      alternation(orders, excluded);
    }
  }

  /** Appends the concatenations of all orders of {@code parts}, in lexicographic order of positions. */
  private static void permutations(List<RowPattern> parts, int[] order, boolean[] used, int k, List<RowPattern> out) {
    if (k == parts.size()) {
      List<RowPattern> seq = new ArrayList<>();
      for (int i : order) {
        seq.add(parts.get(i));
      }
      out.add(new RowPattern.Concat(seq));
      return;
    }
    for (int i = 0; i < parts.size(); i++) {
      if (!used[i]) {
        used[i] = true;
        order[k] = i;
        permutations(parts, order, used, k + 1, out);
        used[i] = false;
      }
    }
  }
}
