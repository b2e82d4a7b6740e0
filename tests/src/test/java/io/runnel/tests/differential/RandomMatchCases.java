package io.runnel.tests.differential;

import io.runnel.tests.differential.MatchCase.Measure;
import io.runnel.tests.differential.MatchCase.Row;
import io.runnel.tests.differential.MatchCase.RowsPerMatch;
import io.runnel.tests.differential.MatchCase.Skip;
import io.runnel.tests.differential.MatchCase.SkipMode;
import io.runnel.tests.differential.MatchCase.TieBreak;
import io.runnel.tests.differential.MatchSyntax.Agg;
import io.runnel.tests.differential.MatchSyntax.Alt;
import io.runnel.tests.differential.MatchSyntax.Anchor;
import io.runnel.tests.differential.MatchSyntax.Bin;
import io.runnel.tests.differential.MatchSyntax.Classifier;
import io.runnel.tests.differential.MatchSyntax.Col;
import io.runnel.tests.differential.MatchSyntax.Empty;
import io.runnel.tests.differential.MatchSyntax.Exclude;
import io.runnel.tests.differential.MatchSyntax.Expr;
import io.runnel.tests.differential.MatchSyntax.IsNull;
import io.runnel.tests.differential.MatchSyntax.Lit;
import io.runnel.tests.differential.MatchSyntax.MatchNumber;
import io.runnel.tests.differential.MatchSyntax.Nav;
import io.runnel.tests.differential.MatchSyntax.NavKind;
import io.runnel.tests.differential.MatchSyntax.Not;
import io.runnel.tests.differential.MatchSyntax.Pattern;
import io.runnel.tests.differential.MatchSyntax.Permute;
import io.runnel.tests.differential.MatchSyntax.Quantified;
import io.runnel.tests.differential.MatchSyntax.Semantics;
import io.runnel.tests.differential.MatchSyntax.Seq;
import io.runnel.tests.differential.MatchSyntax.Var;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Random cases for {@link MatchRecognizeDifferentialTest}: rows, and a {@code MATCH_RECOGNIZE} query over
 * them. About a third are of the kind Calcite runs right (see {@link CalciteMatches}): a concatenation of
 * variables, one DEFINE on the row's own columns and PREV. The others use every construct the hand model
 * knows: alternation, grouping, greedy and reluctant quantifiers of every form, PERMUTE, exclusion, anchors,
 * the empty pattern, SUBSET; conditions reading PREV, NEXT, FIRST, LAST, aggregates, MATCH_NUMBER() and
 * other variables' rows; measures of every kind, RUNNING and FINAL; every ROWS PER MATCH and AFTER MATCH
 * SKIP; now and then an input filtered in a subquery, a WHERE on the answer, a SELECT list. All cases
 * partition by none, one or two columns (NULL keys included) and order by time, then now and then by a
 * second key, ascending or descending, NULLS FIRST or LAST.
 */
