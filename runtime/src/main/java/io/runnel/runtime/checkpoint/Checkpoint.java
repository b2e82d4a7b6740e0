package io.runnel.runtime.checkpoint;

import static java.util.Objects.requireNonNull;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A consistent picture of a running query, taken between two rounds of its task: where it had read each
 * partition of each source (rows), the watermark each partition's rows had given, every operator's state
 * as its {@code snapshotState} wrote it, and how many rows it had offered to each of its outputs. Restoring
 * all of it and reading on from the positions continues the query exactly where it was.
 *
 * <p>{@code plan} identifies the plan the state belongs to: state is only ever restored into the same plan.
 * {@code journal} is how many entries the query's input journal held (0 without one): a restored query
 * replays the entries after it. {@code delivered} is, per source, the watermark the task had given its
 * operators and whether it was idle ({@code {watermark, 1 if idle}}), given again before anything else.
 */
public record Checkpoint(
    long epoch,
    String plan,
    long journal,
    Map<Integer, long[]> positions,
    Map<Integer, long[]> watermarks,
    Map<Integer, long[]> delivered,
    Map<Integer, byte[]> operators,
    Map<String, long[]> outputs) {

  public Checkpoint {
    requireNonNull(plan, "plan is null");
    positions = Map.copyOf(positions);
    watermarks = Map.copyOf(watermarks);
    delivered = Map.copyOf(delivered);
    operators = Map.copyOf(operators);
    outputs = Map.copyOf(outputs);
  }

  /** The bytes of the state this checkpoint holds, as a metric. */
  public long stateBytes() {
    long bytes = 0;
    for (byte[] b : operators.values()) {
      bytes += b.length;
    }
    return bytes;
  }

  void write(DataOutputStream out) throws IOException {
    out.writeLong(epoch);
    out.writeUTF(plan);
    out.writeLong(journal);
    writeLongs(out, positions);
    writeLongs(out, watermarks);
    writeLongs(out, delivered);
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

  static Checkpoint read(DataInputStream in) throws IOException {
    long epoch = in.readLong();
    String plan = in.readUTF();
    long journal = in.readLong();
    Map<Integer, long[]> positions = readLongs(in);
    Map<Integer, long[]> watermarks = readLongs(in);
    Map<Integer, long[]> delivered = readLongs(in);
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
    return new Checkpoint(epoch, plan, journal, positions, watermarks, delivered, operators, outputs);
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
