package io.runnel.tests.differential;

import io.runnel.tests.differential.MatchCase.Row;
import io.runnel.tests.differential.MatchModel.Matched;
import io.runnel.tests.differential.MatchSyntax.Agg;
import io.runnel.tests.differential.MatchSyntax.Bin;
import io.runnel.tests.differential.MatchSyntax.Classifier;
import io.runnel.tests.differential.MatchSyntax.Col;
import io.runnel.tests.differential.MatchSyntax.Expr;
import io.runnel.tests.differential.MatchSyntax.IsNull;
import io.runnel.tests.differential.MatchSyntax.Lit;
import io.runnel.tests.differential.MatchSyntax.MatchNumber;
import io.runnel.tests.differential.MatchSyntax.Nav;
import io.runnel.tests.differential.MatchSyntax.NavKind;
import io.runnel.tests.differential.MatchSyntax.Not;
import io.runnel.tests.differential.MatchSyntax.Semantics;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The hand model's expressions of DEFINE and MEASURES, as SQL:2016 defines them over a match: a column of a
 * variable is read on the last row mapped to it so far ({@code A.x} is {@code LAST(A.x)}, a column of no
 * variable is read on the current row); FIRST and LAST count rows of the match mapped to the variable (or to
 * a subset's variables, or every row); PREV and NEXT then move that many rows in the partition, inside the
 * match or not; aggregates take the variable's rows of the match so far. RUNNING reads the match up to the
 * current row, FINAL the whole match. Values are Long, String, LocalDateTime and Boolean; NULL is null, and
 * conditions are three-valued. Integer arithmetic stays exact (the values are small), AVG of integers
 * truncates as Runnel's BIGINT AVG does.
 */
final class MatchExpressions {
  /** A match as far as it is read: the partition's rows, the match's rows in order, its number. */
  record View(List<Row> partition, List<Matched> rows, long number) {}

  private final Map<String, List<String>> subsets;

  MatchExpressions(Map<String, List<String>> subsets) {
    this.subsets = subsets;
  }

  /** The value of {@code e} on the match {@code running} (whole: {@code whole}) at the partition's row {@code current}. */
  Object value(Expr e, View running, View whole, int current) {
    if (e instanceof Lit l) {
      return l.value() instanceof Integer i ? (Object) i.longValue() : l.value();
    } else if (e instanceof Col col) {
      return navigate(new Nav(NavKind.LAST, col, -1), running);
    } else if (e instanceof Nav nav) {
      return navigate(nav, running);
    } else if (e instanceof Agg agg) {
      return aggregate(agg, running);
    } else if (e instanceof Classifier) {
      for (Matched m : running.rows()) {
        if (m.row() == current) {
          return m.variable();
        }
      }
      return null;
    } else if (e instanceof MatchNumber) {
      return running.number();
    } else if (e instanceof Semantics s) {
      if (!s.isFinal()) {
        return value(s.call(), running, whole, current);
      }
      int last = whole.rows().isEmpty() ? current : whole.rows().get(whole.rows().size() - 1).row();
      return value(s.call(), whole, whole, last);
    } else if (e instanceof Not not) {
      Object v = value(not.e(), running, whole, current);
      return v == null ? null : !(Boolean) v;
    } else if (e instanceof IsNull n) {
      return (value(n.e(), running, whole, current) == null) != n.negated();
    }
    Bin bin = (Bin) e;
    Object left = value(bin.left(), running, whole, current);
    Object right = value(bin.right(), running, whole, current);
    return operator(bin.op(), left, right);
  }

  private static Object operator(String op, Object left, Object right) {
    switch (op) {
      case "AND":
        return Boolean.FALSE.equals(left) || Boolean.FALSE.equals(right) ? Boolean.FALSE : left == null || right == null ? null : Boolean.TRUE;
      case "OR":
        return Boolean.TRUE.equals(left) || Boolean.TRUE.equals(right) ? Boolean.TRUE : left == null || right == null ? null : Boolean.FALSE;
      default:
        break;
    }
    if (left == null || right == null) {
      return null;
    }
    switch (op) {
      case "+":
        return (Long) left + (Long) right;
      case "-":
        return (Long) left - (Long) right;
      case "*":
        return (Long) left * (Long) right;
      default:
        break;
    }
    int c = compare(left, right);
    return switch (op) {
      case "=" -> c == 0;
      case "<>" -> c != 0;
      case "<" -> c < 0;
      case "<=" -> c <= 0;
      case ">" -> c > 0;
      case ">=" -> c >= 0;
      default -> throw new IllegalArgumentException("operator " + op);
    };
  }

  @SuppressWarnings("unchecked")
  private static int compare(Object left, Object right) {
    return ((Comparable<Object>) left).compareTo(right);
  }

  /** The value a FIRST, LAST, PREV or NEXT reads, or null where its row is not in the match or the partition. */
  private Object navigate(Nav nav, View view) {
    Expr inner = nav.arg();
    int row;
    if (nav.kind() == NavKind.FIRST || nav.kind() == NavKind.LAST) {
      row = find(view, variableOf(inner), nav.kind() == NavKind.LAST, nav.steps());
    } else {
      if (inner instanceof Nav from) {
        row = find(view, variableOf(from.arg()), from.kind() == NavKind.LAST, from.steps());
        inner = from.arg();
      } else {
        row = find(view, variableOf(inner), true, 0);
      }
      if (row >= 0) {
        row += nav.kind() == NavKind.PREV ? -nav.steps() : nav.steps();
      }
    }
    return row < 0 || row >= view.partition().size() ? null : onRow(inner, view.partition().get(row));
  }

  /** The partition index of the {@code steps}-th last (or first) row of the match mapped to {@code variable}, or -1. */
  private int find(View view, String variable, boolean last, int steps) {
    List<Matched> rows = view.rows();
    for (int i = 0; i < rows.size(); i++) {
      Matched m = rows.get(last ? rows.size() - 1 - i : i);
      if (in(variable, m.variable()) && steps-- == 0) {
        return m.row();
      }
    }
    return -1;
  }

  private Object aggregate(Agg agg, View view) {
    long count = 0;
    Object acc = null;
    for (Matched m : view.rows()) {
      if (!in(agg.var(), m.variable())) {
        continue;
      }
      if (agg.arg() == null) {
        count++;
        continue;
      }
      Object v = onRow(agg.arg(), view.partition().get(m.row()));
      if (v == null) {
        continue;
      }
      count++;
      acc = switch (agg.function()) {
        case "SUM", "AVG" -> acc == null ? v : (Object) ((Long) acc + (Long) v);
        case "MIN" -> acc == null || compare(v, acc) < 0 ? v : acc;
        case "MAX" -> acc == null || compare(v, acc) > 0 ? v : acc;
        default -> acc;
      };
    }
    return switch (agg.function()) {
      case "COUNT" -> count;
      case "AVG" -> acc == null ? null : (Object) ((Long) acc / count);
      default -> acc;
    };
  }

  /** Whether a row mapped to {@code variable} counts for {@code name}: a variable, a subset, or null (every row). */
  private boolean in(String name, String variable) {
    if (name == null) {
      return true;
    }
    List<String> members = subsets.get(name);
    return members == null ? name.equals(variable) : members.contains(variable);
  }

  /** The variable (or subset) whose columns {@code e} reads, or null when it reads unqualified columns. */
  static String variableOf(Expr e) {
    if (e instanceof Col col) {
      return col.var();
    } else if (e instanceof Bin bin) {
      String left = variableOf(bin.left());
      return left != null ? left : variableOf(bin.right());
    }
    return null;
  }

  /** {@code e} (columns, constants, arithmetic) evaluated on one row. */
  private static Object onRow(Expr e, Row row) {
    return onColumns(e, row::value);
  }

  /**
   * {@code e} (columns, constants, arithmetic, comparisons, AND, OR, NOT, IS NULL) evaluated where a column
   * has the value {@code column} gives (integers as Long).
   */
  static Object onColumns(Expr e, Function<String, Object> column) {
    if (e instanceof Col col) {
      return column.apply(col.column());
    } else if (e instanceof Lit l) {
      return l.value();
    } else if (e instanceof Not not) {
      Object v = onColumns(not.e(), column);
      return v == null ? null : !(Boolean) v;
    } else if (e instanceof IsNull n) {
      return (onColumns(n.e(), column) == null) != n.negated();
    }
    Bin bin = (Bin) e;
    return operator(bin.op(), onColumns(bin.left(), column), onColumns(bin.right(), column));
  }
}
