package io.runnel.planner.physical;

/**
 * Prints a physical plan as an indented tree, one node a line, each with its changelog mode and event-time
 * attribute. EXPLAIN and the plan tests read this same text.
 */
public final class ExplainPrinter {
  private ExplainPrinter() {}

  public static String print(PhysicalNode root) {
    StringBuilder sb = new StringBuilder();
    print(root, 0, sb);
    return sb.toString();
  }

  private static void print(PhysicalNode node, int depth, StringBuilder sb) {
    sb.append("  ".repeat(depth)).append(depth == 0 ? "" : "+- ").append(describe(node));
    sb.append("  changelog=").append(node.mode());
    sb.append("  rowtime=").append(node.rowtime() < 0 ? "none" : node.schema().name(node.rowtime()));
    sb.append('\n');
    for (PhysicalNode input : node.inputs()) {
      print(input, depth + 1, sb);
    }
  }

  static String describe(PhysicalNode node) {
    if (node instanceof PhysicalNode.Source s) {
      String kind = s.relation().isTable() ? "TableSource" : "StreamSource";
      String wm = s.relation().watermarkText() == null ? "" : ", watermark=[" + s.relation().watermarkText() + "]";
      return kind + "(" + s.relation().name() + wm + ")";
    }
    if (node instanceof PhysicalNode.Values v) {
      return "Values(rows=" + v.rows().size() + ", columns=[" + String.join(", ", v.schema().names()) + "])";
    }
    if (node instanceof PhysicalNode.Normalize n) {
      var names = n.schema().names();
      return "ChangelogNormalize(key=[" + String.join(", ", n.keys().stream().map(names::get).toList()) + "], state=latest row per key)";
    }
    PhysicalNode.Calc c = (PhysicalNode.Calc) node;
    ExprFormatter f = new ExprFormatter(c.input().schema().names());
    String where = c.condition() == null ? "" : "where=[" + f.format(c.condition()) + "], ";
    return "Calc(" + where + "select=[" + f.formatAll(c.projections(), c.schema().names()) + "])";
  }
}
