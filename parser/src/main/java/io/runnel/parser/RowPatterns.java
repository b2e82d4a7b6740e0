package io.runnel.parser;

import static io.runnel.parser.AstBuilder.pos;

import io.runnel.grammar.RunnelLexer;
import io.runnel.grammar.RunnelParser.*;
import io.runnel.parser.ast.Name;
import io.runnel.parser.ast.PatternNode;
import io.runnel.parser.ast.Pos;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.Token;

/**
 * Builds a {@link PatternNode} from MATCH_RECOGNIZE's {@code PATTERN (...)} and refuses, with {@link
 * ErrorCode#INVALID_ROW_PATTERN}, what parses but is no pattern: quantifier bounds that are negative, too
 * large, zero at the top or out of order, and a '$' inside a variable's name.
 */
final class RowPatterns {
  private final AstBuilder ast;

  RowPatterns(AstBuilder ast) {
    this.ast = ast;
  }

  PatternNode pattern(RowPatternContext ctx) {
    List<PatternNode> alternatives = new ArrayList<>();
    for (RowPatternTermContext term : ctx.rowPatternTerm()) {
      PatternNode t = term(term);
      if (t instanceof PatternNode.Alt alt) {
        alternatives.addAll(alt.alternatives());
      } else {
        alternatives.add(t);
      }
    }
    return alternatives.size() == 1 ? alternatives.get(0) : new PatternNode.Alt(pos(ctx), alternatives);
  }

  private PatternNode term(RowPatternTermContext ctx) {
    List<PatternNode> terms = new ArrayList<>();
    for (RowPatternFactorContext factor : ctx.rowPatternFactor()) {
      for (PatternNode f : factor(factor)) {
        if (f instanceof PatternNode.Concat concat) {
          terms.addAll(concat.terms());
        } else {
          terms.add(f);
        }
      }
    }
    return terms.size() == 1 ? terms.get(0) : new PatternNode.Concat(pos(ctx), terms);
  }

  /** Usually one node; more when a variable is written with the end anchor attached ({@code B$}). */
  private List<PatternNode> factor(RowPatternFactorContext ctx) {
    List<PatternNode> nodes = primary(ctx.rowPatternPrimary());
    PatternQuantifierContext q = ctx.patternQuantifier();
    if (q == null) {
      return nodes;
    }
    // the quantifier applies to the last node: in B$* it is the anchor's
    List<PatternNode> out = new ArrayList<>(nodes.subList(0, nodes.size() - 1));
    PatternNode last = nodes.get(nodes.size() - 1);
    Pos at = nodes.size() == 1 ? pos(ctx) : last.pos();
    out.add(quantified(at, last, q));
    return out;
  }

  private List<PatternNode> primary(RowPatternPrimaryContext ctx) {
    if (ctx instanceof PatternPermutationContext p) {
      List<PatternNode> patterns = new ArrayList<>();
      for (RowPatternContext r : p.rowPattern()) {
        patterns.add(pattern(r));
      }
      return List.of(new PatternNode.Permute(pos(p), patterns));
    }
    if (ctx instanceof PatternVariableContext v) {
      return variable(v.identifier());
    }
    if (ctx instanceof PatternGroupContext g) {
      return List.of(g.rowPattern() == null ? new PatternNode.Empty(pos(g)) : pattern(g.rowPattern()));
    }
    if (ctx instanceof PatternStartContext s) {
      return List.of(new PatternNode.Start(pos(s)));
    }
    if (ctx instanceof PatternEndContext e) {
      return List.of(new PatternNode.End(pos(e)));
    }
    PatternExclusionContext x = (PatternExclusionContext) ctx;
    return List.of(new PatternNode.Exclude(pos(x), pattern(x.rowPattern())));
  }

