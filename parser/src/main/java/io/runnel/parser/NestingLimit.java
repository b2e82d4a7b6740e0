package io.runnel.parser;

import io.runnel.grammar.RunnelLexer;
import io.runnel.parser.ast.Pos;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.Token;

/**
 * Rejects a statement nested deeper than {@link #MAX_DEPTH} levels, reading its tokens before the parser
 * runs, so that no recursive stage (the parser, the AST builder, the validator, Calcite) meets more nesting
 * than a default thread stack holds.
 *
 * <p>A level is an open parenthesis, {@code CASE}, {@code ROW<}, or an operator that nests its operand in
 * the tree: a prefix {@code NOT}, {@code -} or {@code +}, a binary arithmetic operator, a field access
 * {@code .}, {@code JOIN} or {@code EXPLAIN}. Operators count within a run that a comma, a comparison,
 * {@code AND}, {@code OR}, {@code ||} or a clause keyword ends: those chains are flattened by the AST
 * builder (AND, OR, {@code ||}, UNION) or not nested at all (lists), so they may be as long as the input.
 *
 * <p>In MATCH_RECOGNIZE's {@code PATTERN (...)} the operators are quantifiers, which nest nothing ({@code
 * A+ B* C?} is a flat list): there only parentheses and the braces of {@code {- ... -}} are levels. A
 * PATTERN is recognised only where it cannot be a function of that name in an expression, so that no
 * arithmetic escapes the limit: in parentheses after MATCH_RECOGNIZE following a name or a ')', and after
 * a token that ends a clause.
 */
final class NestingLimit {
  /** Deep enough for any query a person writes; shallow enough for a 1 MB thread stack in every stage. */
  static final int MAX_DEPTH = 200;

  /** Tokens that end a run of nesting operators. */
  private static final Set<Integer> RUN_ENDS =
      Set.of(RunnelLexer.COMMA, RunnelLexer.AND, RunnelLexer.OR, RunnelLexer.CONCAT_OP, RunnelLexer.EQ, RunnelLexer.NEQ, RunnelLexer.LT,
          RunnelLexer.LTE, RunnelLexer.GT, RunnelLexer.GTE, RunnelLexer.SELECT, RunnelLexer.FROM, RunnelLexer.WHERE, RunnelLexer.GROUP,
          RunnelLexer.BY, RunnelLexer.HAVING, RunnelLexer.ORDER, RunnelLexer.LIMIT, RunnelLexer.WHEN, RunnelLexer.THEN, RunnelLexer.ELSE,
          RunnelLexer.AS, RunnelLexer.ON, RunnelLexer.UNION, RunnelLexer.VALUES, RunnelLexer.BETWEEN, RunnelLexer.IN, RunnelLexer.LIKE,
          RunnelLexer.ESCAPE, RunnelLexer.IS);

  /** Tokens that nest what follows them one level deeper within their run. */
  private static final Set<Integer> NESTING_OPERATORS =
      Set.of(RunnelLexer.NOT, RunnelLexer.PLUS, RunnelLexer.MINUS, RunnelLexer.ASTERISK, RunnelLexer.SLASH, RunnelLexer.PERCENT,
          RunnelLexer.DOT, RunnelLexer.JOIN, RunnelLexer.EXPLAIN);

  /**
   * Tokens after which a PATTERN directly inside MATCH_RECOGNIZE's parentheses may be a function called
   * PATTERN: those that an operand follows.
   */
  private static final Set<Integer> OPERAND_NEXT = operandNext();

  /** Tokens that end a relation, as one before MATCH_RECOGNIZE: a name or a ')'. */
  private static final Set<Integer> RELATION_ENDS =
      Set.of(RunnelLexer.IDENTIFIER, RunnelLexer.BACKQUOTED_IDENTIFIER, RunnelLexer.QUOTED_IDENTIFIER, RunnelLexer.RPAREN);

  private static Set<Integer> operandNext() {
    Set<Integer> s = new java.util.HashSet<>(RUN_ENDS);
    s.addAll(NESTING_OPERATORS);
    s.addAll(Set.of(RunnelLexer.CASE, RunnelLexer.MEASURES, RunnelLexer.RUNNING, RunnelLexer.FINAL));
    return Set.copyOf(s);
  }

