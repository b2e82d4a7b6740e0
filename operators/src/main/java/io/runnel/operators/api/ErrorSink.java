package io.runnel.operators.api;

/**
 * Receives rows that could not be evaluated (a cast that fails, a division by zero in a strict mode), so
 * that nothing is dropped silently. The runtime writes them to {@code sys.errors}.
 */
@FunctionalInterface
public interface ErrorSink {
  ErrorSink THROWING =
      (source, reason, row) -> {
        throw new IllegalStateException(source + ": " + reason);
      };

  /**
   * @param source what produced the row (an operator or connector name and position)
   * @param reason why it could not be processed
   * @param row the offending row as text, in its schema's format (see {@link io.runnel.operators.batch.Batch#format}), or null
   *     when there is none
   */
  void report(String source, String reason, String row);
}