final class RandomMatchCases {
  static final long START = LocalDateTime.of(2024, 1, 1, 0, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
  private static final List<String> VARIABLES = List.of("A", "B", "C", "D");
  private static final List<String> STRINGS = List.of("a", "b", "c");
  /** Comparisons, equality the least often: it holds the least often. */
  private static final List<String> COMPARISONS = List.of("=", "<>", "<>", "<", "<", "<=", "<=", ">", ">", ">=", ">=");
  /** AFTER MATCH SKIP, to a variable less often: it may go to a match's first row, or to no row (the query fails). */
  private static final SkipMode[] SKIPS = {
    SkipMode.IMPLIED, SkipMode.IMPLIED, SkipMode.PAST_LAST_ROW, SkipMode.PAST_LAST_ROW, SkipMode.PAST_LAST_ROW, SkipMode.TO_NEXT_ROW,
    SkipMode.TO_NEXT_ROW, SkipMode.TO_NEXT_ROW, SkipMode.TO_FIRST, SkipMode.TO_FIRST, SkipMode.TO_LAST, SkipMode.TO_LAST, SkipMode.TO
  };

  private final Random rnd;
  private final List<String> variables = new ArrayList<>(); // the pattern's, in order of first use
  private final Map<String, List<String>> subsets = new LinkedHashMap<>();
  private final Set<String> features = new LinkedHashSet<>(); // more than finish() tells from the case
  private List<String> pool; // the variables a pattern draws from

  private RandomMatchCases(Random rnd) {
    this.rnd = rnd;
  }

  /** A case named {@code name}, drawn from {@code rnd}. */
  static MatchCase generate(Random rnd, String name) {
    RandomMatchCases g = new RandomMatchCases(rnd);
    return rnd.nextInt(100) < 35 ? g.calciteCase(name) : g.modelCase(name);
  }

  private MatchCase modelCase(String name) {
    List<String> partitionBy = partitionBy();
    TieBreak tieBreak = tieBreak();
    RowsPerMatch rowsPerMatch = pick(RowsPerMatch.values());
    pool = VARIABLES.subList(0, 2 + rnd.nextInt(3));
    Pattern pattern;
    do {
      variables.clear();
      pattern = sequence(rowsPerMatch != RowsPerMatch.WITH_UNMATCHED);
    } while (variables.isEmpty());
    if (variables.size() >= 2 && rnd.nextInt(4) == 0) {
      List<String> members = new ArrayList<>(variables);
      while (members.size() > 2 && rnd.nextBoolean()) {
        members.remove(rnd.nextInt(members.size()));
      }
      subsets.put("U", members);
    }
    Map<String, Expr> defines = new LinkedHashMap<>();
    for (String v : variables) {
      if (rnd.nextInt(5) < 3 || (defines.isEmpty() && v.equals(variables.get(variables.size() - 1)))) {
        defines.put(v, condition(v, 2));
      }
    }
    List<Measure> measures = new ArrayList<>();
    int n = 1 + rnd.nextInt(4);
    for (int i = 0; i < n; i++) {
      measures.add(new Measure("m" + i, measure(2)));
    }
    // Runnel's matcher keeps every mapping of rows to variables a condition that reads the match may tell
    // apart: under a quantified group, such as (A | B)+, that is exponential in the rows of an open attempt
    boolean ambiguous = MatchShapes.groupQuantified(pattern) && defines.values().stream().anyMatch(MatchShapes::readsMatch);
    // now and then many rows: partitions long enough that Runnel frees rows and drops idle matchers on the way
    int length = ambiguous ? 5 + rnd.nextInt(4) : rnd.nextInt(20) == 0 ? 200 + rnd.nextInt(200) : 10 + rnd.nextInt(50);
    List<Row> rows = rows(partitionBy, tieBreak, length);
    if (length >= 200) {
      features.add("hundreds of rows");
    }
    MatchCase c = finish(name, rows, partitionBy, tieBreak, measures, rowsPerMatch, skip(pattern), pattern, defines, false, null, null, null);
    // now and then rows filtered before they are matched, answer rows filtered, columns selected
    Expr inputFilter = rnd.nextInt(5) > 0 ? null : pick(
        new IsNull(new Col(null, "x"), true),
        new Bin("<>", new Col(null, "y"), constant(5)),
        new Bin("OR", new Bin("=", new Col(null, "s"), new Lit("a")), compare(new Col(null, "x"), constant(9))));
    Expr outputFilter = null;
    if (rnd.nextInt(6) == 0) {
      if (rowsPerMatch.allRows()) {
        outputFilter = pick(compare(new Col(null, "x"), constant(9)), new Bin("<>", new Col(null, "s"), new Lit("b")), new IsNull(new Col(null, "y"), rnd.nextBoolean()));
      } else if (!partitionBy.isEmpty()) {
        outputFilter = new Bin("<>", new Col(null, partitionBy.get(0)), new Lit(partitionBy.get(0).equals("k") ? "p1" : "a"));
      }
    }
    List<String> select = null;
    if (rnd.nextInt(5) == 0) {
      List<String> others = new ArrayList<>(c.matchColumns());
      others.removeAll(partitionBy);
      java.util.Collections.shuffle(others, rnd);
      select = new ArrayList<>(partitionBy);
      select.addAll(others.subList(0, 1 + rnd.nextInt(others.size())));
    }
    if (inputFilter == null && outputFilter == null && select == null) {
      return c;
    }
    return finish(name, rows, partitionBy, tieBreak, measures, rowsPerMatch, c.skip(), pattern, defines, false, inputFilter, outputFilter, select);
  }

  private MatchCase calciteCase(String name) {
    List<String> partitionBy = partitionBy();
    TieBreak tieBreak = tieBreak();
    pool = VARIABLES.subList(0, 1 + rnd.nextInt(3));
    int length = 1 + rnd.nextInt(4);
    List<Pattern> parts = new ArrayList<>();
    for (int i = 0; i < length; i++) {
      parts.add(var());
    }
    Pattern pattern = length == 1 ? parts.get(0) : new Seq(parts);
    String defined = variables.get(rnd.nextInt(variables.size()));
    Map<String, Expr> defines = Map.of(defined, calciteCondition(defined));
    RowsPerMatch rowsPerMatch = pick(RowsPerMatch.IMPLIED, RowsPerMatch.ONE_ROW, RowsPerMatch.ALL_ROWS, RowsPerMatch.SHOW_EMPTY, RowsPerMatch.OMIT_EMPTY);
    List<Measure> measures = new ArrayList<>();
    if (rowsPerMatch.allRows()) {
      measures.add(new Measure("cls", new Classifier()));
    } else {
      measures.add(new Measure("first_id", new Nav(NavKind.FIRST, new Col(null, "id"), -1)));
      measures.add(new Measure("last_id", new Nav(NavKind.LAST, new Col(null, "id"), -1)));
    }
    measures.add(new Measure("mn", new MatchNumber()));
    int more = rnd.nextInt(3);
    for (int i = 0; i < more; i++) {
      measures.add(new Measure("m" + i, measure(2)));
    }
    List<Row> rows = rows(partitionBy, tieBreak, 10 + rnd.nextInt(50));
    return finish(name, rows, partitionBy, tieBreak, measures, rowsPerMatch, skip(pattern), pattern, defines, true, null, null, null);
  }

  /** PARTITION BY: mostly k, sometimes none, s, or k and s. */
  private List<String> partitionBy() {
    int r = rnd.nextInt(10);
    return r < 2 ? List.of() : r < 7 ? List.of("k") : r < 8 ? List.of("s") : List.of("k", "s");
  }

  /** The ORDER BY key after ts, or (two times in three) none. */
  private TieBreak tieBreak() {
    if (rnd.nextInt(3) > 0) {
      return null;
    }
    String column = pick("id", "id", "x", "y", "s");
    return new TieBreak(column, rnd.nextBoolean(), column.equals("id") ? null : rnd.nextBoolean());
  }

  private MatchCase finish(
      String name, List<Row> rows, List<String> partitionBy, TieBreak tieBreak, List<Measure> measures, RowsPerMatch rowsPerMatch, Skip skip, Pattern pattern,
      Map<String, Expr> defines, boolean calcite, Expr inputFilter, Expr outputFilter, List<String> select) {
    Set<String> features = new LinkedHashSet<>(this.features);
    features.add(calcite ? "checked by Calcite" : "checked by the model only");
    features.add(rowsPerMatch.name());
    features.add("SKIP " + skip.mode());
    features.add(partitionBy.isEmpty() ? "no PARTITION BY" : "PARTITION BY " + String.join(", ", partitionBy));
    if (tieBreak != null) {
      features.add("ORDER BY ts, " + tieBreak.column() + (tieBreak.descending() ? " DESC" : ""));
    }
    if (!subsets.isEmpty()) {
      features.add("SUBSET");
    }
    if (inputFilter != null) {
      features.add("input filtered");
    }
    if (outputFilter != null) {
      features.add("answer filtered");
    }
    if (select != null) {
      features.add("columns selected");
    }
    MatchShapes.patternFeatures(pattern, features);
    defines.values().forEach(e -> MatchShapes.expressionFeatures(e, "DEFINE", features));
    measures.forEach(m -> MatchShapes.expressionFeatures(m.expr(), "MEASURES", features));
    return new MatchCase(name, rows, partitionBy, tieBreak, measures, rowsPerMatch, skip, pattern, subsets, defines, calcite, inputFilter, outputFilter, select, features);
  }

  /**
   * Rows in order of (ts, id): mostly a second apart, sometimes a pause, sometimes a tie: of rows of other
   * partitions, or, where ORDER BY has a key after ts, of rows of one partition.
   */
  private List<Row> rows(List<String> partitionBy, TieBreak tieBreak, int n) {
    int keys = 1 + rnd.nextInt(4);
    List<Row> rows = new ArrayList<>(n);
    long ts = START;
    Set<List<Object>> atTime = new HashSet<>(); // the partitions with a row at ts
    for (int id = 1; id <= n; id++) {
      String k = rnd.nextInt(20) == 0 ? null : "p" + rnd.nextInt(keys);
      Integer x = rnd.nextInt(10) == 0 ? null : rnd.nextInt(10);
      Integer y = rnd.nextInt(10) == 0 ? null : rnd.nextInt(6);
      String s = rnd.nextInt(10) == 0 ? null : STRINGS.get(rnd.nextInt(STRINGS.size()));
      List<Object> partition = new ArrayList<>();
      for (String column : partitionBy) {
        partition.add(column.equals("k") ? k : s);
      }
      int step = rnd.nextInt(10);
      if (id > 1 && !(step == 0 && (tieBreak != null || !atTime.contains(partition)))) {
        ts += step == 1 ? 1000L * (2 + rnd.nextInt(4)) : 1000L;
        atTime.clear();
      }
      atTime.add(partition);
      rows.add(new Row(k, id, x, y, s, ts));
    }
    return rows;
  }

  /**
   * AFTER MATCH SKIP; a skip to a variable mostly goes to one that does not come first in the pattern (one
   * that does sends the next attempt to the match's first row: the query fails).
   */
  private Skip skip(Pattern pattern) {
    SkipMode mode = pick(SKIPS);
    if (mode != SkipMode.TO_FIRST && mode != SkipMode.TO_LAST && mode != SkipMode.TO) {
      return new Skip(mode, null);
    }
    // a variable every match has a row of and whose rows never start one: the skip neither fails nor loops
    Set<String> safe = MatchShapes.mandatory(pattern);
    safe.removeAll(MatchShapes.first(pattern));
    List<String> choices = variables.stream().filter(safe::contains).toList();
    if (choices.isEmpty() || rnd.nextInt(10) == 0) {
      if (rnd.nextInt(3) > 0) {
        return new Skip(SkipMode.PAST_LAST_ROW, null);
      }
      choices = variables; // now and then, a skip that may fail
    }
    return new Skip(mode, choices.get(rnd.nextInt(choices.size())));
  }

  // ------------------------------------------------------------------ patterns

  private Pattern sequence(boolean exclusion) {
    int n = 1 + rnd.nextInt(3);
    List<Pattern> parts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      parts.add(node(3, exclusion));
    }
    return n == 1 ? parts.get(0) : new Seq(parts);
  }

