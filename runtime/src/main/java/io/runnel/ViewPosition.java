package io.runnel;

/**
 * A place in a materialized view's changelog: {@code change} changes of version {@code version} of the
 * view. A subscriber that saw change {@code n} resumes from {@code new ViewPosition(version, n + 1)}.
 */
public record ViewPosition(long version, long change) {
  public ViewPosition {
    if (change < 0) {
      throw new IllegalArgumentException("change must not be negative: " + change);
    }
  }
}
