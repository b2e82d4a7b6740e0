package io.runnel.bench.peers;

import org.apache.flink.table.functions.ScalarFunction;

/** Nexmark q14's {@code count_char(s, c)} for Flink: how many characters of {@code s} equal the first character of {@code c}. */
public final class FlinkCountChar extends ScalarFunction {
  private static final long serialVersionUID = 1L;

  public long eval(String s, String c) {
    if (s == null || c == null || c.isEmpty()) {
      return 0L;
    }
    char wanted = c.charAt(0);
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == wanted) {
        n++;
      }
    }
    return n;
  }
}