  private Pattern node(int depth, boolean exclusion) {
    int kind = rnd.nextInt(depth <= 0 ? 6 : 24);
    if (kind < 6) {
      return var();
    } else if (kind < 9) {
      return new Seq(children(depth, exclusion, 2 + rnd.nextInt(2)));
    } else if (kind < 12) {
      return new Alt(children(depth, exclusion, 2 + rnd.nextInt(2)));
    } else if (kind < 19) {
      return quantified(node(depth - 1, exclusion));
    } else if (kind == 19) {
      return new Permute(children(depth - 1, exclusion, 2 + rnd.nextInt(2)));
    } else if (kind == 20) {
      return exclusion ? new Exclude(node(depth - 1, exclusion)) : var();
    } else if (kind == 21 || kind == 22) {
      return new Anchor(kind == 21);
    }
    return new Empty();
  }

  private List<Pattern> children(int depth, boolean exclusion, int n) {
    List<Pattern> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(node(depth - 1, exclusion));
    }
    return list;
  }

  private Pattern quantified(Pattern inner) {
    boolean reluctant = rnd.nextInt(3) == 0;
    int n = rnd.nextInt(3);
    int m = Math.max(1, n + rnd.nextInt(3));
    return switch (rnd.nextInt(7)) {
      case 0 -> new Quantified(inner, 0, -1, reluctant);
      case 1 -> new Quantified(inner, 1, -1, reluctant);
      case 2 -> new Quantified(inner, 0, 1, reluctant);
      case 3 -> new Quantified(inner, Math.max(1, n), Math.max(1, n), reluctant);
      case 4 -> new Quantified(inner, n, -1, reluctant);
      case 5 -> new Quantified(inner, n, m, reluctant);
      default -> new Quantified(inner, 0, m, reluctant);
    };
  }

  private Var var() {
    String v = pool.get(rnd.nextInt(pool.size()));
    if (!variables.contains(v)) {
      variables.add(v);
    }
    return new Var(v);
  }

  // ------------------------------------------------------------------ conditions

  /** A condition of DEFINE for {@code v}, reading the row tried and the match so far. */
  private Expr condition(String v, int depth) {
    int kind = rnd.nextInt(depth <= 0 ? 11 : 15);
    if (kind < 11) {
      return atom(v, kind);
    } else if (kind < 13) {
      return new Bin("AND", condition(v, depth - 1), condition(v, depth - 1));
    } else if (kind == 13) {
      return new Bin("OR", condition(v, depth - 1), condition(v, depth - 1));
    }
    return new Not(condition(v, depth - 1));
  }

  private Expr atom(String v, int kind) {
    String q = rnd.nextInt(10) < 7 ? v : null; // the row tried, by its variable or by no variable
    String column = rnd.nextBoolean() ? "x" : "y";
    return switch (kind) {
      case 0, 1 -> compare(new Col(q, column), constant(9));
      case 2 -> compare(new Col(q, "x"), new Col(q, "y"));
      case 3 -> compare(new Col(q, column), new Nav(NavKind.PREV, new Col(q, column), offset(-1, 1, 2, 3)));
      case 4 -> compare(new Col(q, "x"), new Nav(rnd.nextBoolean() ? NavKind.FIRST : NavKind.LAST, rowValue(reference(), "x"), offset(-1, 0, 1, 2)));
      case 5 -> compare(aggregate(), constant(12));
      case 6 -> new Bin(rnd.nextBoolean() ? "=" : "<>", new Col(q, "s"), new Lit(pick(STRINGS)));
      case 7 -> new IsNull(pick(new Nav(NavKind.PREV, new Col(q, "x"), -1), new Col(q, "x"), new Nav(NavKind.LAST, new Col(reference(), "s"), 1)), rnd.nextBoolean());
      case 8 -> rnd.nextBoolean()
          ? compare(new Bin("+", new Col(q, "x"), new Col(q, "y")), constant(15))
          : compare(new Bin("-", new Col(q, "x"), new Nav(NavKind.PREV, new Col(q, "x"), -1)), constant(3));
      case 9 -> rnd.nextBoolean()
          ? compare(new Nav(NavKind.NEXT, new Col(q, column), offset(-1, 1, 2)), new Col(q, column))
          : compare(new Nav(NavKind.PREV, new Nav(NavKind.LAST, new Col(reference(), "x"), offset(-1, 1)), offset(-1, 1, 2)), constant(9));
      default -> compare(new MatchNumber(), constant(3)); // the number the match gets if it is found
    };
  }

  /**
   * A condition Calcite runs right: comparisons of {@code v}'s own columns (always qualified) with constants,
   * with each other and with PREV; joined by AND only where PREV is read (Calcite's condition is false as a
   * whole where PREV finds no row), by AND, OR and NOT otherwise.
   */
  private Expr calciteCondition(String v) {
    int n = 1 + rnd.nextInt(rnd.nextBoolean() ? 2 : 3);
    boolean prev = rnd.nextInt(2) > 0;
    Expr condition = null;
    for (int i = 0; i < n; i++) {
      String column = rnd.nextBoolean() ? "x" : "y";
      Expr atom = switch (rnd.nextInt(prev ? 6 : 4)) {
        case 0 -> compare(new Col(v, column), constant(9));
        case 1 -> compare(new Col(v, "x"), new Col(v, "y"));
        case 2 -> new Bin(rnd.nextBoolean() ? "=" : "<>", new Col(v, "s"), new Lit(pick(STRINGS)));
        case 3 -> compare(new Bin("+", new Col(v, "x"), new Col(v, "y")), constant(15));
        case 4 -> compare(new Col(v, column), new Nav(NavKind.PREV, new Col(v, column), offset(-1, 1, 2)));
        default -> compare(new Bin("-", new Nav(NavKind.PREV, new Col(v, "x"), -1), new Col(v, "x")), constant(3));
      };
      if (!prev && rnd.nextInt(4) == 0) {
        atom = new Not(atom);
      }
      condition = condition == null ? atom : new Bin(prev || rnd.nextBoolean() ? "AND" : "OR", condition, atom);
    }
    return condition;
  }

  private Expr compare(Expr left, Expr right) {
    return new Bin(pick(COMPARISONS), left, right);
  }

  private Lit constant(int max) {
    return new Lit((long) rnd.nextInt(max + 1));
  }

  /** A variable or subset to read rows of. */
  private String reference() {
    int n = variables.size() + subsets.size();
    int i = rnd.nextInt(n);
    return i < variables.size() ? variables.get(i) : new ArrayList<>(subsets.keySet()).get(i - variables.size());
  }

  private Agg aggregate() {
    String w = rnd.nextInt(4) == 0 ? null : reference();
    return switch (rnd.nextInt(7)) {
      case 0 -> new Agg("COUNT", w, null);
      case 1 -> new Agg("COUNT", w, new Col(w, "x"));
      case 2 -> new Agg("SUM", w, new Col(w, "x"));
      case 3 -> new Agg("MIN", w, new Col(w, rnd.nextBoolean() ? "x" : "y"));
      case 4 -> new Agg("MAX", w, new Col(w, rnd.nextBoolean() ? "x" : "y"));
      case 5 -> new Agg("AVG", w, new Col(w, "x"));
      default -> new Agg("SUM", w, new Bin("+", new Col(w, "x"), new Col(w, "y")));
    };
  }

  // ------------------------------------------------------------------ measures

  private Expr measure(int depth) {
    String w = rnd.nextInt(4) == 0 ? null : reference();
    String column = pick("x", "y", "s", "id", "ts", "k");
    return switch (rnd.nextInt(depth <= 0 ? 9 : 13)) {
      case 0 -> new Col(w, column);
      case 1 -> new Nav(NavKind.LAST, rowValue(w, column), offset(-1, 0, 1, 2, 3));
      case 2 -> new Nav(NavKind.FIRST, rowValue(w, column), offset(-1, 0, 1, 2, 3));
      case 3 -> new Classifier();
      case 4 -> new MatchNumber();
      case 5, 6 -> rnd.nextBoolean() ? aggregate() : new Agg(pick("MIN", "MAX"), w, new Col(w, pick("s", "ts", "k")));
      case 7 -> new Nav(rnd.nextBoolean() ? NavKind.PREV : NavKind.NEXT, new Col(w, column), offset(-1, 1, 2, 4));
      case 8 -> new Nav(rnd.nextBoolean() ? NavKind.PREV : NavKind.NEXT, new Nav(rnd.nextBoolean() ? NavKind.FIRST : NavKind.LAST, new Col(w, column), offset(-1, 1)), offset(-1, 1, 2));
      case 9 -> new Bin(pick("+", "-", "*"), number(), number());
      case 10 -> compare(number(), constant(9)); // a BOOLEAN measure
      default -> new Semantics(rnd.nextInt(3) > 0, pick(new Nav(pick(NavKind.FIRST, NavKind.LAST), new Col(w, column), offset(-1, 0, 1)), aggregate()));
    };
  }

  /** A value of a row of {@code w}: a column, or now and then arithmetic over its integer columns. */
  private Expr rowValue(String w, String column) {
    if (rnd.nextInt(5) > 0) {
      return new Col(w, column);
    }
    return rnd.nextBoolean() ? new Bin("+", new Col(w, "x"), new Col(w, "y")) : new Bin("*", new Col(w, "x"), new Lit(2L));
  }

  /** A numeric measure, for arithmetic. */
  private Expr number() {
    String w = rnd.nextInt(4) == 0 ? null : reference();
    return switch (rnd.nextInt(6)) {
      case 0 -> new Col(w, pick("x", "y", "id"));
      case 1 -> new Nav(pick(NavKind.FIRST, NavKind.LAST), new Col(w, pick("x", "y", "id")), offset(-1, 0, 1));
      case 2 -> aggregate();
      case 3 -> new MatchNumber();
      case 4 -> new Semantics(true, new Nav(NavKind.LAST, new Col(w, "x"), -1));
      default -> constant(5);
    };
  }

  @SafeVarargs
  private <T> T pick(T... choices) {
    return choices[rnd.nextInt(choices.length)];
  }

  private <T> T pick(List<T> choices) {
    return choices.get(rnd.nextInt(choices.size()));
  }

  private int offset(int... choices) {
    return choices[rnd.nextInt(choices.length)];
  }
}