  /**
   * A variable. Names may hold '$' elsewhere in the dialect, but SQL's pattern syntax reads {@code B$} as
   * variable B then the end anchor: trailing '$'s are anchors here, and a '$' inside a name is refused
   * rather than read either way.
   */
  private List<PatternNode> variable(IdentifierContext ctx) {
    Token t = ctx.getStart();
    Name name = ast.name(ctx);
    int dollar = t.getType() == RunnelLexer.IDENTIFIER ? t.getText().indexOf('$') : -1;
    if (dollar < 0) {
      return List.of(new PatternNode.Var(pos(ctx), name));
    }
    String text = t.getText();
    if (!text.substring(dollar).chars().allMatch(c -> c == '$')) {
      throw new RunnelException(
          ErrorCode.INVALID_ROW_PATTERN,
          pos(ctx),
          "Pattern variable '" + text + "' has a '$' inside its name",
          "Quote the name (\"" + text + "\") to keep it; '$' on its own is the end of the partition.");
    }
    Pos at = pos(ctx);
    List<PatternNode> nodes = new ArrayList<>();
    nodes.add(new PatternNode.Var(at, new Name(at, text.substring(0, dollar), false)));
    for (int i = dollar; i < text.length(); i++) {
      nodes.add(new PatternNode.End(new Pos(at.line(), at.column() + i)));
    }
    return nodes;
  }

  private static PatternNode.Quantified quantified(Pos pos, PatternNode pattern, PatternQuantifierContext ctx) {
    boolean reluctant;
    int min;
    Integer max;
    if (ctx instanceof ZeroOrMoreQuantifierContext q) {
      reluctant = q.reluctant != null;
      min = 0;
      max = null;
    } else if (ctx instanceof OneOrMoreQuantifierContext q) {
      reluctant = q.reluctant != null;
      min = 1;
      max = null;
    } else if (ctx instanceof ZeroOrOneQuantifierContext q) {
      reluctant = q.reluctant != null;
      min = 0;
      max = 1;
    } else if (ctx instanceof ExactQuantifierContext q) {
      reluctant = q.reluctant != null;
      min = bound(q.exactly);
      max = min;
      checkUpperBound(max, q.exactly);
    } else {
      RangeQuantifierContext q = (RangeQuantifierContext) ctx;
      reluctant = q.reluctant != null;
      min = q.min == null ? 0 : bound(q.min);
      max = q.max == null ? null : bound(q.max);
      if (max != null) {
        checkUpperBound(max, q.max);
        if (min > max) {
          throw new RunnelException(
              ErrorCode.INVALID_ROW_PATTERN,
              pos(q),
              "Quantifier " + q.getText() + " has its lower bound above its upper bound",
              "Write the smaller bound first: {" + max + "," + min + "}.");
        }
      }
    }
    return new PatternNode.Quantified(pos, pattern, min, max, reluctant);
  }

  private static int bound(PatternBoundContext ctx) {
    if (ctx.MINUS() != null) {
      throw new RunnelException(
          ErrorCode.INVALID_ROW_PATTERN, pos(ctx), "A quantifier's bound cannot be negative: " + ctx.getText(), "Bounds count rows: 0 or more.");
    }
    Token t = ctx.INTEGER_VALUE().getSymbol();
    try {
      return Integer.parseInt(t.getText());
    } catch (NumberFormatException e) {
      throw new RunnelException(
          ErrorCode.INVALID_ROW_PATTERN,
          pos(t),
          "Quantifier bound " + t.getText() + " is too large",
          "The largest bound is " + Integer.MAX_VALUE + "; leave the upper bound out for no limit, as in {3,}.");
    }
  }

  private static void checkUpperBound(int max, PatternBoundContext ctx) {
    if (max == 0) {
      throw new RunnelException(
          ErrorCode.INVALID_ROW_PATTERN,
          pos(ctx),
          "A quantifier's upper bound must be at least 1",
          "A pattern repeated at most 0 times matches only the empty pattern: write () for that.");
    }
  }
}
