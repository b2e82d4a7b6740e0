package io.runnel.operators.match;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

/**
 * Conditions over rows holding a small int value, one kind per variable, history-free or reading the match.
 * When {@link #checked}, every row a condition reads is checked against what a caller would hold: offered
 * ({@link Conditions#lookahead}) and not freed ({@link Matcher#lowestNeededRow}).
 */
final class TestConditions implements Conditions {
  enum Kind {
    TRUE(true),
    IN_SET(true),
    NEXT_IN_SET(true),
    PREV_IN_SET(true),
    COUNT_AT_MOST(false),
    ABOVE_LAST(false),
    MATCH_NUMBER_PARITY(false),
    AT_LEAST_FIRST(false),
    PREVIOUS_NOT(false),
    SUM_AT_MOST(false),
    AT_LEAST_SECOND(false),
    LENGTH_AT_MOST(false);

    final boolean historyFree;

    Kind(boolean historyFree) {
      this.historyFree = historyFree;
    }
  }

  final int[] values;
  final Kind[] kinds;
  /** IN_SET, NEXT_IN_SET, PREV_IN_SET: a bit mask of values; COUNT_AT_MOST, SUM_AT_MOST: the bound. */
  final int[] param;
  /** COUNT_AT_MOST, ABOVE_LAST, PREVIOUS_NOT: the other variable. */
  final int[] other;
  boolean checked;
  long offered;
  boolean ended;
  long freedBelow;

  TestConditions(int[] values, Kind[] kinds, int[] param, int[] other) {
    this.values = values;
    this.kinds = kinds;
    this.param = param;
    this.other = other;
  }

  static TestConditions random(Random rnd, int[] values, int variables, boolean historyFreeOnly) {
    Kind[] kinds = new Kind[variables];
    int[] param = new int[variables];
    int[] other = new int[variables];
    for (int v = 0; v < variables; v++) {
      Kind k;
      do {
        k = Kind.values()[rnd.nextInt(Kind.values().length)];
      } while (historyFreeOnly && !k.historyFree);
      kinds[v] = k;
      other[v] = rnd.nextInt(variables);
      param[v] = switch (k) {
        case IN_SET, NEXT_IN_SET, PREV_IN_SET -> 1 + rnd.nextInt(15);
        case COUNT_AT_MOST -> rnd.nextInt(4);
        case LENGTH_AT_MOST -> 1 + rnd.nextInt(5);
        case SUM_AT_MOST -> 2 + rnd.nextInt(10);
        default -> 0;
      };
    }
    return new TestConditions(values, kinds, param, other);
  }

  /** The same conditions, unchecked: for the reference, which sees the whole sequence. */
  TestConditions unchecked() {
    return new TestConditions(values, kinds, param, other);
  }

  @Override
  public boolean test(int variable, MatchContext ctx) {
    long row = ctx.row();
    if (checked) {
      assertTrue(ended || row + lookahead() < offered, "row " + row + " tested before its lookahead was offered");
    }
    return switch (kinds[variable]) {
      case TRUE -> true;
      case IN_SET -> in(value(row), param[variable]);
      case NEXT_IN_SET -> in(value(row + 1), param[variable]);
      case PREV_IN_SET -> in(value(row - 1), param[variable]);
      case COUNT_AT_MOST -> ctx.count(other[variable]) <= param[variable];
      case ABOVE_LAST -> {
        int u = other[variable];
        long last = ctx.lastRow(u, ctx.variable() == u ? 1 : 0);
        yield last < 0 || value(row) > value(last);
      }
      case MATCH_NUMBER_PARITY -> (ctx.matchNumber() + value(row)) % 2 == 0;
      case AT_LEAST_FIRST -> value(row) >= value(ctx.firstRow(MatchContext.ANY, 0));
      case PREVIOUS_NOT -> row == ctx.startRow() || ctx.variableOf(row - 1) != other[variable];
      case AT_LEAST_SECOND -> {
        long second = ctx.firstRow(other[variable], 1);
        yield second < 0 || value(row) >= value(second);
      }
      case LENGTH_AT_MOST -> {
        assertTrue(ctx.count(MatchContext.ANY) == ctx.length() && ctx.lastRow(MatchContext.ANY, 0) == row
            && ctx.firstRow(MatchContext.ANY, 0) == ctx.startRow(), "the match so far runs from its start to the row tested");
        yield ctx.length() <= param[variable];
      }
      case SUM_AT_MOST -> {
        long[] sum = {0};
        ctx.forEachRow((r, v) -> sum[0] += value(r));
        yield sum[0] <= param[variable];
      }
    };
  }

  private static boolean in(Integer value, int mask) {
    return value != null && (mask & (1 << value)) != 0;
  }

  /** The value of a row; null outside the partition. */
  private Integer value(long row) {
    if (row < 0 || row >= values.length) {
      if (checked && row >= 0) {
        assertTrue(ended, "row " + row + " read past the rows offered");
      }
      return null;
    }
    if (checked) {
      assertTrue(row < offered, "row " + row + " read before it was offered");
      assertTrue(row >= freedBelow, "row " + row + " read after it was freed (below " + freedBelow + ")");
    }
    return values[(int) row];
  }

  @Override
  public int lookahead() {
    for (Kind k : kinds) {
      if (k == Kind.NEXT_IN_SET) {
        return 1;
      }
    }
    return 0;
  }

  @Override
  public int lookbehind() {
    for (Kind k : kinds) {
      if (k == Kind.PREV_IN_SET) {
        return 1;
      }
    }
    return 0;
  }

  @Override
  public boolean historyFree(int variable) {
    return kinds[variable].historyFree;
  }

  @Override
  public java.util.List<HistoryRead> historyReads(int variable) {
    return switch (kinds[variable]) {
      case TRUE, IN_SET, NEXT_IN_SET, PREV_IN_SET, MATCH_NUMBER_PARITY -> java.util.List.of();
      // the last row of the other variable before the tested one: LAST(u, 1) when the tested row is u's
      case ABOVE_LAST -> java.util.List.of(new HistoryRead(false, new int[] {other[variable]}, 0));
      case AT_LEAST_FIRST, LENGTH_AT_MOST -> java.util.List.of(new HistoryRead(true, null, 0));
      case AT_LEAST_SECOND -> java.util.List.of(new HistoryRead(true, new int[] {other[variable]}, 1));
      case COUNT_AT_MOST, SUM_AT_MOST, PREVIOUS_NOT -> null;
    };
  }

  @Override
  public boolean readsMatchNumber(int variable) {
    return kinds[variable] == Kind.MATCH_NUMBER_PARITY;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (int v = 0; v < kinds.length; v++) {
      sb.append(RowPattern.defaultName(v)).append(": ").append(kinds[v]).append('(').append(param[v]).append(", ")
          .append(RowPattern.defaultName(other[v])).append(") ");
    }
    return sb.append("values ").append(Arrays.toString(values)).toString();
  }
}
