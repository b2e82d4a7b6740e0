package io.runnel.parser.ast;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** What a query reads from. {@code alias} may be null everywhere. */
public sealed interface Relation extends Node {

  /** A stream, table or view by name; {@code name} may be qualified ({@code sys.errors}). */
  record TableRef(Pos pos, List<Name> name, Name alias) implements Relation {
    public TableRef {
      name = List.copyOf(name);
    }

    public String dotted() {
      return String.join(".", name.stream().map(Name::value).toList());
    }
  }

  /**
   * {@code name FOR SYSTEM_TIME AS OF asOf [AS alias]}: the versions of a table, each row of the other side of
   * a join seeing the one valid at {@code asOf}.
   */
  record TemporalTable(Pos pos, List<Name> name, Expression asOf, Name alias) implements Relation {
    public TemporalTable {
      name = List.copyOf(name);
    }

    public String dotted() {
      return String.join(".", name.stream().map(Name::value).toList());
    }
  }

  record Subquery(Pos pos, Query query, Name alias) implements Relation {}

  enum JoinType {
    INNER,
    LEFT,
    RIGHT,
    FULL,
    CROSS
  }

  /** {@code condition} is null for CROSS joins. */
  record Join(Pos pos, JoinType type, Relation left, Relation right, Expression condition)
      implements Relation {}

  /**
   * {@code TABLE(fn(args))}, a table-valued function such as {@code TUMBLE(TABLE bid, DESCRIPTOR(ts),
   * INTERVAL '10' SECOND)}; arguments in order, with TABLE and DESCRIPTOR arguments as their own nodes.
   */
  record TableFunction(Pos pos, Name function, List<Node> arguments, Name alias)
      implements Relation {
    public TableFunction {
      arguments = List.copyOf(arguments);
    }
  }

  /** {@code TABLE name [PARTITION BY col, ...]} as an argument of a table function. */
  record TableArgument(Pos pos, List<Name> name, List<Name> partitionBy) implements Node {
    public TableArgument {
      name = List.copyOf(name);
      partitionBy = List.copyOf(partitionBy);
    }
  }

  /** {@code DESCRIPTOR(col)} as an argument of a table function. */
  record Descriptor(Pos pos, List<Name> columns) implements Node {
    public Descriptor {
      columns = List.copyOf(columns);
    }
  }

