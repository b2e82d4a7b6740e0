package io.runnel.grammar;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Interval;

/**
 * Splits a script into statements on top-level semicolons using the lexer alone, so that semicolons in
 * strings, quoted identifiers and comments do not count. For the shell, it also tells whether a buffer
 * ends with a complete statement.
 */
public final class StatementSplitter {
  /** One statement's text (without its semicolon) and where it starts in the script (1-based). */
  public record Piece(String text, int line, int column) {}

  private StatementSplitter() {}

  public static List<Piece> split(String script) {
    List<Piece> pieces = new ArrayList<>();
    // token indexes count code points, not UTF-16 chars: the text is cut from the char stream
    CharStream chars = CharStreams.fromString(script);
    RunnelLexer lexer = new RunnelLexer(chars);
    lexer.removeErrorListeners();
    int start = -1;
    Token first = null;
    for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
      if (t.getType() == RunnelLexer.SEMI) {
        if (first != null) {
          pieces.add(new Piece(chars.getText(Interval.of(start, t.getStartIndex() - 1)).strip(), first.getLine(), first.getCharPositionInLine() + 1));
        }
        first = null;
      } else if (t.getChannel() == Token.DEFAULT_CHANNEL && first == null) {
        first = t;
        start = t.getStartIndex();
      }
    }
    if (first != null) {
      pieces.add(new Piece(chars.getText(Interval.of(start, chars.size() - 1)).strip(), first.getLine(), first.getCharPositionInLine() + 1));
    }
    return pieces;
  }

  /**
   * True when {@code buffer} holds at least one statement and its last one is terminated by a semicolon
   * (comments and whitespace may follow), and no string is left open.
   */
  public static boolean isComplete(String buffer) {
    RunnelLexer lexer = new RunnelLexer(CharStreams.fromString(buffer));
    lexer.removeErrorListeners();
    int last = -1;
    for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
      if (t.getType() == RunnelLexer.UNTERMINATED_STRING) {
        return false;
      }
      if (t.getChannel() == Token.DEFAULT_CHANNEL) {
        last = t.getType();
      }
    }
    return last == RunnelLexer.SEMI;
  }
}
