package io.runnel.planner.dag;

import io.runnel.operators.agg.GroupAggregateSpec;
import io.runnel.operators.calc.CalcSpec;
import io.runnel.operators.dag.DagSpec;
import io.runnel.operators.dag.Vertex;
import io.runnel.operators.dag.WatermarkSpec;
import io.runnel.operators.normalize.ChangelogNormalizeSpec;
import io.runnel.operators.over.OverAggregateSpec;
import io.runnel.operators.union.UnionSpec;
import io.runnel.operators.window.SessionAggregateSpec;
import io.runnel.operators.window.SlicedWindowAggregateSpec;
import io.runnel.operators.window.WindowAggregateSpec;
import io.runnel.operators.window.WindowAssignSpec;
import io.runnel.planner.catalog.RelationDef;
import io.runnel.planner.physical.ChangelogMode;
import io.runnel.planner.physical.PhysicalNode;
import java.util.ArrayList;
import java.util.List;

/** Turns a physical plan into the operators' {@link DagSpec}: one vertex per node, inputs first. */
public final class DagBuilder {
  private final List<Vertex> vertices = new ArrayList<>();

  private DagBuilder() {}

  public static DagSpec build(PhysicalNode root) {
    DagBuilder builder = new DagBuilder();
    builder.add(root);
    return new DagSpec(builder.vertices, root.mode() == ChangelogMode.UPDATING);
  }

  private int add(PhysicalNode node) {
    List<Integer> inputs = new ArrayList<>();
    for (PhysicalNode input : node.inputs()) {
      inputs.add(add(input));
    }
    int id = vertices.size();
    Vertex vertex;
    if (node instanceof PhysicalNode.Source s) {
      RelationDef def = s.relation();
      WatermarkSpec watermark = def.watermark() == null ? null : new WatermarkSpec(def.watermark(), def.rowtime(), def.idleTimeoutMillis(), def.maxAheadMillis());
      vertex = new Vertex.Source(id, def.name(), s.schema(), watermark, def.primaryKey());
    } else if (node instanceof PhysicalNode.Values v) {
      vertex = new Vertex.Values(id, v.schema(), v.rows());
    } else if (node instanceof PhysicalNode.Normalize n) {
      vertex = new Vertex.Transform(id, new ChangelogNormalizeSpec(n.schema(), n.keys()), inputs);
    } else if (node instanceof PhysicalNode.WindowTvf w) {
      vertex = new Vertex.Transform(id, new WindowAssignSpec(w.input().schema(), w.timeColumn(), w.windows()), inputs);
    } else if (node instanceof PhysicalNode.GroupAggregate g) {
      vertex = new Vertex.Transform(id, new GroupAggregateSpec(g.input().schema(), g.keys(), g.calls(), g.miniBatch()), inputs);
    } else if (node instanceof PhysicalNode.WindowAggregate w) {
      vertex =
          new Vertex.Transform(
              id, new WindowAggregateSpec(w.input().schema(), w.keys(), w.windowEnd(), w.calls(), w.emitChanges(), w.allowedLateness(), w.window().processingTime(), w.earlyFire()), inputs);
    } else if (node instanceof PhysicalNode.SlicedWindowAggregate s) {
      vertex =
          new Vertex.Transform(
              id, new SlicedWindowAggregateSpec(s.input().schema(), s.timeColumn(), s.windows(), s.columns(), s.windowedSchema(), s.keys(), s.calls()), inputs);
    } else if (node instanceof PhysicalNode.SessionAggregate s) {
      vertex = new Vertex.Transform(id, new SessionAggregateSpec(s.input().schema(), s.keys(), s.timeColumn(), s.gap(), s.calls(), s.earlyFire()), inputs);
    } else if (node instanceof PhysicalNode.OverAggregate o) {
      vertex = new Vertex.Transform(id, new OverAggregateSpec(o.input().schema(), o.partitionKeys(), o.timeColumn(), o.rows(), o.preceding(), o.calls()), inputs);
    } else if (node instanceof PhysicalNode.Union u) {
      vertex = new Vertex.Transform(id, new UnionSpec(u.schema(), inputs.size()), inputs);
    } else {
      PhysicalNode.Calc c = (PhysicalNode.Calc) node;
      vertex = new Vertex.Transform(id, new CalcSpec(c.input().schema(), c.condition(), c.projections(), c.schema()), inputs);
    }
    vertices.add(vertex);
    return id;
  }
}
