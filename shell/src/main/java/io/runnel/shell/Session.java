package io.runnel.shell;

import io.runnel.Change;
import io.runnel.QueryHandle;
import io.runnel.Runnel;
import io.runnel.StatementResult;
import io.runnel.grammar.StatementSplitter;
import io.runnel.parser.RunnelException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Runs scripts against an engine and prints what they give, for the REPL, piped input and {@code run}.
 * Interactive sessions show standing queries live; others print each query's result once it has caught
 * up with its input (or ended, for bounded input), in the chosen {@link Format}.
 */
public final class Session {
  private final Runnel engine;
  private final PrintWriter out;
  private final boolean interactive;
  private final ShellOptions options;
  private final LiveView liveView;
  private volatile QueryHandle running;
  private final List<QueryHandle> started = new ArrayList<>(); // the persistent queries this session started

  public Session(Runnel engine, PrintWriter out, boolean interactive, ShellOptions options, LiveView liveView) {
    this.engine = engine;
    this.out = out;
    this.interactive = interactive;
    this.options = options;
    this.liveView = liveView;
  }

  public ShellOptions options() {
    return options;
  }

  public Runnel engine() {
    return engine;
  }

  /** Cancels the query being shown, if any (Ctrl-C). */
  public void interrupt() {
    QueryHandle q = running;
    if (q != null) {
      q.cancel();
    }
  }

  /**
   * Runs every statement and shell command of {@code script}; stops at the first error (a statement that
   * fails, or a query whose result it shows that fails) and returns false.
   */
  public boolean run(String script) {
    for (StatementSplitter.Piece piece : StatementSplitter.split(script)) {
      if (!runOne(piece.text())) {
        return false;
      }
    }
    return true;
  }

  private boolean runOne(String text) {
    if (ShellCommands.isCommand(text)) {
      return ShellCommands.run(this, text, out);
    }
    try {
      boolean ok = true;
      for (StatementResult result : engine.executeAll(text)) {
        ok &= print(result);
      }
      return ok;
    } catch (RunnelException e) {
      out.print(ErrorPrinter.format(text, e));
      out.flush();
      return false;
    } catch (RuntimeException | StackOverflowError e) {
      // the session outlives any statement
      out.println("Internal error: " + e);
      if (options.verbose()) {
        e.printStackTrace(out);
      }
      out.flush();
      return false;
    }
  }

  /** Runs the statements of a file, as {@code source FILE} does. */
  boolean source(Path file) {
    try {
      return run(Files.readString(file));
    } catch (IOException e) {
      out.println("Cannot read " + file + ": " + e.getMessage());
      return false;
    }
  }

  /**
   * True unless a persistent query this session started has failed by now: a script's exit code says so.
   * Prints the failures.
   */
  public boolean startedQueriesOk() {
    boolean ok = true;
    for (QueryHandle q : started) {
      Throwable f = q.isDone() ? q.failure() : null;
      if (f != null) {
        out.println("Query " + q.id() + " failed: " + (f instanceof RunnelException r ? r.describe() : f.toString()));
        ok = false;
      }
    }
    out.flush();
    return ok;
  }

  /** Prints a statement's result; false if it was a query that failed. */
  private boolean print(StatementResult result) {
    boolean succeeded = true;
    if (result instanceof StatementResult.Ok ok) {
      if (interactive || options.format() == Format.TABLE) {
        out.println(ok.message());
      }
    } else if (result instanceof StatementResult.Table table) {
      out.print(Renderer.rows(table.columns(), table.rows(), options.format()));
      if (table.message() != null && (interactive || options.format() == Format.TABLE)) {
        out.println(table.message());
      }
    } else if (result instanceof StatementResult.Plan plan) {
      out.print(plan.text());
    } else if (result instanceof StatementResult.PersistentQuery p) {
      started.add(p.handle());
      if (interactive || options.format() == Format.TABLE) {
        out.println(p.message());
      }
    } else if (result instanceof StatementResult.Query q) {
      succeeded = show(q.handle());
    }
    out.flush();
    return succeeded;
  }

  /** Shows a query's changes; false if it failed. */
  private boolean show(QueryHandle handle) {
    running = handle;
    try {
      if (interactive && liveView != null) {
        liveView.show(handle, options);
      } else {
        printWhenCaughtUp(handle);
      }
      if (handle.failure() != null) {
        Throwable f = handle.failure();
        out.println(f instanceof RunnelException r ? r.describe() : "Query failed: " + f);
        return false;
      }
      return true;
    } finally {
      handle.cancel();
      running = null;
    }
  }

  private void printWhenCaughtUp(QueryHandle handle) {
    List<Change> changes = Collections.synchronizedList(new ArrayList<>());
    handle.subscribe(changes::add);
    try {
      if (handle.bounded()) {
        while (!handle.awaitTermination(Duration.ofSeconds(1))) {
          // a bounded query ends by itself
        }
      } else {
        handle.sync(Duration.ofSeconds(60));
        Duration timeout = options.queryTimeout();
        if (timeout != null) {
          handle.awaitTermination(timeout);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    handle.cancel();
    synchronized (changes) {
      out.print(Renderer.changes(handle.columns(), new ArrayList<>(changes), options.format()));
    }
  }

  static String firstWord(String text) {
    String t = text.strip();
    int end = 0;
    while (end < t.length() && !Character.isWhitespace(t.charAt(end))) {
      end++;
    }
    return t.substring(0, end).toLowerCase(Locale.ROOT);
  }
}
