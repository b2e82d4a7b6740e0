package io.runnel.operators.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.runnel.operators.api.ErrorSink;
import io.runnel.operators.api.LateSink;
import io.runnel.operators.api.Operator;
import io.runnel.operators.api.OperatorContext;
import io.runnel.operators.api.Output;
import io.runnel.operators.api.Watermark;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.batch.RowKind;
import io.runnel.operators.dag.OperatorSpec;
import io.runnel.operators.types.Schema;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs one operator over a scripted input (rows with their change kinds, and watermarks) and checks its
 * output. Every scenario runs four ways that must agree: batches as given, re-cut into batches of one row,
 * re-cut into batches of up to 1024 rows (consecutive rows of one input merged), and with the operator
 * snapshotted and restored into a fresh instance between every two inputs.
 *
 * <p>An operator of several inputs ({@link #of(OperatorSpec, Schema, Schema)}) is given rows by input
 * ordinal ({@link #batch(int, Object[]...)}, {@link #change(int, RowKind, Object...)}); the forms without
 * an ordinal feed input 0.
 */
public final class OperatorHarness {
  private final OperatorSpec spec;
  private final Schema[] inputSchemas;
  private final List<Object> script = new ArrayList<>(); // Row | Watermark | Time | STATE | BATCH_END

  private record Row(int input, RowKind kind, Object[] values) {}

  private record Time(long now) {}

  private static final Object BATCH_END = new Object();
  private static final Object STATE = new Object();

  private OperatorHarness(OperatorSpec spec, Schema... inputSchemas) {
    this.spec = spec;
    this.inputSchemas = inputSchemas.clone();
  }

  public static OperatorHarness of(OperatorSpec spec, Schema inputSchema) {
    return new OperatorHarness(spec, inputSchema);
  }

  /** For an operator of two inputs: input 0 carries {@code input0}, input 1 {@code input1}. */
  public static OperatorHarness of(OperatorSpec spec, Schema input0, Schema input1) {
    return new OperatorHarness(spec, input0, input1);
  }

  /** One batch of inserted rows on input 0. */
  public OperatorHarness batch(Object[]... rows) {
    return batch(0, rows);
  }

  /** One batch of inserted rows on input {@code input}. */
  public OperatorHarness batch(int input, Object[]... rows) {
    checkInput(input);
    for (Object[] r : rows) {
      script.add(new Row(input, RowKind.INSERT, r));
    }
    script.add(BATCH_END);
    return this;
  }

  /** One row of the given kind on input 0, in a batch of its own. */
  public OperatorHarness change(RowKind kind, Object... values) {
    return change(0, kind, values);
  }

  /** One row of the given kind on input {@code input}, in a batch of its own. */
  public OperatorHarness change(int input, RowKind kind, Object... values) {
    checkInput(input);
    script.add(new Row(input, kind, values));
    script.add(BATCH_END);
    return this;
  }

  private void checkInput(int input) {
    if (input < 0 || input >= inputSchemas.length) {
      throw new IllegalArgumentException("input " + input + " of an operator of " + inputSchemas.length + " inputs");
    }
  }

  public OperatorHarness watermark(long timestamp) {
    script.add(new Watermark(timestamp));
    return this;
  }

  /**
   * The operator's clock reads {@code now} ({@link Operator#processTime}); it read 0 when the operator was
   * opened. Leaves no line in the output.
   */
  public OperatorHarness time(long now) {
    script.add(new Time(now));
    return this;
  }

  /**
   * Leaves a line {@code STATE n} in the output: the entries of state the operator holds now ({@link
   * Operator#stateEntries}), a function of the input however it was batched or restored. Also checks that
   * its estimate of their bytes is positive exactly when it holds some.
   */
  public OperatorHarness state() {
    script.add(STATE);
    return this;
  }

  /** Runs every mode and checks each gives exactly {@code expected} (rows as {@code +I[1, x]}, watermarks as {@code WM 5}, late rows as {@code LATE 9 [row]}, errors as {@code ERROR reason}). */
  public void expect(String... expected) {
    List<String> want = List.of(expected);
    assertEquals(want, run(Mode.AS_GIVEN), "batches as given");
    assertEquals(want, run(Mode.SINGLE_ROWS), "batches of 1 row");
    assertEquals(want, run(Mode.LARGE_BATCHES), "batches of 1024 rows");
    assertEquals(want, run(Mode.SNAPSHOT_EVERY_INPUT), "snapshot and restore between inputs");
  }

  /**
   * For operators whose output depends on where batches are cut (mini-batch folding): checks {@code
   * expected} with the batches as given, with and without a snapshot and restore between inputs.
   */
  public void expectWithBatchesAsGiven(String... expected) {
    List<String> want = List.of(expected);
    assertEquals(want, run(Mode.AS_GIVEN), "batches as given");
    assertEquals(want, run(Mode.SNAPSHOT_EVERY_INPUT), "snapshot and restore between inputs");
  }

  private enum Mode {
    AS_GIVEN,
    SINGLE_ROWS,
    LARGE_BATCHES,
    SNAPSHOT_EVERY_INPUT
  }

  private List<String> run(Mode mode) {
    List<String> out = new ArrayList<>();
    Output output =
        new Output() {
          @Override
          public void emit(Batch batch) {
            for (int i = 0; i < batch.size(); i++) {
              out.add(format(batch.kind(i), batch.row(i)));
            }
          }

          @Override
          public void emitWatermark(Watermark watermark) {
            out.add("WM " + watermark.timestamp());
          }
        };
    ErrorSink errors = (source, reason, row) -> out.add("ERROR " + reason);
    LateSink late = (source, rowtime, watermark, row) -> out.add("LATE " + rowtime + " " + row);
    OperatorContext context = new OperatorContext("test", output, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), errors, late);
    Operator[] op = {spec.create()};
    op[0].open(context);
    List<Object> pending = new ArrayList<>();
    for (Object step : script) {
      if (step instanceof Row r) {
        if (!pending.isEmpty() && ((Row) pending.get(0)).input() != r.input()) {
          flush(op[0], pending); // a batch holds the rows of one input
        }
        pending.add(r);
        if (mode == Mode.SINGLE_ROWS) {
          flush(op[0], pending);
        }
      } else if (step == BATCH_END) {
        if (mode != Mode.LARGE_BATCHES) {
          flush(op[0], pending);
        } else if (pending.size() >= 1024) {
          flush(op[0], pending);
        }
      } else if (step instanceof Time t) {
        flush(op[0], pending);
        op[0].processTime(t.now());
      } else if (step == STATE) {
        flush(op[0], pending);
        long entries = op[0].stateEntries();
        assertEquals(entries > 0, op[0].stateBytes() > 0, "bytes estimated for " + entries + " entries: " + op[0].stateBytes());
        out.add("STATE " + entries);
      } else {
        flush(op[0], pending);
        op[0].processWatermark((Watermark) step);
      }
      if (mode == Mode.SNAPSHOT_EVERY_INPUT && pending.isEmpty()) {
        op[0] = restoreIntoFresh(op[0], context);
      }
    }
    flush(op[0], pending);
    op[0].close();
    return out;
  }

  private void flush(Operator op, List<Object> pending) {
    if (pending.isEmpty()) {
      return;
    }
    int input = ((Row) pending.get(0)).input();
    BatchBuilder b = new BatchBuilder(inputSchemas[input], pending.size());
    for (Object o : pending) {
      Row r = (Row) o;
      b.add(r.kind(), r.values());
    }
    pending.clear();
    op.processBatch(input, b.build());
  }

  private Operator restoreIntoFresh(Operator op, OperatorContext context) {
    return restoreIntoFresh(op, spec, context);
  }

  /**
   * The batches a fresh operator of {@code spec} emits for {@code input}, as it emits them: for what the
   * lines of {@link #expect} do not show (how output is cut into batches, which columns are marked unread).
   */
  public static List<Batch> emittedBatches(OperatorSpec spec, Batch input) {
    return emittedBatches(spec, input, Integer.MAX_VALUE);
  }

  /** {@link #emittedBatches}, stopping the operator once it has emitted {@code limit} batches (for output too large to wait for). */
  public static List<Batch> emittedBatches(OperatorSpec spec, Batch input, int limit) {
    List<Batch> emitted = new ArrayList<>();
    class Enough extends RuntimeException {
      Enough() {
        super(null, null, false, false);
      }
    }
    Output output =
        new Output() {
          @Override
          public void emit(Batch batch) {
            emitted.add(batch);
            if (emitted.size() == limit) {
              throw new Enough();
            }
          }

          @Override
          public void emitWatermark(Watermark watermark) {}
        };
    Operator op = spec.create();
    op.open(new OperatorContext("test", output, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), (source, reason, row) -> {}, (source, rowtime, watermark, row) -> {}));
    try {
      op.processBatch(0, input);
    } catch (Enough e) {
      // as many batches as asked for
    }
    return emitted;
  }

  /** Snapshots {@code op} and restores the snapshot into a fresh operator of {@code spec}, opened on {@code context}. */
  public static Operator restoreIntoFresh(Operator op, OperatorSpec spec, OperatorContext context) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      op.snapshotState(new DataOutputStream(bytes));
      Operator fresh = spec.create();
      fresh.open(context);
      fresh.restoreState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
      return fresh;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static String format(RowKind kind, Object[] values) {
    return kind.shortString() + Arrays.deepToString(values);
  }
}
