package io.runnel.runtime.checkpoint;

import static java.util.Objects.requireNonNull;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A consistent picture of a running query across all its tasks, taken when every task had stopped between
 * two rounds and nothing was in flight between them: one {@link Task} part per task, in task order.
 * Restoring every part and reading on from its positions continues the query exactly where it was.
 *
 * <p>{@code plan} identifies the plan the state belongs to, and the number of parts the parallelism it ran
 * at: state is only ever restored into the same plan on as many tasks.
 */
public record Checkpoint(long epoch, String plan, List<Task> tasks) {

  /**
   * What a checkpoint holds of one task: where it had read each partition of each source (rows), the
   * watermark each partition's rows had given, the watermarks and idleness it had given and received on
   * every input of every vertex ({@code routing}, laid out as the task lays it out), every operator's state
   * as its {@code snapshotState} wrote it, and how many rows it had offered to each of its outputs. {@code
   * journal} is how many entries the task's input journal held (0 without one): a restored task replays
   * the entries after it.
   */
  public record Task(
      long journal,
      Map<Integer, long[]> positions,
      Map<Integer, long[]> watermarks,
      long[] routing,
      Map<Integer, byte[]> operators,
      Map<String, long[]> outputs) {

    public Task {
      positions = Map.copyOf(positions);
      watermarks = Map.copyOf(watermarks);
      requireNonNull(routing, "routing is null");
      operators = Map.copyOf(operators);
      outputs = Map.copyOf(outputs);
    }

    void write(DataOutputStream out) throws IOException {
      out.writeLong(journal);
      writeLongs(out, positions);
      writeLongs(out, watermarks);
      writeArray(out, routing);
      out.writeInt(operators.size());
      for (Map.Entry<Integer, byte[]> e : new TreeMap<>(operators).entrySet()) {
        out.writeInt(e.getKey());
        out.writeInt(e.getValue().length);
        out.write(e.getValue());
      }
      out.writeInt(outputs.size());
      for (Map.Entry<String, long[]> e : new TreeMap<>(outputs).entrySet()) {
        out.writeUTF(e.getKey());
        writeArray(out, e.getValue());
      }
    }

    static Task read(DataInputStream in) throws IOException {
      long journal = in.readLong();
      Map<Integer, long[]> positions = readLongs(in);
      Map<Integer, long[]> watermarks = readLongs(in);
      long[] routing = readArray(in);
      Map<Integer, byte[]> operators = new TreeMap<>();
      for (int n = in.readInt(), i = 0; i < n; i++) {
        int vertex = in.readInt();
        byte[] state = new byte[in.readInt()];
        in.readFully(state);
        operators.put(vertex, state);
      }
      Map<String, long[]> outputs = new TreeMap<>();
      for (int n = in.readInt(), i = 0; i < n; i++) {
        outputs.put(in.readUTF(), readArray(in));
      }
      return new Task(journal, positions, watermarks, routing, operators, outputs);
    }
  }

  public Checkpoint {
    requireNonNull(plan, "plan is null");
    tasks = List.copyOf(tasks);
  }

  /** How many tasks the query ran on. */
  public int parallelism() {
    return tasks.size();
  }

  /** The bytes of the state this checkpoint holds, as a metric. */
  public long stateBytes() {
    long bytes = 0;
    for (Task task : tasks) {
      for (byte[] b : task.operators().values()) {
        bytes += b.length;
      }
    }
    return bytes;
  }

  void write(DataOutputStream out) throws IOException {
    out.writeLong(epoch);
    out.writeUTF(plan);
    out.writeInt(tasks.size());
    for (Task task : tasks) {
      task.write(out);
    }
  }

  static Checkpoint read(DataInputStream in) throws IOException {
    long epoch = in.readLong();
    String plan = in.readUTF();
    int n = in.readInt();
    if (n < 1 || n > 1 << 16) {
      throw new IOException("corrupt checkpoint: " + n + " tasks");
    }
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      tasks.add(Task.read(in));
    }
    return new Checkpoint(epoch, plan, tasks);
  }

  private static void writeLongs(DataOutputStream out, Map<Integer, long[]> map) throws IOException {
    out.writeInt(map.size());
    for (Map.Entry<Integer, long[]> e : new TreeMap<>(map).entrySet()) {
      out.writeInt(e.getKey());
      writeArray(out, e.getValue());
    }
  }

  private static Map<Integer, long[]> readLongs(DataInputStream in) throws IOException {
    Map<Integer, long[]> map = new TreeMap<>();
    for (int n = in.readInt(), i = 0; i < n; i++) {
      int key = in.readInt();
      map.put(key, readArray(in));
    }
    return map;
  }

  private static void writeArray(DataOutputStream out, long[] values) throws IOException {
    out.writeInt(values.length);
    for (long v : values) {
      out.writeLong(v);
    }
  }

  private static long[] readArray(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 1 << 20) {
      throw new IOException("corrupt checkpoint: an array of " + n + " values");
    }
    long[] values = new long[n];
    for (int i = 0; i < n; i++) {
      values[i] = in.readLong();
    }
    return values;
  }
}
