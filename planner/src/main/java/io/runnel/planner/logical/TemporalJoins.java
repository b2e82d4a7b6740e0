package io.runnel.planner.logical;

import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.ast.Relation;
import io.runnel.planner.catalog.Catalog;
import io.runnel.planner.catalog.CatalogObject;
import io.runnel.planner.catalog.RelationDef;
import io.runnel.planner.validate.ExpressionAnalyzer;
import io.runnel.planner.validate.Scope;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.apache.calcite.tools.RelBuilder;

/**
 * {@code s [LEFT] JOIN t FOR SYSTEM_TIME AS OF s.ts ON ...}: checks what a temporal join needs of the
 * query (INNER or LEFT, a condition, AS OF a column of the left side) and of the table (a primary key, whose
 * rows are its versions), and builds a {@link TemporalJoinRel}. Whether AS OF is event or processing time,
 * and so whether the join is a temporal or a lookup join, the physical planner tells.
 */
final class TemporalJoins {
  private final RelBuilder builder;
  private final Catalog catalog;
  private final SchemaPlus schema;

  TemporalJoins(RelBuilder builder, Catalog catalog, SchemaPlus schema) {
    this.builder = builder;
    this.catalog = catalog;
    this.schema = schema;
  }

  /** With the left side, whose columns {@code left} names, on top of the builder; leaves the join there. */
  Scope join(Relation.Join join, Relation.TemporalTable versions, Scope left, int leftWidth) {
    JoinRelType type =
        switch (join.type()) {
          case INNER -> JoinRelType.INNER;
          case LEFT -> JoinRelType.LEFT;
          case CROSS -> throw new RunnelException(
              ErrorCode.UNSUPPORTED, versions.pos(), "A temporal join needs JOIN ... ON, with the table's key in the condition", "Write FROM s JOIN " + versions.dotted() + " FOR SYSTEM_TIME AS OF s.ts ON s.k = k.");
          case RIGHT, FULL -> throw new RunnelException(
              ErrorCode.UNSUPPORTED, join.pos(), "A temporal join is INNER or LEFT, not " + join.type(), "Keep the stream on the left: FROM s LEFT JOIN t FOR SYSTEM_TIME AS OF s.ts ON ...");
        };
    RelationDef def = versioned(versions);
    RexNode asOf = new ExpressionAnalyzer(builder.getRexBuilder(), left, e -> null, catalog).analyze(versions.asOf());
    if (!(asOf instanceof RexInputRef column)) {
      throw new RunnelException(
          ErrorCode.UNSUPPORTED, versions.asOf().pos(), "FOR SYSTEM_TIME AS OF takes a column of the left side of the join", "Name the left side's event-time column, as in AS OF s.ts.");
    }
    if (schema.getTable(def.name()) == null) {
      schema.add(def.name(), new RelationTable(def));
    }
    builder.scan(def.name());
    Scope right = Scope.of(versions.alias() != null ? versions.alias().value() : def.name(), builder.peek().getRowType());
    Scope both = Scope.join(left, leftWidth, right);
    RexNode condition = folded(new ExpressionAnalyzer(builder.getRexBuilder(), both, e -> null, catalog).condition(join.condition(), "ON"));
    RelNode table = builder.build();
    RelNode stream = builder.build();
    RelDataType rowType = SqlValidatorUtil.deriveJoinRowType(stream.getRowType(), table.getRowType(), type, builder.getTypeFactory(), null, List.of());
    // keys computed from the stream's columns (mod(b.auction, 10000) = s.key) become columns of the stream
    List<RexNode> keys = new ArrayList<>();
    condition = keyColumns(condition, leftWidth, keys);
    if (!keys.isEmpty()) {
      builder.push(stream);
      List<RexNode> columns = new ArrayList<>(builder.fields());
      columns.addAll(keys);
      builder.project(columns);
      stream = builder.build();
    }
    RelDataType joined = SqlValidatorUtil.deriveJoinRowType(stream.getRowType(), table.getRowType(), type, builder.getTypeFactory(), null, List.of());
    builder.push(new TemporalJoinRel(stream.getCluster(), stream.getTraitSet(), stream, table, type, condition, column.getIndex(), joined, versions.pos()));
    if (!keys.isEmpty()) {
      List<RexNode> kept = new ArrayList<>();
      for (int i = 0; i < joined.getFieldCount(); i++) {
        if (i < leftWidth || i >= leftWidth + keys.size()) {
          kept.add(builder.field(i));
        }
      }
      builder.project(kept, rowType.getFieldNames(), true);
    }
    return both.withTypes(rowType);
  }

