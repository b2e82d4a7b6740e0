package io.runnel.shell;

import io.runnel.grammar.StatementSplitter;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;

/**
 * Tells JLine when the input is complete: a shell command at once, SQL when its last statement ends with
 * a semicolon. Until then JLine shows the continuation prompt.
 */
final class StatementLineParser implements Parser {
  private final DefaultParser words = new DefaultParser();

  StatementLineParser() {
    words.setEscapeChars(new char[0]);
    words.setQuoteChars(new char[0]);
  }

  @Override
  public ParsedLine parse(String line, int cursor, ParseContext context) {
    if (context == ParseContext.ACCEPT_LINE && !line.isBlank() && !ShellCommands.isCommand(line) && !ShellCommands.isQuit(line)
        && !StatementSplitter.isComplete(line)) {
      throw new EOFError(-1, -1, "statement not terminated by ;", ";");
    }
    return words.parse(line, cursor, context);
  }
}