  private NestingLimit() {}

  /** What a group is: MATCH_RECOGNIZE's parentheses, a row pattern's (quantifiers nest nothing there), or any other. */
  private enum Kind {
    PLAIN,
    MATCH_RECOGNIZE,
    PATTERN
  }

  /** One open group: what opened it, and the run of operators outside it, resumed when it closes. */
  private record Group(int opener, int outerRun, Kind kind) {}

  /** Throws {@link ErrorCode#STATEMENT_TOO_COMPLEX} at the first token past the limit. */
  static void check(List<Token> tokens) {
    Deque<Group> groups = new ArrayDeque<>();
    int run = 0;
    int previous = Token.INVALID_TYPE; // the types of the two default-channel tokens before this one
    int beforePrevious = Token.INVALID_TYPE;
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.getChannel() != Token.DEFAULT_CHANNEL) {
        continue;
      }
      int type = t.getType();
      boolean rowType = type == RunnelLexer.ROW && i + 1 < tokens.size() && tokens.get(i + 1).getType() == RunnelLexer.LT;
      Kind inner = groups.isEmpty() ? Kind.PLAIN : groups.peek().kind();
      if (type == RunnelLexer.SEMI) {
        groups.clear();
        run = 0;
      } else if (type == RunnelLexer.LPAREN || type == RunnelLexer.LBRACE || type == RunnelLexer.CASE || rowType) {
        groups.push(new Group(rowType ? RunnelLexer.ROW : type, run, kind(type, inner, previous, beforePrevious)));
        run = 0;
        check(groups.size(), t);
        i += rowType ? 1 : 0; // the '<' of ROW< opens the group, it is no comparison
      } else if (type == RunnelLexer.RPAREN || type == RunnelLexer.RBRACE || type == RunnelLexer.END
          || type == RunnelLexer.GT && isOpen(groups, RunnelLexer.ROW)) {
        int opener =
            switch (type) {
              case RunnelLexer.RPAREN -> RunnelLexer.LPAREN;
              case RunnelLexer.RBRACE -> RunnelLexer.LBRACE;
              case RunnelLexer.END -> RunnelLexer.CASE;
              default -> RunnelLexer.ROW;
            };
        if (isOpen(groups, opener)) {
          Group g;
          do {
            g = groups.pop();
          } while (g.opener() != opener);
          run = g.outerRun();
        }
      } else if (NESTING_OPERATORS.contains(type) && inner != Kind.PATTERN) {
        run++;
        check(groups.size() + run, t);
      } else if (RUN_ENDS.contains(type)) {
        run = 0;
      }
      beforePrevious = rowType ? type : previous;
      previous = rowType ? RunnelLexer.LT : type;
    }
  }

  /** The kind of the group that {@code opener} opens inside a group of kind {@code inner}. */
  private static Kind kind(int opener, Kind inner, int previous, int beforePrevious) {
    if (inner == Kind.PATTERN) {
      return Kind.PATTERN;
    }
    if (opener == RunnelLexer.LPAREN && previous == RunnelLexer.MATCH_RECOGNIZE && RELATION_ENDS.contains(beforePrevious)) {
      return Kind.MATCH_RECOGNIZE;
    }
    if (opener == RunnelLexer.LPAREN && previous == RunnelLexer.PATTERN && inner == Kind.MATCH_RECOGNIZE && !OPERAND_NEXT.contains(beforePrevious)) {
      return Kind.PATTERN;
    }
    return Kind.PLAIN;
  }

  private static boolean isOpen(Deque<Group> groups, int opener) {
    for (Group g : groups) {
      if (g.opener() == opener) {
        return true;
      }
    }
    return false;
  }

  private static void check(int depth, Token at) {
    if (depth > MAX_DEPTH) {
      throw new RunnelException(
          ErrorCode.STATEMENT_TOO_COMPLEX,
          new Pos(at.getLine(), at.getCharPositionInLine() + 1),
          "Statement is nested more than " + MAX_DEPTH + " levels deep (parentheses, CASE, function calls, operators)",
          "Simplify the expression, or move subqueries into views. Long AND, OR, || and UNION chains and IN lists are not limited.");
    }
  }
}
