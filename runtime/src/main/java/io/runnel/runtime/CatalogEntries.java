package io.runnel.runtime;

/**
 * The entries of the catalog log, one per change: {@code CREATE <statement>}, {@code DROP <name>}, {@code
 * DROP_FUNCTION <name>}, and {@code SEALED <name>} once a bounded connector has delivered its whole input.
 * Since format 2 the log begins with {@code FORMAT <version>}; a log without it is of format 1.
 */
final class CatalogEntries {
  static final String FORMAT = "FORMAT ";
  /** The format this version writes: 2 gives each incarnation of a stream a directory of its own. */
  static final int FORMAT_VERSION = 2;
  static final String CREATE = "CREATE ";
  static final String DROP = "DROP ";
  static final String SEALED = "SEALED ";
  static final String DROP_FUNCTION = "DROP_FUNCTION ";

  private CatalogEntries() {}

  static String format() {
    return FORMAT + FORMAT_VERSION;
  }

  /** The format version a log's first entry gives: 1 when it is not a FORMAT entry. */
  static int formatOf(String first) {
    if (!first.startsWith(FORMAT)) {
      return 1;
    }
    try {
      return Integer.parseInt(first.substring(FORMAT.length()).trim());
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE; // unreadable: treated as a format from the future
    }
  }

  static String create(String ddl) {
    return CREATE + ddl;
  }

  static String drop(String name) {
    return DROP + name;
  }

  static String dropFunction(String name) {
    return DROP_FUNCTION + name;
  }

  static String sealed(String name) {
    return SEALED + name;
  }
}
