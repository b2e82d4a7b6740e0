package io.runnel.runtime;

/**
 * The entries of the catalog log, one per change: {@code CREATE <statement>}, {@code DROP <name>}, {@code
 * DROP_FUNCTION <name>}, and {@code SEALED <name>} once a bounded connector has delivered its whole input.
 */
final class CatalogEntries {
  static final String CREATE = "CREATE ";
  static final String DROP = "DROP ";
  static final String SEALED = "SEALED ";
  static final String DROP_FUNCTION = "DROP_FUNCTION ";

  private CatalogEntries() {}

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
