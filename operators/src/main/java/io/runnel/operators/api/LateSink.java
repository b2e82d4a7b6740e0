package io.runnel.operators.api;

/**
 * Receives rows a windowed operator could not take because the watermark had already closed their
 * window. Nothing late is dropped silently: the runtime counts these rows and writes them to {@code
 * sys.late}.
 */
@FunctionalInterface
public interface LateSink {
  LateSink THROWING =
      (source, rowtime, watermark, row) -> {
        throw new IllegalStateException(source + ": late row at " + rowtime + " behind watermark " + watermark);
      };

  /**
   * @param source the operator that dropped the row
   * @param rowtime the row's event time (for a pre-assigned window, the window's last millisecond)
   * @param watermark the operator's watermark when the row arrived
   * @param row the row as text (see {@link io.runnel.operators.types.Schema#format})
   */
  void late(String source, long rowtime, long watermark, String row);
}
