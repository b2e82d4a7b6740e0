package io.runnel.runtime.query;

import io.runnel.operators.api.Watermark;
import io.runnel.operators.batch.Batch;

/** Where a query's result goes. Called from the query's thread, in order. */
interface Sink {
  void accept(Batch batch);

  void watermark(Watermark watermark);

  /** The query ended: normally ({@code failure} null), by cancellation, or with an error. */
  void finish(Throwable failure);
}
