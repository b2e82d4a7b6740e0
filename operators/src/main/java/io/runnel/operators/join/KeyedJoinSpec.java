package io.runnel.operators.join;

import io.runnel.operators.dag.Distribution;
import io.runnel.operators.dag.OperatorSpec;
import java.util.List;

/** The spec of a join whose inputs meet by key: each input's rows go to the task of their key. */
interface KeyedJoinSpec extends OperatorSpec {
  List<Integer> leftKeys();

  List<Integer> rightKeys();

  @Override
  default Distribution inputDistribution(int input) {
    return Distribution.byKeys(input == 0 ? leftKeys() : rightKeys());
  }

  /** The key columns of input {@code input} (0 left, 1 right). */
  default int[] keyArray(int input) {
    return (input == 0 ? leftKeys() : rightKeys()).stream().mapToInt(Integer::intValue).toArray();
  }
}
