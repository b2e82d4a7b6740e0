package io.runnel.parser;

import io.runnel.grammar.Keywords;
import io.runnel.grammar.RunnelLexer;
import io.runnel.grammar.RunnelParser;
import io.runnel.parser.ast.Pos;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.RuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Turns ANTLR's syntax errors into {@link RunnelException}s that read {@code line L:C: mismatched input
 * 'x'. Expecting: ...}. Expected tokens are named as written ({@code 'FROM'}, {@code ','}); when what may
 * come is any expression or any name, that is said instead of listing every token that could start one.
 */
final class SyntaxErrors extends BaseErrorListener {
  static final SyntaxErrors INSTANCE = new SyntaxErrors();

  /** Tokens that start an expression: when most of these are expected, say {@code <expression>}. */
  private static final Set<Integer> EXPRESSION_START =
      Set.of(RunnelLexer.INTEGER_VALUE, RunnelLexer.DECIMAL_VALUE, RunnelLexer.DOUBLE_VALUE, RunnelLexer.STRING, RunnelLexer.NULL,
          RunnelLexer.CASE, RunnelLexer.EXISTS, RunnelLexer.CAST, RunnelLexer.LPAREN, RunnelLexer.TRUE, RunnelLexer.FALSE, RunnelLexer.INTERVAL);
  private static final Set<Integer> NAME_START =
      Set.of(RunnelLexer.IDENTIFIER, RunnelLexer.BACKQUOTED_IDENTIFIER, RunnelLexer.QUOTED_IDENTIFIER);

