package io.runnel.parser;

import static io.runnel.parser.AstBuilder.pos;

import io.runnel.grammar.RunnelParser;
import io.runnel.grammar.RunnelParser.*;
import io.runnel.parser.AstBuilder.MatchPart;
import io.runnel.parser.ast.Expression;
import io.runnel.parser.ast.Name;
import io.runnel.parser.ast.PatternNode;
import io.runnel.parser.ast.Pos;
import io.runnel.parser.ast.Query;
import io.runnel.parser.ast.Relation;
import io.runnel.parser.ast.Relation.MatchRecognize;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds a {@link MatchRecognize} from its clauses. The grammar reads them in any order so that this
 * class can name a clause out of place: each must come in SQL's order, at most once, and PATTERN must
 * be there ({@link ErrorCode#MISPLACED_CLAUSE} otherwise, at the clause).
 */
final class MatchRecognizeBuilder {
  /** MATCH_RECOGNIZE's clauses in SQL's order. WITHIN comes right after PATTERN, or last. */
  private enum Clause {
    PARTITION_BY("PARTITION BY"),
    ORDER_BY("ORDER BY"),
    MEASURES("MEASURES"),
    ROWS_PER_MATCH("rows per match"),
    AFTER_MATCH("AFTER MATCH SKIP"),
    PATTERN("PATTERN"),
    SUBSET("SUBSET"),
    DEFINE("DEFINE"),
    WITHIN("WITHIN");

    /** How a message names the clause. */
    final String name;

    Clause(String name) {
      this.name = name;
    }
  }

  static final String ORDER_HINT =
      "The clauses go in this order: PARTITION BY, ORDER BY, MEASURES, ONE ROW PER MATCH or ALL ROWS PER MATCH,"
          + " AFTER MATCH SKIP, PATTERN, SUBSET, DEFINE; WITHIN right after PATTERN or last.";

  private final AstBuilder ast;
  private final List<Expression> partitionBy = new ArrayList<>();
  private final List<Query.OrderItem> orderBy = new ArrayList<>();
  private final List<MatchRecognize.Measure> measures = new ArrayList<>();
  private final List<MatchRecognize.Subset> subsets = new ArrayList<>();
  private final List<MatchRecognize.Define> defines = new ArrayList<>();
  private MatchRecognize.RowsPerMatch rowsPerMatch;
  private MatchRecognize.AfterMatch afterMatch;
  private PatternNode pattern;
  private MatchRecognize.Within within;

  MatchRecognizeBuilder(AstBuilder ast) {
    this.ast = ast;
  }

  MatchRecognize build(Relation input, MatchRecognizeContext ctx) {
    Pos pos = pos(ctx);
    checkOrder(ctx);
    for (MatchClauseContext clause : ctx.matchClause()) {
      add(clause);
    }
    if (rowsPerMatch == null) {
      rowsPerMatch = new MatchRecognize.RowsPerMatch(pos, MatchRecognize.RowsPerMatchMode.ONE_ROW);
    }
    if (afterMatch == null) {
      afterMatch = new MatchRecognize.AfterMatch(pos, MatchRecognize.SkipTo.PAST_LAST_ROW, null);
    }
    if (rowsPerMatch.mode() == MatchRecognize.RowsPerMatchMode.ONE_ROW_WITH_TIMEOUTS && within == null) {
      throw new RunnelException(
          ErrorCode.INVALID_ROW_PATTERN,
          rowsPerMatch.pos(),
          "WITH TIMEOUTS answers the partial matches that WITHIN cuts off, and this MATCH_RECOGNIZE has no WITHIN",
          "Add WITHIN INTERVAL '...' after the PATTERN, or remove WITH TIMEOUTS.");
    }
    PatternNode.Exclude exclusion = exclusion(pattern);
    if (exclusion != null && rowsPerMatch.mode() == MatchRecognize.RowsPerMatchMode.ALL_ROWS_WITH_UNMATCHED) {
      // SQL:2016: an excluded row is in a match, yet would come out as neither a row of it nor an unmatched row
      throw new RunnelException(
          ErrorCode.INVALID_ROW_PATTERN,
          exclusion.pos(),
          "A pattern exclusion {- ... -} cannot be used with ALL ROWS PER MATCH WITH UNMATCHED ROWS",
          "Use ALL ROWS PER MATCH SHOW EMPTY MATCHES, or match the rows without {- -}.");
    }
    return new MatchRecognize(
        pos, input, partitionBy, orderBy, measures, rowsPerMatch, afterMatch, pattern, subsets, defines, within, ast.name(ctx.identifier()));
  }

  /** The first exclusion {@code {- -}} in {@code p}, or null. */
  private static PatternNode.Exclude exclusion(PatternNode p) {
    if (p instanceof PatternNode.Exclude x) {
      return x;
    }
    List<PatternNode> parts =
        p instanceof PatternNode.Concat c ? c.terms()
            : p instanceof PatternNode.Alt a ? a.alternatives()
            : p instanceof PatternNode.Permute pm ? pm.patterns()
            : p instanceof PatternNode.Quantified q ? List.of(q.pattern())
            : List.of();
    for (PatternNode part : parts) {
      PatternNode.Exclude x = exclusion(part);
      if (x != null) {
        return x;
      }
    }
    return null;
  }

  /** Refuses a clause out of SQL's order or written twice, then a missing PATTERN, each at its position. */
  private static void checkOrder(MatchRecognizeContext ctx) {
    List<MatchClauseContext> clauses = ctx.matchClause();
    Map<Clause, MatchClauseContext> seen = new EnumMap<>(Clause.class);
    MatchClauseContext previous = null; // the last clause other than WITHIN
    for (int i = 0; i < clauses.size(); i++) {
      MatchClauseContext c = clauses.get(i);
      Clause kind = kind(c);
      MatchClauseContext first = seen.putIfAbsent(kind, c);
      if (first != null) {
        throw new RunnelException(
            ErrorCode.MISPLACED_CLAUSE, pos(c), "MATCH_RECOGNIZE has a second " + kind.name + " clause; the first is at " + pos(first), ORDER_HINT);
      }
      if (kind == Clause.WITHIN) {
        boolean afterPattern = i > 0 && kind(clauses.get(i - 1)) == Clause.PATTERN;
        if (!afterPattern && i < clauses.size() - 1) {
          throw new RunnelException(ErrorCode.MISPLACED_CLAUSE, pos(c), "WITHIN must come right after PATTERN, or last", ORDER_HINT);
        }
        continue;
      }
      if (previous != null && kind.compareTo(kind(previous)) < 0) {
        throw new RunnelException(ErrorCode.MISPLACED_CLAUSE, pos(c), label(c) + " cannot come after " + label(previous), ORDER_HINT);
      }
      previous = c;
    }
    if (!seen.containsKey(Clause.PATTERN)) {
      // where PATTERN belongs: before the first clause that follows it, or at the closing parenthesis
      Pos at = pos(ctx.RPAREN().getSymbol());
      for (MatchClauseContext c : clauses) {
        if (kind(c).compareTo(Clause.PATTERN) > 0) {
          at = pos(c);
          break;
        }
      }
      throw new RunnelException(
          ErrorCode.MISPLACED_CLAUSE,
          at,
          "MATCH_RECOGNIZE has no PATTERN",
          "Write PATTERN (...) after AFTER MATCH SKIP and before SUBSET and DEFINE, e.g. PATTERN (A B+ C).");
    }
  }

  /** The clause as written, for a message: its kind's name, or which rows per match it asks for. */
  private static String label(MatchClauseContext c) {
    if (c instanceof OneRowPerMatchContext) {
      return "ONE ROW PER MATCH";
    }
    if (c instanceof AllRowsPerMatchContext) {
      return "ALL ROWS PER MATCH";
    }
    return kind(c).name;
  }

  private static Clause kind(MatchClauseContext c) {
    if (c instanceof MatchPartitionByContext) {
      return Clause.PARTITION_BY;
    } else if (c instanceof MatchOrderByContext) {
      return Clause.ORDER_BY;
    } else if (c instanceof MatchMeasuresContext) {
      return Clause.MEASURES;
    } else if (c instanceof OneRowPerMatchContext || c instanceof AllRowsPerMatchContext) {
      return Clause.ROWS_PER_MATCH;
    } else if (c instanceof MatchAfterMatchContext) {
      return Clause.AFTER_MATCH;
    } else if (c instanceof MatchPatternContext) {
      return Clause.PATTERN;
    } else if (c instanceof MatchSubsetContext) {
      return Clause.SUBSET;
    } else if (c instanceof MatchDefineContext) {
      return Clause.DEFINE;
    } else if (c instanceof MatchWithinContext) {
      return Clause.WITHIN;
    }
    throw new IllegalArgumentException("unknown clause " + c.getText());
  }

  private void add(MatchClauseContext clause) {
    if (clause instanceof MatchPartitionByContext c) {
      partitionBy.addAll(ast.exprs(c.expression()));
    } else if (clause instanceof MatchOrderByContext c) {
      for (SortItemContext s : c.sortItem()) {
        orderBy.add(ast.orderItem(s));
      }
    } else if (clause instanceof MatchMeasuresContext c) {
      for (MeasureContext m : c.measure()) {
        Expression e = ast.in(MatchPart.MEASURES, () -> ast.expr(m.expression()));
        measures.add(new MatchRecognize.Measure(pos(m), e, ast.name(m.identifier())));
      }
    } else if (clause instanceof OneRowPerMatchContext c) {
      MatchRecognize.RowsPerMatchMode mode =
          c.TIMEOUTS() != null ? MatchRecognize.RowsPerMatchMode.ONE_ROW_WITH_TIMEOUTS : MatchRecognize.RowsPerMatchMode.ONE_ROW;
      rowsPerMatch = new MatchRecognize.RowsPerMatch(pos(c), mode);
    } else if (clause instanceof AllRowsPerMatchContext c) {
      MatchRecognize.RowsPerMatchMode mode =
          c.OMIT() != null ? MatchRecognize.RowsPerMatchMode.ALL_ROWS_OMIT_EMPTY
              : c.UNMATCHED() != null ? MatchRecognize.RowsPerMatchMode.ALL_ROWS_WITH_UNMATCHED
              : MatchRecognize.RowsPerMatchMode.ALL_ROWS_SHOW_EMPTY;
      rowsPerMatch = new MatchRecognize.RowsPerMatch(pos(c), mode);
    } else if (clause instanceof MatchAfterMatchContext c) {
      afterMatch = afterMatch(c);
    } else if (clause instanceof MatchPatternContext c) {
      pattern = new RowPatterns(ast).pattern(c.rowPattern());
    } else if (clause instanceof MatchSubsetContext c) {
      for (SubsetContext s : c.subset()) {
        List<Name> names = ast.names(s.identifier());
        subsets.add(new MatchRecognize.Subset(pos(s), names.get(0), names.subList(1, names.size())));
      }
    } else if (clause instanceof MatchDefineContext c) {
      for (DefineContext d : c.define()) {
        Expression condition = ast.in(MatchPart.DEFINE, () -> ast.expr(d.expression()));
        defines.add(new MatchRecognize.Define(pos(d), ast.name(d.identifier()), condition));
      }
    } else if (clause instanceof MatchWithinContext c) {
      String unit = ast.name(c.identifier()).value().toUpperCase(Locale.ROOT);
      var interval = new Expression.IntervalLiteral(pos(c.INTERVAL().getSymbol()), AstBuilder.unquote(c.string()), unit);
      within = new MatchRecognize.Within(pos(c), interval);
    }
  }

  private MatchRecognize.AfterMatch afterMatch(MatchAfterMatchContext c) {
    if (c.PAST() != null) {
      return new MatchRecognize.AfterMatch(pos(c), MatchRecognize.SkipTo.PAST_LAST_ROW, null);
    }
    if (c.variable == null) {
      return new MatchRecognize.AfterMatch(pos(c), MatchRecognize.SkipTo.NEXT_ROW, null);
    }
    boolean first = c.position != null && c.position.getType() == RunnelParser.FIRST;
    MatchRecognize.SkipTo skipTo = first ? MatchRecognize.SkipTo.FIRST_VARIABLE : MatchRecognize.SkipTo.LAST_VARIABLE;
    return new MatchRecognize.AfterMatch(pos(c), skipTo, ast.name(c.variable));
  }
}
