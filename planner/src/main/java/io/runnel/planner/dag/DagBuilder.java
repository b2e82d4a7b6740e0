package io.runnel.planner.dag;

import io.runnel.operators.agg.GroupAggregateSpec;
import io.runnel.operators.calc.CalcSpec;
import io.runnel.operators.dag.DagSpec;
import io.runnel.operators.dag.OperatorSpec;
import io.runnel.operators.dag.Vertex;
import io.runnel.operators.dag.WatermarkSpec;
import io.runnel.operators.join.IntervalJoinSpec;
import io.runnel.operators.join.LookupJoinSpec;
import io.runnel.operators.join.RegularJoinSpec;
import io.runnel.operators.join.TemporalJoinSpec;
import io.runnel.operators.normalize.ChangelogNormalizeSpec;
import io.runnel.operators.over.OverAggregateSpec;
import io.runnel.operators.over.UpdatingOverAggregateSpec;
import io.runnel.operators.rank.DeduplicateSpec;
import io.runnel.operators.rank.RankSpec;
import io.runnel.operators.rank.WindowRankSpec;
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
    vertices.add(node.accept(new VertexOf(id, inputs)));
    return id;
  }

  /** The vertex a node becomes, numbered {@code id}, reading the vertices {@code inputs}. */
  private record VertexOf(int id, List<Integer> inputs) implements PhysicalNode.Visitor<Vertex> {
    private Vertex transform(OperatorSpec spec) {
      return new Vertex.Transform(id, spec, inputs);
    }

    @Override
    public Vertex source(PhysicalNode.Source s) {
      RelationDef def = s.relation();
      WatermarkSpec watermark = def.watermark() == null ? null : new WatermarkSpec(def.watermark(), def.rowtime(), def.idleTimeoutMillis(), def.maxAheadMillis());
      return new Vertex.Source(id, def.name(), s.schema(), watermark, def.primaryKey());
    }

    @Override
    public Vertex values(PhysicalNode.Values v) {
      return new Vertex.Values(id, v.schema(), v.rows());
    }

    @Override
    public Vertex normalize(PhysicalNode.Normalize n) {
      return transform(new ChangelogNormalizeSpec(n.schema(), n.keys()));
    }

    @Override
    public Vertex union(PhysicalNode.Union u) {
      return transform(new UnionSpec(u.schema(), inputs.size()));
    }

    @Override
    public Vertex calc(PhysicalNode.Calc c) {
      return transform(new CalcSpec(c.input().schema(), c.condition(), c.projections(), c.schema()));
    }

    @Override
    public Vertex windowTvf(PhysicalNode.WindowTvf w) {
      return transform(new WindowAssignSpec(w.input().schema(), w.timeColumn(), w.windows()));
    }

    @Override
    public Vertex matchRecognize(PhysicalNode.MatchRecognize m) {
      return transform(m.spec());
    }

    @Override
    public Vertex overAggregate(PhysicalNode.OverAggregate o) {
      return transform(new OverAggregateSpec(o.input().schema(), o.partitionKeys(), o.timeColumn(), o.rows(), o.preceding(), o.calls()));
    }

    @Override
    public Vertex updatingOverAggregate(PhysicalNode.UpdatingOverAggregate o) {
      return transform(new UpdatingOverAggregateSpec(o.input().schema(), o.partitionKeys(), o.orderBy(), o.rows(), o.preceding(), o.calls()));
    }

    @Override
    public Vertex groupAggregate(PhysicalNode.GroupAggregate g) {
      return transform(new GroupAggregateSpec(g.input().schema(), g.keys(), g.calls(), g.miniBatch(), g.ttl().frees() ? g.ttl().millis() : 0, g.ttl().time()));
    }

    @Override
    public Vertex windowAggregate(PhysicalNode.WindowAggregate w) {
      return transform(
          new WindowAggregateSpec(w.input().schema(), w.keys(), w.windowEnd(), w.calls(), w.emitChanges(), w.allowedLateness(), w.window().processingTime(), w.earlyFire()));
    }

    @Override
    public Vertex slicedWindowAggregate(PhysicalNode.SlicedWindowAggregate s) {
      return transform(new SlicedWindowAggregateSpec(s.input().schema(), s.timeColumn(), s.windows(), s.columns(), s.windowedSchema(), s.keys(), s.calls()));
    }

    @Override
    public Vertex sessionAggregate(PhysicalNode.SessionAggregate s) {
      return transform(new SessionAggregateSpec(s.input().schema(), s.keys(), s.timeColumn(), s.gap(), s.calls(), s.earlyFire()));
    }

    @Override
    public Vertex join(PhysicalNode.Join j) {
      return transform(new RegularJoinSpec(j.type(), j.left().schema(), j.right().schema(), j.leftKeys(), j.rightKeys(), j.condition(), j.schema(), j.leftTtl().frees() || j.rightTtl().frees() ? j.leftTtl().millis() : 0, j.leftTtl().time(), j.rightTtl().time()));
    }

    @Override
    public Vertex intervalJoin(PhysicalNode.IntervalJoin j) {
      return transform(
          new IntervalJoinSpec(
              j.type(),
              j.left().schema(),
              j.right().schema(),
              j.leftKeys(),
              j.rightKeys(),
              j.leftTime(),
              j.rightTime(),
              j.lower(),
              j.upper(),
              j.condition(),
              j.schema(),
              j.watermarkDelay()));
    }

    @Override
    public Vertex temporalJoin(PhysicalNode.TemporalJoin j) {
      return transform(
          new TemporalJoinSpec(j.type(), j.left().schema(), j.right().schema(), j.leftKeys(), j.rightKeys(), j.leftTime(), j.rightTime(), j.condition(), j.schema()));
    }

    @Override
    public Vertex lookupJoin(PhysicalNode.LookupJoin j) {
      return transform(new LookupJoinSpec(j.type(), j.left().schema(), j.right().schema(), j.leftKeys(), j.rightKeys(), j.condition(), j.schema()));
    }

    @Override
    public Vertex rank(PhysicalNode.Rank r) {
      return transform(
          new RankSpec(
              r.input().schema(), r.partitionKeys(), r.orderBy(), r.function(), r.limit(), r.outputRank(), r.schema(), r.input().mode() == ChangelogMode.INSERT_ONLY, r.ttl().frees() ? r.ttl().millis() : 0, r.ttl().time()));
    }

    @Override
    public Vertex windowRank(PhysicalNode.WindowRank r) {
      PhysicalNode.WindowColumns window = r.input().window();
      return transform(
          new WindowRankSpec(r.input().schema(), r.partitionKeys(), window.start(), window.end(), r.orderBy(), r.function(), r.limit(), r.outputRank(), r.schema()));
    }

    @Override
    public Vertex deduplicate(PhysicalNode.Deduplicate d) {
      return transform(new DeduplicateSpec(d.schema(), d.keys(), d.timeColumn(), d.keepLast(), d.input().mode() == ChangelogMode.INSERT_ONLY, d.ttl().frees() ? d.ttl().millis() : 0, d.ttl().time()));
    }
  }
}
