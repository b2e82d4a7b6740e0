package io.runnel.parser;

import io.runnel.grammar.RunnelLexer;
import io.runnel.grammar.RunnelParser;
import io.runnel.parser.ast.Expression;
import io.runnel.parser.ast.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.Interval;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Parses the dialect into the AST. Every syntax error is a {@link RunnelException} with code {@link
 * ErrorCode#SYNTAX_ERROR} and the position of the offending token; a statement nested deeper than the
 * {@link NestingLimit} is refused with {@link ErrorCode#STATEMENT_TOO_COMPLEX} before it is parsed.
 */
public final class SqlParser {
  /** A statement of a script with its own text (no trailing semicolon). */
  public record ParsedStatement(Statement statement, String text) {}

  private SqlParser() {}

  /** Every statement of a script, with positions relative to the whole script. */
  public static List<ParsedStatement> parseScriptWithText(String sql) {
    CharStream chars = CharStreams.fromString(sql);
    RunnelParser.ScriptContext script = parse(chars, RunnelParser::script);
    AstBuilder builder = new AstBuilder();
    List<ParsedStatement> out = new ArrayList<>();
    for (RunnelParser.StatementContext s : script.statement()) {
      out.add(new ParsedStatement(builder.statement(s), text(chars, s)));
    }
    return out;
  }

  public static List<Statement> parseScript(String sql) {
    return parseScriptWithText(sql).stream().map(ParsedStatement::statement).toList();
  }

  /** Exactly one statement; a trailing semicolon is allowed. */
  public static Statement parseStatement(String sql) {
    return new AstBuilder().statement(parse(CharStreams.fromString(sql), RunnelParser::singleStatement).statement());
  }

  public static Expression parseExpression(String sql) {
    return new AstBuilder().expr(parse(CharStreams.fromString(sql), RunnelParser::singleExpression).expression());
  }

  /**
   * Parses in ANTLR's SLL prediction mode, which is linear on deep input and suffices for almost every
   * statement; only when it fails does the input go through full LL with the error listener, which
   * either finds the parse SLL missed or reports the syntax error (Trino's SqlParser does the same).
   */
  private static <T extends ParserRuleContext> T parse(CharStream chars, Function<RunnelParser, T> rule) {
    RunnelLexer lexer = new RunnelLexer(chars);
    lexer.removeErrorListeners();
    CommonTokenStream tokens = new CommonTokenStream(lexer);
    tokens.fill();
    NestingLimit.check(tokens.getTokens());
    RunnelParser parser = new RunnelParser(tokens);
    parser.removeErrorListeners();
    parser.setErrorHandler(new BailErrorStrategy());
    parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
    try {
      return rule.apply(parser);
    } catch (ParseCancellationException e) {
      tokens.seek(0);
      parser.reset();
      parser.addErrorListener(SyntaxErrors.INSTANCE);
      parser.setErrorHandler(new DefaultErrorStrategy());
      parser.getInterpreter().setPredictionMode(PredictionMode.LL);
      return rule.apply(parser);
    }
  }

  /** The text of {@code ctx}; token indexes count code points, so the text is taken from the char stream. */
  private static String text(CharStream chars, ParserRuleContext ctx) {
    int start = ctx.getStart().getStartIndex();
    int stop = ctx.getStop().getStopIndex();
    return stop < start ? "" : chars.getText(Interval.of(start, stop));
  }
}
