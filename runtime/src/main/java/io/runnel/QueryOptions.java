package io.runnel;

/**
 * How a standing query starts. {@code earliest}: read every input from the start of its log instead of
 * only new events. {@code discard}: the result is counted ({@link QueryStats#rowsOut()}) and thrown away,
 * never turned into {@link Change}s (a blackhole sink, for load tests); the handle's iterator and
 * subscribers then see nothing.
 */
public record QueryOptions(boolean earliest, boolean discard) {
  public static QueryOptions defaults() {
    return new QueryOptions(false, false);
  }

  public static QueryOptions fromEarliest() {
    return new QueryOptions(true, false);
  }

  public QueryOptions discardingResults() {
    return new QueryOptions(earliest, true);
  }
}