  /**
   * {@code condition} with each equality of an expression of the stream's columns (not a column itself) and
   * a column of the table rewritten to read a new column of the stream, appended to {@code keys} (the
   * table's columns then come after those); the condition as it is when there is none.
   */
  private RexNode keyColumns(RexNode condition, int leftWidth, List<RexNode> keys) {
    RexBuilder rex = builder.getRexBuilder();
    List<RexNode> conjuncts = new ArrayList<>();
    List<int[]> rewritten = new ArrayList<>(); // {conjunct, operand of the stream's side}
    for (RexNode conjunct : RelOptUtil.conjunctions(condition)) {
      conjuncts.add(conjunct);
      if (conjunct.getKind() != SqlKind.EQUALS) {
        continue;
      }
      List<RexNode> operands = ((RexCall) conjunct).getOperands();
      for (int side = 0; side < 2; side++) {
        RexNode expression = operands.get(side);
        RexNode other = operands.get(1 - side);
        if (!(expression instanceof RexInputRef)
            && other instanceof RexInputRef ref
            && ref.getIndex() >= leftWidth
            && !RelOptUtil.InputFinder.bits(expression).isEmpty()
            && RelOptUtil.InputFinder.bits(expression).asList().stream().allMatch(i -> i < leftWidth)
            && RexUtil.isDeterministic(expression)) {
          keys.add(expression);
          rewritten.add(new int[] {conjuncts.size() - 1, side});
          break;
        }
      }
    }
    if (keys.isEmpty()) {
      return condition;
    }
    int shift = keys.size();
    RexShuttle shiftTable =
        new RexShuttle() {
          @Override
          public RexNode visitInputRef(RexInputRef ref) {
            return ref.getIndex() < leftWidth ? ref : new RexInputRef(ref.getIndex() + shift, ref.getType());
          }
        };
    List<RexNode> out = new ArrayList<>();
    for (RexNode conjunct : conjuncts) {
      out.add(conjunct.accept(shiftTable));
    }
    for (int k = 0; k < rewritten.size(); k++) {
      int[] at = rewritten.get(k);
      RexCall call = (RexCall) out.get(at[0]);
      List<RexNode> operands = new ArrayList<>(call.getOperands());
      operands.set(at[1], new RexInputRef(leftWidth + k, keys.get(k).getType()));
      out.set(at[0], rex.makeCall(call.getOperator(), operands));
    }
    return RexUtil.composeConjunction(rex, out);
  }

  /**
   * {@code condition} with its calls on literals alone evaluated: no rule reduces expressions inside a {@link
   * TemporalJoinRel}, so this is done here, once, rather than for every row.
   */
  private RexNode folded(RexNode condition) {
    RexBuilder rex = builder.getRexBuilder();
    return condition.accept(
        new RexShuttle() {
          @Override
          public RexNode visitCall(RexCall call) {
            RexNode visited = super.visitCall(call);
            if (visited instanceof RexCall c
                && !c.getOperands().isEmpty()
                && c.getOperands().stream().allMatch(o -> o instanceof RexLiteral)
                && c.getOperator().isDeterministic()
                && !c.getOperator().isDynamicFunction()) {
              return ConstantFolder.fold(rex, c);
            }
            return visited;
          }
        });
  }

  /** The table named, which must have a primary key (an event time too, unless AS OF is processing time: see JoinPlanner). */
  private RelationDef versioned(Relation.TemporalTable versions) {
    CatalogObject object = catalog.resolve(versions.dotted(), versions.pos());
    if (!(object instanceof RelationDef def) || !def.isTable() || def.primaryKey().isEmpty()) {
      throw new RunnelException(
          ErrorCode.UNSUPPORTED,
          versions.pos(),
          "FOR SYSTEM_TIME AS OF reads the versions of a table with a primary key, and '" + versions.dotted() + "' is not one",
          "Declare it as CREATE TABLE ... (..., PRIMARY KEY (k), WATERMARK FOR ts AS ts).");
    }
    return def;
  }
}