  @Override
  public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int column, String msg, RecognitionException e) {
    Pos pos = new Pos(line, column + 1);
    if (!(offendingSymbol instanceof Token token)) {
      throw RunnelException.user(ErrorCode.SYNTAX_ERROR, pos, msg);
    }
    if (token.getType() == RunnelLexer.UNTERMINATED_STRING) {
      throw new RunnelException(ErrorCode.SYNTAX_ERROR, pos, "unterminated string literal", "Close the string with a single quote; write '' for a quote inside it.");
    }
    if (token.getType() == RunnelLexer.UNRECOGNIZED) {
      throw RunnelException.user(ErrorCode.SYNTAX_ERROR, pos, "unexpected character '" + token.getText() + "'");
    }
    IntervalSet expected = e != null && e.getExpectedTokens() != null ? e.getExpectedTokens() : ((Parser) recognizer).getExpectedTokens();
    String text = token.getType() == Token.EOF ? "<EOF>" : token.getText();
    List<String> names = describe(expected);
    String message = "mismatched input '" + text + "'" + (names.isEmpty() ? "" : ". Expecting: " + String.join(", ", names));
    throw new RunnelException(ErrorCode.SYNTAX_ERROR, pos, message, hint((Parser) recognizer, token, names));
  }

  /** Keywords that start or join clauses: meeting one where a name is expected means a missing part, not a name. */
  private static final Set<String> CLAUSE_WORDS =
      Set.of("FROM", "WHERE", "GROUP", "ORDER", "HAVING", "LIMIT", "JOIN", "ON", "AS", "AND", "OR", "THEN", "ELSE", "END", "WHEN", "BY",
          "UNION", "EMIT", "WITH", "INTO", "VALUES");

  private static String hint(Parser parser, Token token, List<String> expected) {
    String match = matchRecognizeHint(parser, token);
    if (match != null) {
      return match;
    }
    String unclosed = unclosedParenthesis(parser, token);
    if (unclosed != null) {
      return unclosed;
    }
    String word = token.getType() == Token.EOF ? "" : token.getText().toUpperCase(java.util.Locale.ROOT);
    List<String> keywords = expected.stream().filter(e -> e.length() > 2 && e.startsWith("'") && Character.isLetter(e.charAt(1))).map(e -> e.substring(1, e.length() - 1)).toList();
    if (token.getType() == RunnelLexer.IDENTIFIER && !keywords.contains(word)) {
      String closest = Suggestions.closest(word, keywords);
      if (closest != null) {
        return "Did you mean " + closest + "?";
      }
    }
    boolean wantsName = expected.contains("<identifier>") || expected.contains("<expression>");
    if (wantsName && token.getType() != Token.EOF && Keywords.isKeyword(token.getText()) && !CLAUSE_WORDS.contains(word)) {
      return "'" + token.getText() + "' is a reserved word: quote it as `" + token.getText() + "` to use it as a name.";
    }
    if (token.getType() == RunnelLexer.QUOTED_IDENTIFIER && expected.contains("<string>")) {
      return "Strings take single quotes: '" + token.getText().substring(1, token.getText().length() - 1) + "'.";
    }
    return null;
  }

  private static final Set<Integer> QUANTIFIER_STARTS = Set.of(RunnelLexer.ASTERISK, RunnelLexer.PLUS, RunnelLexer.QUESTION, RunnelLexer.LBRACE);
  private static final Set<Integer> QUANTIFIER_ENDS = Set.of(RunnelLexer.ASTERISK, RunnelLexer.PLUS, RunnelLexer.QUESTION, RunnelLexer.RBRACE);

  /** Mistakes particular to MATCH_RECOGNIZE: its parentheses left out, two quantifiers in a row, '||' in a pattern. */
  private static String matchRecognizeHint(Parser parser, Token token) {
    Token previous = previous(parser, token);
    if (previous != null && previous.getType() == RunnelLexer.MATCH_RECOGNIZE && token.getType() != RunnelLexer.LPAREN) {
      return "MATCH_RECOGNIZE takes its clauses in parentheses: MATCH_RECOGNIZE (PARTITION BY ... ORDER BY ... PATTERN (...) DEFINE ...).";
    }
    Token beforePrevious = previous == null ? null : previous(parser, previous);
    if (previous != null && MATCH_CLAUSE_WORDS.contains(previous.getType()) && beforePrevious != null
        && beforePrevious.getType() == RunnelLexer.RPAREN && closesMatchRecognize(parser, beforePrevious)) {
      return "The ')' at line " + beforePrevious.getLine() + ":" + (beforePrevious.getCharPositionInLine() + 1) + " ends MATCH_RECOGNIZE, so "
          + previous.getText() + " reads as its alias: is that ')' one too many?";
    }
    if (!inPattern(parser.getContext())) {
      return token.getType() == RunnelLexer.PIPE ? "Write || to concatenate strings; a single | separates the alternatives of a row pattern." : null;
    }
    // A{2}{3} fails at the 3, the second '{' being read as the start of {- ... -}
    Token quantifierStart = previous != null && previous.getType() == RunnelLexer.LBRACE ? previous : token;
    Token beforeIt = quantifierStart == token ? previous : previous(parser, previous);
    if (beforeIt != null && QUANTIFIER_STARTS.contains(quantifierStart.getType()) && QUANTIFIER_ENDS.contains(beforeIt.getType())) {
      return "A quantifier follows a variable or a parenthesized pattern: write (A*)+ to quantify a quantified pattern, A*? for a reluctant one.";
    }
    if (previous != null && previous.getType() == RunnelLexer.LBRACE && token.getType() != RunnelLexer.MINUS) {
      return "After '{' come a quantifier's bounds, whole numbers as in {2}, {2,}, {2,5} or {,5}, or '-' to start an exclusion {- ... -}.";
    }
    if (token.getType() == RunnelLexer.CONCAT_OP) {
      return "'||' leaves an empty alternative between its bars: write A | B.";
    }
    return null;
  }

  /** Words that start a clause of MATCH_RECOGNIZE and may be names, as an alias after its ')' would be. */
  private static final Set<Integer> MATCH_CLAUSE_WORDS =
      Set.of(RunnelLexer.MEASURES, RunnelLexer.ONE, RunnelLexer.AFTER, RunnelLexer.PATTERN, RunnelLexer.SUBSET, RunnelLexer.DEFINE, RunnelLexer.WITHIN);

  /** Whether {@code close}, a ')', closes the parenthesis opened after MATCH_RECOGNIZE. */
  private static boolean closesMatchRecognize(Parser parser, Token close) {
    var tokens = parser.getTokenStream();
    int depth = 0;
    for (int i = close.getTokenIndex(); i >= 0; i--) {
      int type = tokens.get(i).getType();
      depth += type == RunnelLexer.RPAREN ? 1 : type == RunnelLexer.LPAREN ? -1 : 0;
      if (depth == 0) {
        Token before = previous(parser, tokens.get(i));
        return before != null && before.getType() == RunnelLexer.MATCH_RECOGNIZE;
      }
    }
    return false;
  }

  private static boolean inPattern(RuleContext ctx) {
    for (RuleContext c = ctx; c != null; c = c.parent) {
      if (c instanceof RunnelParser.RowPatternContext || c instanceof RunnelParser.MatchPatternContext) {
        return true;
      }
    }
    return false;
  }

  /** The default-channel token before {@code token}, or null. */
  private static Token previous(Parser parser, Token token) {
    var tokens = parser.getTokenStream();
    for (int i = token.getTokenIndex() - 1; i >= 0; i--) {
      Token t = tokens.get(i);
      if (t.getChannel() == Token.DEFAULT_CHANNEL) {
        return t;
      }
    }
    return null;
  }

  /** "The '(' at line L:C is not closed." when the error comes while a parenthesis is open. */
  private static String unclosedParenthesis(Parser parser, Token offending) {
    var tokens = parser.getTokenStream();
    java.util.ArrayDeque<Token> open = new java.util.ArrayDeque<>();
    for (int i = 0; i < offending.getTokenIndex() && i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.getType() == RunnelLexer.LPAREN) {
        open.push(t);
      } else if (t.getType() == RunnelLexer.RPAREN && !open.isEmpty()) {
        open.pop();
      } else if (t.getType() == RunnelLexer.SEMI) {
        open.clear();
      }
    }
    // only where nothing inside parentheses could go on: a clause keyword, the end of the statement
    String word = offending.getType() == Token.EOF ? "" : offending.getText().toUpperCase(java.util.Locale.ROOT);
    boolean clauseEnd = offending.getType() == Token.EOF || offending.getType() == RunnelLexer.SEMI || CLAUSE_WORDS.contains(word);
    if (open.isEmpty() || !clauseEnd) {
      return null;
    }
    Token t = open.peek();
    return "The '(' at line " + t.getLine() + ":" + (t.getCharPositionInLine() + 1) + " is not closed.";
  }

  static List<String> describe(IntervalSet expected) {
    Vocabulary vocabulary = RunnelParser.VOCABULARY;
    List<Integer> tokens = expected.toList();
    long expressionStarts = tokens.stream().filter(EXPRESSION_START::contains).count();
    boolean expression = expressionStarts >= 5;
    boolean name = tokens.stream().anyMatch(NAME_START::contains);
    Set<String> out = new TreeSet<>();
    for (int t : tokens) {
      if (expression && (EXPRESSION_START.contains(t) || NAME_START.contains(t) || isExpressionKeyword(t))) {
        out.add("<expression>");
      } else if (name && (NAME_START.contains(t) || isNonReserved(t))) {
        out.add("<identifier>");
      } else if (t == RunnelLexer.STRING) {
        out.add("<string>");
      } else if (t == RunnelLexer.INTEGER_VALUE) {
        out.add("<integer>");
      } else if (t == Token.EOF) {
        out.add("<EOF>");
      } else if (t == RunnelLexer.DECIMAL_VALUE || t == RunnelLexer.DOUBLE_VALUE) {
        out.add("<number>");
      } else if (isNonReserved(t) && name) {
        out.add("<identifier>");
      } else {
        String literal = vocabulary.getLiteralName(t);
        out.add(literal != null ? literal : "<" + vocabulary.getSymbolicName(t).toLowerCase() + ">");
      }
    }
    return new ArrayList<>(out);
  }

  private static boolean isExpressionKeyword(int t) {
    return t == RunnelLexer.NOT || t == RunnelLexer.MINUS || t == RunnelLexer.PLUS || t == RunnelLexer.TIMESTAMP || t == RunnelLexer.DATE
        || t == RunnelLexer.EXTRACT || t == RunnelLexer.SUBSTRING || t == RunnelLexer.POSITION || t == RunnelLexer.TRIM || t == RunnelLexer.ROW
        || t == RunnelLexer.LEFT || t == RunnelLexer.RIGHT || t == RunnelLexer.IF || isNonReserved(t);
  }

  /** The keywords the grammar's {@code nonReserved} rule lets stand as names, read from the grammar itself. */
  private static final IntervalSet NON_RESERVED = nonReserved();

  private static IntervalSet nonReserved() {
    RunnelParser parser = new RunnelParser(null);
    var atn = parser.getATN();
    return atn.nextTokens(atn.ruleToStartState[RunnelParser.RULE_nonReserved]);
  }

  private static boolean isNonReserved(int t) {
    return NON_RESERVED.contains(t);
  }
}
