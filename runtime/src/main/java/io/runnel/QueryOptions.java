package io.runnel;

/**
 * How a standing query starts. {@code earliest}: read every input from the start of its log instead of
 * only new events.
 */
public record QueryOptions(boolean earliest) {
  public static QueryOptions defaults() {
    return new QueryOptions(false);
  }

  public static QueryOptions fromEarliest() {
    return new QueryOptions(true);
  }
}
