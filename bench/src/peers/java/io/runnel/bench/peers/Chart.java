package io.runnel.bench.peers;

import java.util.List;
import java.util.Locale;

/** A grouped bar chart in SVG, built as text: events per CPU-second per query, Runnel beside Flink. */
final class Chart {
  private static final String RUNNEL = "#1f77b4";
  private static final String FLINK = "#e6550d";

  private Chart() {}

  static String svg(String title, String subtitle, List<PeersBench.Row> rows) {
    int group = 84;
    int bar = 30;
    int left = 96;
    int right = 24;
    int top = 84;
    int plotHeight = 300;
    int bottom = 64;
    int width = Math.max(left + right + group * rows.size(), 720);
    int height = top + plotHeight + bottom;
    double max = 0;
    for (PeersBench.Row row : rows) {
      max = Math.max(max, value(row.runnel()));
      max = Math.max(max, value(row.flink()));
    }
    double step = niceStep(max / 5);
    double yMax = Math.max(step, Math.ceil(max / step) * step);

    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">%n",
        width, height, width, height));
    s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"24\" font-size=\"16\" font-weight=\"bold\">%s</text>%n", left, escape(title)));
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"44\" font-size=\"12\" fill=\"#444\">%s</text>%n", left, escape(subtitle)));
    // legend
    s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"56\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"66\" font-size=\"12\">Runnel</text>%n", left, RUNNEL,
        left + 16));
    s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"56\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"66\" font-size=\"12\">Apache Flink</text>%n",
        left + 80, FLINK, left + 96));
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"66\" font-size=\"12\" fill=\"#444\">above each pair: Runnel / Flink</text>%n", left + 200));
    // y axis: grid lines and ticks
    for (double v = 0; v <= yMax + step / 2; v += step) {
      double y = top + plotHeight - v / yMax * plotHeight;
      s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", left, y, width - right, y));
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s</text>%n", left - 6, y + 4, tick(v)));
    }
    s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", left, top, left, top + plotHeight));
    s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", left, top + plotHeight, width - right, top + plotHeight));
    s.append(String.format(Locale.ROOT, "<text transform=\"translate(20 %d) rotate(-90)\" font-size=\"12\" text-anchor=\"middle\">events per CPU-second</text>%n",
        top + plotHeight / 2));
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">Nexmark query</text>%n", left + (width - left - right) / 2,
        height - 12));
    // bars
    for (int i = 0; i < rows.size(); i++) {
      PeersBench.Row row = rows.get(i);
      int x = left + i * group + (group - 2 * bar) / 2;
      bar(s, x, bar, value(row.runnel()), yMax, top, plotHeight, RUNNEL, row.runnel());
      bar(s, x + bar, bar, value(row.flink()), yMax, top, plotHeight, FLINK, row.flink());
      double highest = Math.max(value(row.runnel()), value(row.flink()));
      double labelY = top + plotHeight - highest / yMax * plotHeight - 6;
      String ratio = Double.isNaN(row.ratio()) ? "n/a" : String.format(Locale.ROOT, "%.2fx", row.ratio());
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\">%s</text>%n", x + bar, labelY, ratio));
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">%s</text>%n", x + bar, top + plotHeight + 18,
          escape(row.query())));
    }
    s.append("</svg>\n");
    return s.toString();
  }

  private static void bar(StringBuilder s, int x, int width, double value, double yMax, int top, int plotHeight, String color, PeersBench.Measure m) {
    double h = value / yMax * plotHeight;
    String tip = m.ok() ? String.format(Locale.ROOT, "%,.0f events per CPU-second", value) : "failed: " + m.error();
    s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\"><title>%s</title></rect>%n", x, top + plotHeight - h, width - 2, h,
        color, escape(tip)));
  }

  private static double value(PeersBench.Measure m) {
    return m.ok() ? m.eventsPerCpuSecond() : 0;
  }

  /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
  static double niceStep(double raw) {
    if (raw <= 0) {
      return 1;
    }
    double power = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * power >= raw) {
        return m * power;
      }
    }
    return 10 * power;
  }

  private static String tick(double v) {
    if (v >= 1e6) {
      return trim(v / 1e6) + "M";
    }
    if (v >= 1e3) {
      return trim(v / 1e3) + "k";
    }
    return trim(v);
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
