package io.runnel.planner.physical;

import io.runnel.operators.expr.Expr;
import io.runnel.operators.types.Schema;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.planner.catalog.RelationDef;
import io.runnel.planner.dag.RexToExpr;
import io.runnel.planner.validate.TypeMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexLocalRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;

/**
 * Turns an optimized logical plan into {@link PhysicalNode}s: decides each node's changelog mode and
 * carries the event-time attribute through projections that keep the column as it is.
 */
public final class PhysicalPlanner {
  private final RexToExpr translator;
  private final Function<RelNode, RelationDef> tableOf;

  public PhysicalPlanner(RexBuilder rex, Function<RelNode, RelationDef> tableOf) {
    this.translator = new RexToExpr(rex);
    this.tableOf = tableOf;
  }

  public PhysicalNode plan(RelNode rel) {
    if (rel instanceof TableScan scan) {
      RelationDef def = tableOf.apply(scan);
      PhysicalNode source = new PhysicalNode.Source(def);
      return def.isTable() ? new PhysicalNode.Normalize(source, def.primaryKey()) : source;
    }
    if (rel instanceof Values values) {
      Schema schema = TypeMapping.schemaOf(values.getRowType());
      List<List<Object>> rows = new ArrayList<>();
      for (List<RexLiteral> tuple : values.getTuples()) {
        List<Object> row = new ArrayList<>();
        for (int c = 0; c < tuple.size(); c++) {
          row.add(RexToExpr.literalValue(tuple.get(c), schema.type(c)));
        }
        rows.add(row);
      }
      return new PhysicalNode.Values(schema, rows);
    }
    if (rel instanceof Calc calc) {
      RexProgram program = calc.getProgram();
      RexLocalRef condition = program.getCondition();
      List<RexNode> projects = new ArrayList<>();
      for (RexLocalRef ref : program.getProjectList()) {
        projects.add(program.expandLocalRef(ref));
      }
      return calc(plan(calc.getInput()), condition == null ? null : program.expandLocalRef(condition), projects, calc);
    }
    if (rel instanceof Filter filter) {
      PhysicalNode input = plan(filter.getInput());
      List<RexNode> identity = new ArrayList<>();
      for (int i = 0; i < filter.getRowType().getFieldCount(); i++) {
        identity.add(RexInputRef.of(i, filter.getRowType()));
      }
      return calc(input, filter.getCondition(), identity, filter);
    }
    if (rel instanceof Project project) {
      return calc(plan(project.getInput()), null, project.getProjects(), project);
    }
    throw RunnelException.user(ErrorCode.UNSUPPORTED, null, "Plan node " + rel.getRelTypeName() + " cannot run yet");
  }

  private PhysicalNode calc(PhysicalNode input, RexNode condition, List<RexNode> projects, RelNode rel) {
    Expr cond = condition == null ? null : translator.translate(condition);
    List<Expr> exprs = new ArrayList<>();
    int rowtime = -1;
    for (int i = 0; i < projects.size(); i++) {
      RexNode p = projects.get(i);
      exprs.add(translator.translate(p));
      if (rowtime < 0 && p instanceof RexInputRef ref && ref.getIndex() == input.rowtime()) {
        rowtime = i;
      }
    }
    return new PhysicalNode.Calc(input, cond, exprs, TypeMapping.schemaOf(rel.getRowType()), rowtime);
  }
}
