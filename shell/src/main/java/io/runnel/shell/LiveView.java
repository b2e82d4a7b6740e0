package io.runnel.shell;

import io.runnel.Change;
import io.runnel.Column;
import io.runnel.QueryHandle;
import io.runnel.QueryStats;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jline.terminal.Terminal;

/**
 * Shows a standing query live in a terminal: insert-only results scroll as rows arrive; updating results
 * are redrawn as a table in place (or scroll as changes in the changelog view). A status line shows rows
 * received, rows per second and the watermark. Ends when the query ends or is cancelled (Ctrl-C).
 */
public final class LiveView {
  private static final DateTimeFormatter WATERMARK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
  private static final long REDRAW_MILLIS = 250;

  private final Terminal terminal;
  private final boolean ansi;

  public LiveView(Terminal terminal) {
    this.terminal = terminal;
    this.ansi = !terminal.getType().startsWith(Terminal.TYPE_DUMB);
  }

  public void show(QueryHandle handle, ShellOptions options) throws RuntimeException {
    PrintWriter w = terminal.writer();
    ConcurrentLinkedQueue<Change> incoming = new ConcurrentLinkedQueue<>();
    handle.subscribe(incoming::add);
    List<Column> columns = handle.columns();
    boolean table = handle.updating() && !options.changelogView() && ansi;
    boolean changelog = handle.updating() && !table;
    int[] widths = initialWidths(columns);
    List<Change> all = new ArrayList<>();
    if (!table) {
      w.print(header(columns, widths, changelog));
    }
    long received = 0;
    long started = System.nanoTime();
    long lastDraw = 0;
    boolean statusShown = false;
    while (true) {
      boolean done = handle.isDone();
      Change c;
      while ((c = incoming.poll()) != null) {
        received++;
        if (table) {
          all.add(c);
        } else {
          if (statusShown) {
            w.print("\r\033[K");
            statusShown = false;
          }
          w.println(row(c, widths, changelog));
        }
      }
      long now = System.nanoTime();
      if (done || (now - lastDraw) / 1_000_000 >= REDRAW_MILLIS) {
        lastDraw = now;
        if (table) {
          w.print("\033[H\033[2J");
          w.print(table(columns, Renderer.apply(all), terminal.getHeight()));
        }
        if (ansi) {
          w.print("\r\033[K" + status(handle.stats(), received, started));
          statusShown = true;
        }
        w.flush();
      }
      if (done) {
        break;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        handle.cancel();
      }
    }
    if (statusShown) {
      w.println();
    }
    w.println(handle.failure() == null && handle.bounded() ? "(" + received + (received == 1 ? " change)" : " changes)") : "Query stopped after " + received + (received == 1 ? " change" : " changes"));
    w.flush();
  }

  static int[] initialWidths(List<Column> columns) {
    int[] widths = new int[columns.size()];
    for (int i = 0; i < widths.length; i++) {
      String type = columns.get(i).type();
      int natural = type.startsWith("TIMESTAMP") ? 23 : type.startsWith("BIGINT") ? 12 : type.startsWith("VARCHAR") ? 16 : 10;
      widths[i] = Math.max(TerminalText.width(TerminalText.escape(columns.get(i).name())), natural);
    }
    return widths;
  }

  /**
   * The table as it fits on a screen {@code height} lines tall (0: unknown), with a line left for the
   * status: its top rows, and a count of the rows not shown in place of the row count. Redrawn in place,
   * a taller table would scroll its top, the header with it, off the screen.
   */
  static String table(List<Column> columns, List<List<Object>> rows, int height) {
    String full = Renderer.rows(columns, rows, Format.TABLE);
    if (height <= 0 || full.lines().count() < height) {
      return full;
    }
    // three lines of header, the bottom border, the count and the status line
    int shown = Math.max(0, Math.min(rows.size(), height - 6));
    String top = Renderer.rows(columns, rows.subList(0, shown), Format.TABLE);
    top = top.substring(0, top.lastIndexOf('(')); // the shown rows' count
    return top + "(" + rows.size() + " rows, " + (rows.size() - shown) + " not shown)\n";
  }

  static String header(List<Column> columns, int[] widths, boolean changelog) {
    StringBuilder sb = new StringBuilder(changelog ? "op  " : "");
    for (int i = 0; i < columns.size(); i++) {
      sb.append(TerminalText.pad(TerminalText.escape(columns.get(i).name()), widths[i])).append(i < columns.size() - 1 ? "  " : "");
    }
    return sb.toString().stripTrailing() + "\n";
  }

  static String row(Change c, int[] widths, boolean changelog) {
    StringBuilder sb = new StringBuilder(changelog ? c.kind().shortString() + "  " : "");
    for (int i = 0; i < c.values().size(); i++) {
      sb.append(TerminalText.pad(Renderer.cell(c.values().get(i)), widths[i])).append(i < widths.length - 1 ? "  " : "");
    }
    return sb.toString().stripTrailing();
  }

  static String status(QueryStats stats, long received, long startedNanos) {
    double seconds = Math.max(1e-3, (System.nanoTime() - startedNanos) / 1e9);
    String wm = stats.watermark() == Long.MIN_VALUE ? "none" : stats.watermark() == Long.MAX_VALUE ? "end" : WATERMARK.format(Instant.ofEpochMilli(stats.watermark()));
    return String.format("rows: %d | %.0f rows/s | watermark: %s | Ctrl-C stops", received, received / seconds, wm);
  }
}
