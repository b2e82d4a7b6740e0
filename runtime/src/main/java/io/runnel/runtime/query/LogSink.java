package io.runnel.runtime.query;

import io.runnel.operators.batch.Batch;
import java.util.function.Consumer;

/** Appends a query's result to a stream or table log (INSERT INTO ... SELECT, INSERT ... VALUES). */
final class LogSink extends CompletionSink {
  private final Consumer<Batch> append;

  LogSink(Consumer<Batch> append) {
    this.append = append;
  }

  @Override
  public void accept(Batch batch) {
    append.accept(batch);
  }
}
