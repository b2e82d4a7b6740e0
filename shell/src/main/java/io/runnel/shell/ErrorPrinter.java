package io.runnel.shell;

import io.runnel.parser.RunnelException;

/** An error as the shell prints it: the statement line, a caret under the position, the message, the hint. */
public final class ErrorPrinter {
  private ErrorPrinter() {}

  public static String format(String statement, RunnelException e) {
    StringBuilder sb = new StringBuilder();
    if (e.pos() != null && e.pos().line() > 0) {
      String[] lines = statement.split("\n", -1);
      int line = e.pos().line();
      if (line <= lines.length) {
        String text = lines[line - 1].replace('\t', ' ');
        sb.append(text).append('\n');
        sb.append(" ".repeat(Math.max(0, Math.min(e.pos().column() - 1, text.length())))).append("^\n");
      }
    }
    sb.append(e.getMessage()).append('\n'); // it starts with the code
    if (e.hint() != null) {
      sb.append("Hint: ").append(e.hint()).append('\n');
    }
    return sb.toString();
  }
}
