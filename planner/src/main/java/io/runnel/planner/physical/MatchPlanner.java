package io.runnel.planner.physical;

import io.runnel.operators.expr.Expr;
import io.runnel.operators.match.Automaton;
import io.runnel.operators.match.MatchExpr;
import io.runnel.operators.match.MatchRecognizeSpec;
import io.runnel.operators.match.MatchSpec;
import io.runnel.operators.rank.SortKey;
import io.runnel.operators.types.Schema;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.planner.dag.RexToExpr;
import io.runnel.planner.logical.MatchRel;
import io.runnel.planner.validate.TypeMapping;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelFieldCollation;

/** Plans a {@link MatchRel}: checks its input runs on event time and only inserts, and translates its expressions. */
final class MatchPlanner {
  private final RexToExpr translator;

  MatchPlanner(RexToExpr translator) {
    this.translator = translator;
  }

  PhysicalNode plan(MatchRel match, PhysicalNode input) {
    int time = match.order().get(0).getFieldIndex();
    if (!input.isTime(time)) {
      List<String> names = match.getInput().getRowType().getFieldNames();
      String column = names.get(time);
      throw new RunnelException(
          ErrorCode.INVALID_MATCH_EXPRESSION,
          match.orderPos(),
          "MATCH_RECOGNIZE orders rows by event time first, and '" + column + "' is not " + TimeAttributes.theInputs(input)
              + (input.rowtime() < 0 ? ": the input has none" : "; " + TimeAttributes.names(input, names) + (TimeAttributes.several(input) ? " are" : " is")),
          TimeAttributes.hint(input, time, "ORDER BY the column of the stream's WATERMARK first, then any other columns."));
    }
    if (input.mode() != ChangelogMode.INSERT_ONLY) {
      throw new RunnelException(
          ErrorCode.UNSUPPORTED, match.orderPos(), "MATCH_RECOGNIZE takes an insert-only input, and this one is an updating result", "Match the stream's rows before aggregating or joining them.");
    }
    List<SortKey> tieBreaks = new ArrayList<>();
    for (RelFieldCollation c : match.order().subList(1, match.order().size())) {
      tieBreaks.add(new SortKey(c.getFieldIndex(), c.getDirection() == RelFieldCollation.Direction.DESCENDING, c.nullDirection == RelFieldCollation.NullDirection.FIRST));
    }
    List<MatchExpr> defines = new ArrayList<>();
    for (MatchRel.Expr d : match.defines()) {
      defines.add(d == null ? null : translate(d));
    }
    List<MatchExpr> measures = match.measures().stream().map(this::translate).toList();
    MatchSpec spec = new MatchSpec(Automaton.compile(match.pattern(), match.variables().size()), match.skip(), match.within());
    int[] partition = match.partitionKeys().stream().mapToInt(Integer::intValue).toArray();
    Schema schema = TypeMapping.schemaOf(match.getRowType());
    return new PhysicalNode.MatchRecognize(
        input, new MatchRecognizeSpec(input.schema(), partition, time, tieBreaks, spec, match.variables(), defines, measures, match.rowsPerMatch(), schema));
  }

  private MatchExpr translate(MatchRel.Expr e) {
    List<MatchExpr.Nav> navs = new ArrayList<>();
    for (MatchRel.NavRex n : e.navs()) {
      Expr inner = n.inner() == null ? null : translator.translate(n.inner());
      navs.add(new MatchExpr.Nav(n.kind(), n.variables(), n.offset(), n.physical(), n.aggregate(), inner, n.isFinal(), TypeMapping.fromRel(n.type())));
    }
    return new MatchExpr(navs, translator.translate(e.outer()));
  }
}
