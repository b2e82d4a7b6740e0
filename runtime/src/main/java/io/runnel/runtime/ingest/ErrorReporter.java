package io.runnel.runtime.ingest;

/** Where a connector reports input it could not read: {@code sys.errors}. */
@FunctionalInterface
public interface ErrorReporter {
  /**
   * @param source where the input came from, e.g. {@code /data/bids.csv:12}
   * @param reason why it could not be read
   * @param input the offending input as text
   */
  void report(String source, String reason, String input);
}
