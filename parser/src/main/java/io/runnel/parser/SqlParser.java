package io.runnel.parser;

import io.runnel.grammar.RunnelLexer;
import io.runnel.grammar.RunnelParser;
import io.runnel.parser.ast.Expression;
import io.runnel.parser.ast.Statement;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;

/**
 * Parses the dialect into the AST. Every syntax error is a {@link RunnelException} with code {@link
 * ErrorCode#SYNTAX_ERROR} and the position of the offending token.
 */
public final class SqlParser {
  /** A statement of a script with its own text (no trailing semicolon). */
  public record ParsedStatement(Statement statement, String text) {}

  private SqlParser() {}

  /** Every statement of a script, with positions relative to the whole script. */
  public static List<ParsedStatement> parseScriptWithText(String sql) {
    RunnelParser parser = parser(sql);
    RunnelParser.ScriptContext script = parser.script();
    AstBuilder builder = new AstBuilder();
    List<ParsedStatement> out = new ArrayList<>();
    for (RunnelParser.StatementContext s : script.statement()) {
      out.add(new ParsedStatement(builder.statement(s), text(sql, s)));
    }
    return out;
  }

  public static List<Statement> parseScript(String sql) {
    return parseScriptWithText(sql).stream().map(ParsedStatement::statement).toList();
  }

  /** Exactly one statement; a trailing semicolon is allowed. */
  public static Statement parseStatement(String sql) {
    RunnelParser parser = parser(sql);
    return new AstBuilder().statement(parser.singleStatement().statement());
  }

  public static Expression parseExpression(String sql) {
    RunnelParser parser = parser(sql);
    return new AstBuilder().expr(parser.singleExpression().expression());
  }

  private static RunnelParser parser(String sql) {
    RunnelLexer lexer = new RunnelLexer(CharStreams.fromString(sql));
    lexer.removeErrorListeners();
    RunnelParser parser = new RunnelParser(new CommonTokenStream(lexer));
    parser.removeErrorListeners();
    parser.addErrorListener(SyntaxErrors.INSTANCE);
    return parser;
  }

  private static String text(String sql, ParserRuleContext ctx) {
    int start = ctx.getStart().getStartIndex();
    int stop = ctx.getStop().getStopIndex();
    return sql.substring(start, Math.max(start, stop + 1));
  }
}
