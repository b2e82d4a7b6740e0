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

/** What a checkpoint holds of a task: its operators' state, and each source's positions and watermarks. */
final class TaskState {
  private TaskState() {}

  /**
   * The task's checkpoint now, or null while a source hands a batch out in segments (its position is then
   * inside an excerpt). Called between rounds, when every batch read has gone through to the sink.
   */
  static Checkpoint capture(
      Checkpointing checkpointing,
      Operator[] operators,
      Map<Integer, SourceInput> sources,
      long[] deliveredWatermarks,
      boolean[] idle,
      SnapshotBuffer buffer) {
    Map<Integer, long[]> positions = new HashMap<>();
    Map<Integer, long[]> watermarks = new HashMap<>();
    Map<Integer, long[]> delivered = new HashMap<>();
    for (Map.Entry<Integer, SourceInput> e : sources.entrySet()) {
      if (e.getValue().midBatch()) {
        return null;
      }
      int vertex = e.getKey();
      positions.put(vertex, e.getValue().positions());
      watermarks.put(vertex, e.getValue().watermarks());
      delivered.put(vertex, new long[] {deliveredWatermarks[vertex], idle[vertex] ? 1 : 0});
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
    return checkpointing.build(positions, watermarks, delivered, states);
  }

  /** Gives every operator and every source back what {@code checkpoint} recorded, before any input. */
  static void restore(Checkpoint checkpoint, Operator[] operators, Map<Integer, SourceInput> sources) {
    for (Map.Entry<Integer, byte[]> e : checkpoint.operators().entrySet()) {
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(e.getValue()))) {
        operators[e.getKey()].restoreState(in);
      } catch (IOException ex) {
        throw new UncheckedIOException("cannot restore the state of operator " + e.getKey() + " from checkpoint " + checkpoint.epoch(), ex);
      }
    }
    checkpoint.watermarks().forEach((vertex, marks) -> {
      SourceInput input = sources.get(vertex);
      if (input != null) {
        input.restoreWatermarks(marks);
      }
    });
  }
}
