package io.runnel.runtime.query;

import io.runnel.operators.api.Operator;
import io.runnel.runtime.checkpoint.Checkpoint;
import io.runnel.runtime.checkpoint.Checkpointing;
import io.runnel.runtime.checkpoint.SnapshotBuffer;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * What a checkpoint holds of a task: its operators' state, each source's positions and watermarks, and the
 * watermarks and idleness on every input of every vertex ({@link Routing}).
 */
final class TaskState {
  private TaskState() {}

  /**
   * How watermarks and idleness stand in a task: per vertex, the watermark it emitted, the one it was last
   * given and whether it is idle; per input of each vertex, per sender, the watermark received and
   * whether it is idle. Restored as it was, so that a restored task needs to send nothing to be where it
   * was: an operator fed by several inputs meets the same minimum as before, even where an input's
   * watermark does not move again.
   */
  record Routing(long[] vertexWatermarks, long[] fedWatermarks, boolean[] vertexIdle, long[][][] channelWatermarks, boolean[][][] channelIdle) {
    long[] save() {
      long[] values = new long[size()];
      int at = 0;
      for (int v = 0; v < vertexWatermarks.length; v++) {
        values[at++] = vertexWatermarks[v];
        values[at++] = fedWatermarks[v];
        values[at++] = vertexIdle[v] ? 1 : 0;
      }
      for (int v = 0; v < channelWatermarks.length; v++) {
        for (int i = 0; channelWatermarks[v] != null && i < channelWatermarks[v].length; i++) {
          for (int s = 0; s < channelWatermarks[v][i].length; s++) {
            values[at++] = channelWatermarks[v][i][s];
            values[at++] = channelIdle[v][i][s] ? 1 : 0;
          }
        }
      }
      return values;
    }

    void restore(long[] values) {
      if (values.length != size()) {
        throw new IllegalStateException("the checkpoint holds " + values.length + " watermark values of the task, the task has " + size());
      }
      int at = 0;
      for (int v = 0; v < vertexWatermarks.length; v++) {
        vertexWatermarks[v] = values[at++];
        fedWatermarks[v] = values[at++];
        vertexIdle[v] = values[at++] == 1;
      }
      for (int v = 0; v < channelWatermarks.length; v++) {
        for (int i = 0; channelWatermarks[v] != null && i < channelWatermarks[v].length; i++) {
          for (int s = 0; s < channelWatermarks[v][i].length; s++) {
            channelWatermarks[v][i][s] = values[at++];
            channelIdle[v][i][s] = values[at++] == 1;
          }
        }
      }
    }

    private int size() {
      int size = 3 * vertexWatermarks.length;
      for (long[][] inputs : channelWatermarks) {
        for (int i = 0; inputs != null && i < inputs.length; i++) {
          size += 2 * inputs[i].length;
        }
      }
      return size;
    }
  }

  /**
   * Task {@code task}'s part of a checkpoint now. Called between rounds, when every batch read has gone
   * through to the sink (or to another task) and no source is handing a batch out in segments.
   */
  static Checkpoint.Task capture(
      Checkpointing checkpointing, int task, Operator[] operators, Map<Integer, SourceInput> sources, Routing routing, SnapshotBuffer buffer) {
    Map<Integer, long[]> positions = new HashMap<>();
    Map<Integer, long[]> watermarks = new HashMap<>();
    for (Map.Entry<Integer, SourceInput> e : sources.entrySet()) {
      if (e.getValue().midBatch()) {
        throw new IllegalStateException("source " + e.getKey() + " is handing out a batch: its position is inside it");
      }
      positions.put(e.getKey(), e.getValue().positions());
      watermarks.put(e.getKey(), e.getValue().watermarks());
    }
    Map<Integer, byte[]> states = new HashMap<>();
    for (int v = 0; v < operators.length; v++) {
      if (operators[v] == null) {
        continue;
      }
      buffer.reset();
      try (DataOutputStream out = new DataOutputStream(buffer)) {
        operators[v].snapshotState(out);
      } catch (IOException e) {
        throw new UncheckedIOException(e); // in memory: not expected
      }
      states.put(v, buffer.toByteArray());
    }
    return checkpointing.part(task, positions, watermarks, routing.save(), states);
  }

  /** Gives every operator, every source and the routing back what {@code part} recorded, before any input. */
  static void restore(Checkpoint.Task part, Operator[] operators, Map<Integer, SourceInput> sources, Routing routing) {
    for (Map.Entry<Integer, byte[]> e : part.operators().entrySet()) {
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(e.getValue()))) {
        operators[e.getKey()].restoreState(in);
      } catch (IOException ex) {
        throw new UncheckedIOException("cannot restore the state of operator " + e.getKey() + " from its checkpoint", ex);
      }
    }
    part.watermarks().forEach((vertex, marks) -> {
      SourceInput input = sources.get(vertex);
      if (input != null) {
        input.restoreWatermarks(marks);
      }
    });
    routing.restore(part.routing());
  }
}
