package io.runnel.operators.match;

import static java.util.Objects.requireNonNull;

import java.util.function.IntFunction;

/**
 * A row pattern compiled to a Pike-style program: instructions with ordered (prioritized) transitions, the
 * first transition of a choice the preferred one, so that running threads in order yields the standard's
 * preference order. Bounded repetition counts iterations in a counter register ("slot", one per nesting
 * depth of quantifiers), so {@code {1,}} or {@code {2,100000}} costs three instructions, not an unrolling.
 *
 * <p>Instructions: {@code row v} consumes a row mapped to variable v; {@code split a, b} goes on at a, then
 * (less preferred) at b; {@code jump a}; {@code iterate} decides whether a quantifier's body is entered again
 * (forced below its minimum, impossible at its maximum, else greedy or reluctant order); {@code loop} counts
 * an iteration just ended, and ends the quantifier when the iteration matched no row and the minimum was
 * already reached; {@code exit} clears the counter; {@code partition start} / {@code partition end} are
 * {@code ^} and {@code $}; {@code accept} ends a match.
 *
 * <p>Immutable; {@link #describe} prints it for {@code EXPLAIN}.
 */
public final class Automaton {
  static final int ROW = 0;
  static final int SPLIT = 1;
  static final int JUMP = 2;
  static final int ITERATE = 3;
  static final int LOOP = 4;
  static final int EXIT = 5;
  static final int PARTITION_START = 6;
  static final int PARTITION_END = 7;
  static final int ACCEPT = 8;

  /** The most patterns {@code PERMUTE} takes: 6 gives 720 orders. */
  public static final int MAX_PERMUTE = 6;

  private final RowPattern pattern;
  private final int variables;
  final int[] op;
  /** ROW: variable; SPLIT, JUMP: first target; ITERATE, LOOP, EXIT: slot. */
  final int[] a;
  /** ROW: 1 when excluded; SPLIT: second target; ITERATE: exit instruction; LOOP: its ITERATE. */
  final int[] b;
  /** ITERATE, LOOP: the quantifier's bounds (max -1: none) and whether it is reluctant. */
  final int[] min;
  final int[] max;
  final boolean[] reluctant;
  final int slots;

  Automaton(RowPattern pattern, int variables, int[] op, int[] a, int[] b, int[] min, int[] max, boolean[] reluctant, int slots) {
    this.pattern = pattern;
    this.variables = variables;
    this.op = op;
    this.a = a;
    this.b = b;
    this.min = min;
    this.max = max;
    this.reluctant = reluctant;
    this.slots = slots;
  }

  /**
   * Compiles {@code pattern}, whose variables are 0 to {@code variables}-1. Throws {@link
   * IllegalArgumentException} for a variable out of range, a {@code PERMUTE} of more than {@link
   * #MAX_PERMUTE} patterns, or quantifiers nested more than 62 deep.
   */
  public static Automaton compile(RowPattern pattern, int variables) {
    requireNonNull(pattern, "pattern is null");
    return new AutomatonCompiler(variables).compile(pattern);
  }

  public RowPattern pattern() {
    return pattern;
  }

  public int variables() {
    return variables;
  }

  /** The number of instructions. */
  public int size() {
    return op.length;
  }

  /** The number of counter registers. */
  public int slots() {
    return slots;
  }

  /** The program, one instruction a line, variables named by their default names. */
  public String describe() {
    return describe(RowPattern::defaultName);
  }

  /** The program, one instruction a line ({@code pc: instruction}), variables named by {@code names}. */
  public String describe(IntFunction<String> names) {
    StringBuilder sb = new StringBuilder();
    sb.append("pattern: ").append(pattern.toSql(names)).append('\n');
    sb.append("counters: ").append(slots).append('\n');
    for (int pc = 0; pc < op.length; pc++) {
      sb.append(pc).append(": ").append(instruction(pc, names)).append('\n');
    }
    return sb.toString();
  }

  private String instruction(int pc, IntFunction<String> names) {
    return switch (op[pc]) {
      case ROW -> "row " + names.apply(a[pc]) + (b[pc] == 1 ? " excluded" : "");
      case SPLIT -> "split " + a[pc] + ", " + b[pc];
      case JUMP -> "jump " + a[pc];
      case ITERATE -> "iterate c" + a[pc] + " {" + min[pc] + "," + (max[pc] < 0 ? "" : max[pc]) + "}"
          + (reluctant[pc] ? " reluctant" : " greedy") + ": body " + (pc + 1) + ", exit " + b[pc];
      case LOOP -> "loop c" + a[pc] + ": again " + b[pc] + ", stop " + b[b[pc]];
      case EXIT -> "exit c" + a[pc];
      case PARTITION_START -> "partition start";
      case PARTITION_END -> "partition end";
      case ACCEPT -> "accept";
      default -> throw new IllegalStateException("unknown instruction " + op[pc]);
    };
  }

  @Override
  public String toString() {
    return describe();
  }
}
