package io.runnel.bench.peers;

import io.runnel.runtime.nexmark.CountChar;
import org.apache.flink.table.functions.ScalarFunction;

/** Nexmark q14's {@code count_char(s, c)} for Flink: Runnel's own {@link CountChar}, so both engines count alike. */
public final class FlinkCountChar extends ScalarFunction {
  private static final long serialVersionUID = 1L;
  private static final CountChar COUNT = new CountChar();

  public long eval(String s, String c) {
    return s == null || c == null ? 0L : (Long) COUNT.eval(s, c);
  }
}
