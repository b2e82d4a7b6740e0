package io.runnel.runtime.nexmark;

import io.runnel.udf.ScalarFunction;

/** Nexmark q14's {@code count_char(s, c)}: how many characters of {@code s} equal the first character of {@code c}. */
public final class CountChar implements ScalarFunction {
  @Override
  public String resultType() {
    return "BIGINT";
  }

  @Override
  public Object eval(Object... args) {
    String s = (String) args[0];
    String c = (String) args[1];
    if (c.isEmpty()) {
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
