package io.runnel.bench;

import io.runnel.operators.api.ErrorSink;
import io.runnel.operators.api.LateSink;
import io.runnel.operators.api.Operator;
import io.runnel.operators.api.OperatorContext;
import io.runnel.operators.api.Output;
import io.runnel.operators.api.Watermark;
import io.runnel.operators.batch.Batch;
import java.time.Clock;
import org.openjdk.jmh.infra.Blackhole;

/** Operators under JMH: opened on an output that hands every batch to a blackhole. */
final class Blackholes {
  private Blackholes() {}

  /** {@code operator}, opened so that what it emits goes to {@code sink}; errors and late rows throw. */
  static Operator open(Operator operator, Blackhole sink) {
    operator.open(new OperatorContext("bench", new Output() {
      @Override
      public void emit(Batch batch) {
        sink.consume(batch);
      }

      @Override
      public void emitWatermark(Watermark watermark) {}
    }, Clock.systemUTC(), ErrorSink.THROWING, LateSink.THROWING));
    return operator;
  }
}