  /**
   * {@code input MATCH_RECOGNIZE (...) [AS alias]}, SQL:2016's row pattern recognition: the input's rows, in
   * partitions by {@code partitionBy}, ordered by {@code orderBy}, are matched against {@code pattern}, a row
   * fitting a variable when it meets the variable's condition in {@code defines} (any row, for a variable
   * without one); each match gives the {@code measures}. {@code within} (may be null) bounds the time from
   * a match's first row to its last. A clause not written has SQL's default: no partitions, no order, no
   * measures, {@code ONE ROW PER MATCH} and {@code AFTER MATCH SKIP PAST LAST ROW} (these two at {@code
   * pos}), no subsets and no definitions. {@code pos} is the MATCH_RECOGNIZE keyword's position ({@code
   * input.pos()} is where the input starts). The clauses are in SQL's order, each at most once, with a
   * PATTERN: the parser has checked it.
   */
  record MatchRecognize(
      Pos pos,
      Relation input,
      List<Expression> partitionBy,
      List<Query.OrderItem> orderBy,
      List<Measure> measures,
      RowsPerMatch rowsPerMatch,
      AfterMatch afterMatch,
      PatternNode pattern,
      List<Subset> subsets,
      List<Define> defines,
      Within within,
      Name alias)
      implements Relation {
    public MatchRecognize {
      requireNonNull(input, "input is null");
      requireNonNull(rowsPerMatch, "rowsPerMatch is null");
      requireNonNull(afterMatch, "afterMatch is null");
      requireNonNull(pattern, "pattern is null");
      partitionBy = List.copyOf(partitionBy);
      orderBy = List.copyOf(orderBy);
      measures = List.copyOf(measures);
      subsets = List.copyOf(subsets);
      defines = List.copyOf(defines);
    }

    /** {@code expression AS name} in MEASURES. */
    public record Measure(Pos pos, Expression expression, Name name) {
      public Measure {
        requireNonNull(expression, "expression is null");
        requireNonNull(name, "name is null");
      }
    }

    /** What a match gives: one row, or a row for each of its rows. */
    public enum RowsPerMatchMode {
      /** {@code ONE ROW PER MATCH}. */
      ONE_ROW("ONE ROW PER MATCH"),
      /**
       * {@code ONE ROW PER MATCH WITH TIMEOUTS} (Runnel's own): as ONE ROW PER MATCH, and a row for each partial
       * match {@code WITHIN} cut off, its measures over its rows so far; {@code MATCH_TIMED_OUT()} tells them
       * apart.
       */
      ONE_ROW_WITH_TIMEOUTS("ONE ROW PER MATCH WITH TIMEOUTS"),
      /** {@code ALL ROWS PER MATCH [SHOW EMPTY MATCHES]}: an empty match gives a row of nulls. */
      ALL_ROWS_SHOW_EMPTY("ALL ROWS PER MATCH SHOW EMPTY MATCHES"),
      /** {@code ALL ROWS PER MATCH OMIT EMPTY MATCHES}. */
      ALL_ROWS_OMIT_EMPTY("ALL ROWS PER MATCH OMIT EMPTY MATCHES"),
      /** {@code ALL ROWS PER MATCH WITH UNMATCHED ROWS}: as SHOW EMPTY MATCHES, and a row in no match gives a row too. */
      ALL_ROWS_WITH_UNMATCHED("ALL ROWS PER MATCH WITH UNMATCHED ROWS");

      private final String sql;

      RowsPerMatchMode(String sql) {
        this.sql = sql;
      }

      /** The clause as SQL writes it in full. */
      public String sql() {
        return sql;
      }
    }

    /** The rows-per-match clause and where it is written. */
    public record RowsPerMatch(Pos pos, RowsPerMatchMode mode) {
      public RowsPerMatch {
        requireNonNull(mode, "mode is null");
      }

      @Override
      public String toString() {
        return mode.sql();
      }
    }

    /** Where matching resumes after a match. */
    public enum SkipTo {
      /** {@code SKIP PAST LAST ROW}: at the row after the match's last. */
      PAST_LAST_ROW,
      /** {@code SKIP TO NEXT ROW}: at the row after the match's first. */
      NEXT_ROW,
      /** {@code SKIP TO FIRST v}: at the first row mapped to v. */
      FIRST_VARIABLE,
      /** {@code SKIP TO LAST v}, or {@code SKIP TO v}: at the last row mapped to v. */
      LAST_VARIABLE
    }

    /** {@code AFTER MATCH SKIP ...}; {@code variable} is set for (only) FIRST_VARIABLE and LAST_VARIABLE. */
    public record AfterMatch(Pos pos, SkipTo skipTo, Name variable) {
      public AfterMatch {
        requireNonNull(skipTo, "skipTo is null");
        if ((variable != null) != (skipTo == SkipTo.FIRST_VARIABLE || skipTo == SkipTo.LAST_VARIABLE)) {
          throw new IllegalArgumentException(skipTo + " with variable " + variable);
        }
      }

      @Override
      public String toString() {
        return switch (skipTo) {
          case PAST_LAST_ROW -> "AFTER MATCH SKIP PAST LAST ROW";
          case NEXT_ROW -> "AFTER MATCH SKIP TO NEXT ROW";
          case FIRST_VARIABLE -> "AFTER MATCH SKIP TO FIRST " + new PatternNode.Var(variable.pos(), variable);
          case LAST_VARIABLE -> "AFTER MATCH SKIP TO LAST " + new PatternNode.Var(variable.pos(), variable);
        };
      }
    }

    /** {@code SUBSET name = (v1, v2, ...)}: a name for the union of the rows of several variables. */
    public record Subset(Pos pos, Name name, List<Name> variables) {
      public Subset {
        requireNonNull(name, "name is null");
        variables = List.copyOf(variables);
      }
    }

    /** {@code variable AS condition} in DEFINE. */
    public record Define(Pos pos, Name variable, Expression condition) {
      public Define {
        requireNonNull(variable, "variable is null");
        requireNonNull(condition, "condition is null");
      }
    }

    /**
     * {@code WITHIN INTERVAL '5' SECOND}, written after PATTERN (as Flink does) or as the last clause: a
     * match must end within this time of its first row. {@code pos} is the WITHIN keyword's.
     */
    public record Within(Pos pos, Expression.IntervalLiteral interval) {
      public Within {
        requireNonNull(interval, "interval is null");
      }
    }
  }
}
