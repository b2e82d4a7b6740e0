package io.runnel.planner.physical;

import static java.util.Objects.requireNonNull;

import io.runnel.operators.expr.Expr;
import io.runnel.operators.types.Schema;
import io.runnel.planner.catalog.RelationDef;
import java.util.List;

/**
 * The physical plan: what will run, annotated per node with its changelog mode and its event-time
 * attribute ({@code rowtime}, the index of the output column carrying event time, or -1). Holds no
 * Calcite types.
 */
public sealed interface PhysicalNode {
  Schema schema();

  ChangelogMode mode();

  int rowtime();

  List<PhysicalNode> inputs();

  /** Reads a stored stream, or a table's changelog as upserts (normalized by a {@link Normalize} above it). */
  record Source(RelationDef relation) implements PhysicalNode {
    public Source {
      requireNonNull(relation, "relation is null");
    }

    @Override
    public Schema schema() {
      return relation.schema();
    }

    @Override
    public ChangelogMode mode() {
      return ChangelogMode.INSERT_ONLY;
    }

    @Override
    public int rowtime() {
      return relation.rowtime();
    }

    @Override
    public List<PhysicalNode> inputs() {
      return List.of();
    }
  }

  /** Constant rows, then the end of input. */
  record Values(Schema schema, List<List<Object>> rows) implements PhysicalNode {
    public Values {
      rows = List.copyOf(rows);
    }

    @Override
    public ChangelogMode mode() {
      return ChangelogMode.INSERT_ONLY;
    }

    @Override
    public int rowtime() {
      return -1;
    }

    @Override
    public List<PhysicalNode> inputs() {
      return List.of();
    }
  }

  /** Keeps the latest row per key of an upsert log and emits the changes as a proper changelog. */
  record Normalize(PhysicalNode input, List<Integer> keys) implements PhysicalNode {
    public Normalize {
      keys = List.copyOf(keys);
    }

    @Override
    public Schema schema() {
      return input.schema();
    }

    @Override
    public ChangelogMode mode() {
      return ChangelogMode.UPDATING;
    }

    @Override
    public int rowtime() {
      return input.rowtime();
    }

    @Override
    public List<PhysicalNode> inputs() {
      return List.of(input);
    }
  }

  /** Filter (condition may be null) then projection; stateless, keeps its input's changelog mode. */
  record Calc(PhysicalNode input, Expr condition, List<Expr> projections, Schema schema, int rowtime)
      implements PhysicalNode {
    public Calc {
      projections = List.copyOf(projections);
    }

    @Override
    public ChangelogMode mode() {
      return input.mode();
    }

    @Override
    public List<PhysicalNode> inputs() {
      return List.of(input);
    }
  }
}
