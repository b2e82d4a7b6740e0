package io.runnel.operators.dag;

import io.runnel.operators.api.Operator;
import io.runnel.operators.types.Schema;

/**
 * Plan-time description of an operator: what the planner emits and the runtime instantiates. Specs are
 * immutable values; {@link #create()} makes a fresh runtime instance each time.
 */
public interface OperatorSpec {
  Schema outputSchema();

  Operator create();

  /**
   * How input {@code input} must be spread when the query runs on several tasks: by default rows stay in the
   * task that produced them; operators with keyed state ask for their keys.
   */
  default Distribution inputDistribution(int input) {
    return Distribution.FORWARD;
  }

  /**
   * Which columns of input {@code input} the operator reads, given which of its own output columns are read
   * downstream ({@code outputRead}, null: all of them); null when it does not say (then all are read). Lets
   * a source skip decoding what nobody reads.
   */
  default boolean[] inputColumnsRead(int input, boolean[] outputRead) {
    return null;
  }

  /**
   * True when the operator reads its context's clock while it takes input ({@code PROCTIME()}): its output
   * then depends on the time each batch met, which a task that replays its input records.
   */
  default boolean readsClock() {
    return false;
  }

  /**
   * True when the operator acts on {@link Operator#processTime}: its output then depends on when the clock
   * passed its timers, which a task that replays its input records.
   */
  default boolean firesByClock() {
    return false;
  }

  /**
   * Whether input {@code input}'s watermark holds back the operator's: false for an input read only to look
   * rows up in (a lookup join's table), whose time says nothing of the events the operator passes on.
   */
  default boolean holdsTime(int input) {
    return true;
  }

  /**
   * Whether input {@code input} is read to its end before the operator's other inputs are read at all: a
   * lookup join reads its table before the first row of the stream probes it.
   */
  default boolean readsFirst(int input) {
    return false;
  }

  /** One line for EXPLAIN, e.g. {@code Calc(where=[>($2, 10)], select=[$0, $2])}. */
  String describe();
}
