package io.runnel.runtime;

import static java.util.Objects.requireNonNull;

/**
 * The catalog log's note that a {@code CREATE OR REPLACE MATERIALIZED VIEW} began to build a new version of
 * view {@code name}: {@code REPLACING <name>}, then {@code incarnation <n>} (the ordinal of this entry,
 * which names the new version's log, {@code streams/<name>@<n>}) and {@code query <id>} (the id of the query
 * that writes it). Written before anything of the new version is on disk, and changing nothing in the
 * catalog: the {@link ViewEntry} of the same incarnation, written when the new version takes over, does.
 * When the engine opens, a replacement noted here without that entry was given up or cut short by a crash:
 * its log, checkpoints and journal are deleted, and its query's id is never given again (another query
 * taking it would find rows in sys.late and sys.errors as its own, and skip its first ones).
 */
record ReplacingEntry(String name, long incarnation, String query) {
  static final String PREFIX = "REPLACING ";

  ReplacingEntry {
    requireNonNull(name, "name is null");
    requireNonNull(query, "query is null");
  }

  String encode() {
    return PREFIX + name + "\nincarnation " + incarnation + "\nquery " + query;
  }

  static ReplacingEntry decode(String entry) {
    String[] lines = entry.split("\n");
    if (!entry.startsWith(PREFIX) || lines.length < 3 || !lines[1].startsWith("incarnation ") || !lines[2].startsWith("query ")) {
      throw new IllegalArgumentException("not a replacement: " + entry);
    }
    return new ReplacingEntry(lines[0].substring(PREFIX.length()), Long.parseLong(lines[1].substring(12).trim()), lines[2].substring(6).trim());
  }
}
