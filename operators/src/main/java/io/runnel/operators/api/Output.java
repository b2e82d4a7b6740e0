package io.runnel.operators.api;

import io.runnel.operators.batch.Batch;

/** Where an operator sends what it produces. Called only from the operator's own thread. */
public interface Output {
  void emit(Batch batch);

  void emitWatermark(Watermark watermark);
}
