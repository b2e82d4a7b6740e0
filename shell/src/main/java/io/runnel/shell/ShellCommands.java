package io.runnel.shell;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Set;

/** The shell's own commands, which need no semicolon: help, set, reset, source, the view toggles. */
final class ShellCommands {
  private static final Set<String> COMMANDS = Set.of("help", "source", "\\changelog", "\\table", "set", "reset");

  static final String HELP =
      """
      Statements (end each with ;):
        CREATE STREAM s (a BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '4' SECOND);
        CREATE STREAM f (a BIGINT, b VARCHAR) WITH ('connector' = 'file', 'path' = 'f.csv', 'format' = 'csv');
        CREATE TABLE users (id BIGINT, name VARCHAR, PRIMARY KEY (id));
        CREATE VIEW big AS SELECT * FROM bid WHERE price > 1000000;
        INSERT INTO s VALUES (1, TIMESTAMP '2020-01-01 00:00:00');
        CREATE STREAM big_bids (auction BIGINT, price BIGINT);
        INSERT INTO big_bids SELECT auction, price FROM bid WHERE price > 1000000;   -- runs until terminated
        SELECT auction, price FROM bid WHERE price > 1000000;
        CREATE MATERIALIZED VIEW top AS SELECT auction, MAX(price) AS top FROM bid GROUP BY auction;
        SELECT top FROM top WHERE auction = 1000;   -- answers at once from the view's rows
        SELECT * FROM top EMIT CHANGES;             -- the rows, then every change, live
        EXPLAIN SELECT auction FROM bid WHERE price > 10;
        SHOW STREAMS;  SHOW TABLES;  SHOW VIEWS;  SHOW QUERIES;  SHOW FUNCTIONS;
        DESCRIBE bid;
        DESCRIBE QUERY q1;   -- each operator of a running query: rows in and out, watermark, state
        DROP STREAM s;  TERMINATE QUERY q1;
        CHECKPOINT;   -- every persistent query writes a checkpoint now
        SET 'scan.startup.mode' = 'earliest';   -- queries read the whole log, not just new events
      Shell commands:
        help                 this text
        set                  show the shell's options;  set NAME VALUE to change one
                             (format table|tsv|json|changelog, query.timeout 5s, view table|changelog, verbose true)
        reset                the shell's options back to their defaults
        source FILE          run the statements in FILE
        \\changelog, \\table   show updating results as changes, or as a table updated in place
        quit, exit, Ctrl-D   leave;  Ctrl-C stops the query being shown
      On a server (shell --server URL), as its admin; an embedded engine has no users:
        CREATE USER ops WITH RIGHTS read, write;   -- shows its token, this once
        GRANT manage TO ops;  REVOKE write FROM ops;  SHOW USERS;  DROP USER ops;
      """;

  private ShellCommands() {}

  static boolean isCommand(String text) {
    String t = text.strip();
    String word = Session.firstWord(t);
    if (!COMMANDS.contains(word)) {
      return false;
    }
    if (word.equals("set") || word.equals("reset")) {
      String rest = t.substring(word.length()).strip();
      return !rest.startsWith("'"); // SET 'key' = 'value' is a statement
    }
    return true;
  }

  static boolean isQuit(String text) {
    String t = text.strip().toLowerCase().replaceAll(";+$", "").strip();
    return t.equals("quit") || t.equals("exit") || t.equals("\\q");
  }

  static boolean run(Session session, String text, PrintWriter out) {
    String t = text.strip().replaceAll(";+$", "").strip();
    String word = Session.firstWord(t);
    String rest = t.substring(word.length()).strip();
    ShellOptions options = session.options();
    try {
      switch (word) {
        case "help" -> out.print(HELP);
        case "set" -> {
          if (rest.isEmpty()) {
            options.asMap().forEach((k, v) -> out.println(k + " = " + v));
          } else {
            String[] kv = rest.split("\\s+|\\s*=\\s*", 2);
            if (kv.length < 2) {
              throw new IllegalArgumentException("Usage: set NAME VALUE");
            }
            options.set(kv[0], kv[1].replace("'", ""));
            out.println(kv[0] + " = " + options.asMap().get(kv[0]));
          }
        }
        case "reset" -> {
          options.reset(Format.TABLE);
          out.println("Options reset");
        }
        case "source" -> {
          return session.source(Path.of(rest.replace("'", "")));
        }
        case "\\changelog" -> {
          options.setChangelogView(true);
          out.println("Updating results show as changes");
        }
        case "\\table" -> {
          options.setChangelogView(false);
          out.println("Updating results show as a table updated in place");
        }
        default -> throw new IllegalArgumentException("Unknown command " + word);
      }
      return true;
    } catch (IllegalArgumentException e) {
      out.println(e.getMessage());
      return false;
    } finally {
      out.flush();
    }
  }
}
