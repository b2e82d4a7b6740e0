package io.runnel.shell;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

/**
 * The interactive loop: reads statements (several lines until a semicolon), runs them, shows standing
 * queries live. Ctrl-C stops the query being shown, or clears the line; Ctrl-D or {@code quit} leaves.
 */
public final class Repl {
  static final String PROMPT = "runnel> ";
  static final String CONTINUATION = "     -> ";

  private final Terminal terminal;
  private final Session session;
  private final LineReader reader;

  public Repl(Terminal terminal, Session session, Path historyFile) {
    this.terminal = terminal;
    this.session = session;
    LineReaderBuilder builder =
        LineReaderBuilder.builder()
            .terminal(terminal)
            .appName("runnel")
            .parser(new StatementLineParser())
            .completer(new SqlCompleter(session.engine()))
            .highlighter(new SqlHighlighter())
            .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION)
            .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true);
    if (historyFile != null) {
      builder.variable(LineReader.HISTORY_FILE, historyFile);
    }
    this.reader = builder.build();
    terminal.handle(Terminal.Signal.INT, signal -> session.interrupt());
  }

  /** Runs until the user leaves. */
  public void run() {
    PrintWriter out = terminal.writer();
    while (true) {
      String line;
      try {
        line = reader.readLine(PROMPT);
      } catch (UserInterruptException e) {
        continue;
      } catch (EndOfFileException e) {
        String partial = e.getPartialLine();
        if (partial != null && !partial.isBlank()) {
          session.run(partial);
        }
        break;
      }
      if (line.isBlank()) {
        continue;
      }
      if (ShellCommands.isQuit(line)) {
        break;
      }
      session.run(line);
      out.flush();
    }
    out.println("Bye");
    out.flush();
  }
}
