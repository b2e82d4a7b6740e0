package io.runnel.operators.match;

import static java.util.Objects.requireNonNull;

import io.runnel.operators.api.Operator;
import io.runnel.operators.dag.Distribution;
import io.runnel.operators.dag.OperatorSpec;
import io.runnel.operators.expr.Expr;
import io.runnel.operators.rank.SortKey;
import io.runnel.operators.types.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Plan-time description of {@link MatchRecognize}: rows of {@code inputSchema}, partitioned by {@code
 * partitionKeys}, ordered by the event time in column {@code rowtime} then by {@code tieBreaks} (then by
 * arrival), matched by {@code match} with the {@code DEFINE} condition of each of {@code variables} (null:
 * always true), answering {@code measures} in rows as {@code rowsPerMatch} says. Output: for ONE ROW PER
 * MATCH the partition columns and the measures; for ALL ROWS PER MATCH the input columns and the measures.
 */
public record MatchRecognizeSpec(
    Schema inputSchema,
    int[] partitionKeys,
    int rowtime,
    List<SortKey> tieBreaks,
    MatchSpec match,
    List<String> variables,
    List<MatchExpr> defines,
    List<MatchExpr> measures,
    RowsPerMatch rowsPerMatch,
    Schema outputSchema)
    implements OperatorSpec {

  /** {@code ONE ROW PER MATCH} or one of the forms of {@code ALL ROWS PER MATCH}. */
  public enum RowsPerMatch {
    ONE_ROW,
    /** As ONE_ROW, and a row for each partial match {@code WITHIN} cut off (Runnel's own). */
    ONE_ROW_WITH_TIMEOUTS,
    ALL_ROWS_SHOW_EMPTY,
    ALL_ROWS_OMIT_EMPTY,
    ALL_ROWS_WITH_UNMATCHED;

    public boolean allRows() {
      return this != ONE_ROW && this != ONE_ROW_WITH_TIMEOUTS;
    }

    /** As SQL writes it. */
    public String sql() {
      return switch (this) {
        case ONE_ROW -> "ONE ROW PER MATCH";
        case ONE_ROW_WITH_TIMEOUTS -> "ONE ROW PER MATCH WITH TIMEOUTS";
        case ALL_ROWS_SHOW_EMPTY -> "ALL ROWS PER MATCH SHOW EMPTY MATCHES";
        case ALL_ROWS_OMIT_EMPTY -> "ALL ROWS PER MATCH OMIT EMPTY MATCHES";
        case ALL_ROWS_WITH_UNMATCHED -> "ALL ROWS PER MATCH WITH UNMATCHED ROWS";
      };
    }

    /**
     * Whether ALL ROWS PER MATCH answers an empty match with a row: SHOW EMPTY MATCHES, and WITH UNMATCHED
     * ROWS, which shows empty matches as SHOW EMPTY MATCHES does and adds the unmatched rows (SQL:2016).
     */
    public boolean showsEmptyMatches() {
      return this == ALL_ROWS_SHOW_EMPTY || this == ALL_ROWS_WITH_UNMATCHED;
    }
  }

  public MatchRecognizeSpec {
    requireNonNull(inputSchema, "inputSchema is null");
    partitionKeys = partitionKeys.clone();
    tieBreaks = List.copyOf(tieBreaks);
    requireNonNull(match, "match is null");
    variables = List.copyOf(variables);
    defines = new ArrayList<>(defines); // entries may be null
    measures = List.copyOf(measures);
    requireNonNull(rowsPerMatch, "rowsPerMatch is null");
    requireNonNull(outputSchema, "outputSchema is null");
    if (rowtime < 0 || rowtime >= inputSchema.size()) {
      throw new IllegalArgumentException("the event time must be a column of the input: $" + rowtime);
    }
    if (variables.size() != match.automaton().variables() || defines.size() != variables.size()) {
      throw new IllegalArgumentException(variables.size() + " variables and " + defines.size() + " conditions for a pattern of " + match.automaton().variables());
    }
    int width = (rowsPerMatch.allRows() ? inputSchema.size() : partitionKeys.length) + measures.size();
    if (outputSchema.size() != width) {
      throw new IllegalArgumentException("the output has " + outputSchema.size() + " columns, not " + width);
    }
  }

  /** The largest {@code NEXT} offset of any condition or measure. */
  public int lookahead() {
    return (int) all().mapToLong(MatchExpr::lookahead).max().orElse(0);
  }

  /** The largest {@code PREV} offset of any condition or measure. */
  public int lookbehind() {
    return (int) all().mapToLong(MatchExpr::lookbehind).max().orElse(0);
  }

  private java.util.stream.Stream<MatchExpr> all() {
    return java.util.stream.Stream.concat(defines.stream().filter(d -> d != null), measures.stream());
  }

  /** Whether variable {@code v}'s condition reads only the current row and its neighbours. */
  public boolean historyFree(int v) {
    MatchExpr d = defines.get(v);
    return d == null || d.navs().stream().allMatch(n -> n.readsCurrentRowOnly(v));
  }

  /**
   * The rows variable {@code v}'s condition finds in the partial match with {@code FIRST} and {@code LAST}
   * (see {@link Conditions#historyReads}), or null when it reads more of it.
   */
  public List<Conditions.HistoryRead> historyReads(int v) {
    MatchExpr d = defines.get(v);
    List<Conditions.HistoryRead> reads = new ArrayList<>();
    for (MatchExpr.Nav n : d == null ? List.<MatchExpr.Nav>of() : d.navs()) {
      switch (n.kind()) {
        case LAST, FIRST -> reads.add(new Conditions.HistoryRead(n.kind() == MatchExpr.Kind.FIRST, n.variables(), n.offset()));
        case MATCH_NUMBER -> {}
        case CLASSIFIER -> {
          if (n.physical() != 0) {
            return null; // the variable of another row of the match
          }
        }
        default -> {
          return null; // an aggregate
        }
      }
    }
    return reads;
  }

  /** Whether variable {@code v}'s condition reads {@code MATCH_NUMBER()}. */
  public boolean readsMatchNumber(int v) {
    MatchExpr d = defines.get(v);
    return d != null && d.navs().stream().anyMatch(n -> n.kind() == MatchExpr.Kind.MATCH_NUMBER);
  }

  /**
   * The partition, time and tie-break columns, those the conditions and measures read, and under ALL ROWS PER
   * MATCH the input columns read downstream: a source decodes no other, and the rows held keep none.
   */
  @Override
  public boolean[] inputColumnsRead(int input, boolean[] outputRead) {
    boolean[] read = new boolean[inputSchema.size()];
    for (int k : partitionKeys) {
      read[k] = true;
    }
    read[rowtime] = true;
    tieBreaks.forEach(k -> read[k.column()] = true);
    for (List<MatchExpr> exprs : List.of(defines, measures)) {
      for (MatchExpr e : exprs) {
        if (e != null) {
          e.navs().stream().filter(n -> n.inner() != null).forEach(n -> Expr.markInputs(n.inner(), read));
        }
      }
    }
    if (rowsPerMatch.allRows()) {
      for (int i = 0; i < read.length; i++) {
        read[i] |= outputRead == null || outputRead[i];
      }
    }
    return read;
  }

  @Override
  public Operator create() {
    return new MatchRecognize(this);
  }

  @Override
  public Distribution inputDistribution(int input) {
    return partitionKeys.length == 0 ? Distribution.SINGLETON : Distribution.byKeys(Arrays.stream(partitionKeys).boxed().toList());
  }

  @Override
  public String describe() {
    StringBuilder sb = new StringBuilder("MatchRecognize(");
    sb.append("partition=").append(Arrays.stream(partitionKeys).mapToObj(k -> "$" + k).toList());
    sb.append(", order=[$").append(rowtime).append(tieBreaks.isEmpty() ? "" : ", " + tieBreaks).append("]");
    sb.append(", pattern=[").append(match.automaton().pattern().toSql(variables::get)).append("]");
    sb.append(", ").append(rowsPerMatch);
    sb.append(", skip=").append(match.skip());
    if (match.within() >= 0) {
      sb.append(", within=").append(match.within()).append("ms");
    }
    List<String> defined = new ArrayList<>();
    IntStream.range(0, variables.size()).filter(v -> defines.get(v) != null).forEach(v -> defined.add(variables.get(v) + " AS " + defines.get(v)));
    if (!defined.isEmpty()) {
      sb.append(", define=").append(defined);
    }
    if (!measures.isEmpty()) {
      sb.append(", measures=").append(measures);
    }
    return sb.append(")").toString();
  }
}
