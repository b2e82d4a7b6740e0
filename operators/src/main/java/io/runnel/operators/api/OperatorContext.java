package io.runnel.operators.api;

import static java.util.Objects.requireNonNull;

import java.time.Clock;

/**
 * What the runtime hands an operator when it opens it: where its output goes, the processing-time clock
 * (operators never read the wall clock themselves), where bad rows go and where late rows go.
 */
public record OperatorContext(String name, Output output, Clock clock, ErrorSink errors, LateSink late) {
  public OperatorContext {
    requireNonNull(name, "name is null");
    requireNonNull(output, "output is null");
    requireNonNull(clock, "clock is null");
    requireNonNull(errors, "errors is null");
    requireNonNull(late, "late is null");
  }
}
