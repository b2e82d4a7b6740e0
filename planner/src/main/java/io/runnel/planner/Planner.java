package io.runnel.planner;

import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.ast.Expression;
import io.runnel.parser.ast.Query;
import io.runnel.parser.ast.Statement;
import io.runnel.planner.catalog.Catalog;
import io.runnel.planner.catalog.CatalogObject;
import io.runnel.planner.catalog.RelationDef;
import io.runnel.planner.dag.DagBuilder;
import io.runnel.planner.logical.LogicalOptimizer;
import io.runnel.planner.logical.Planning;
import io.runnel.planner.physical.ChangelogMode;
import io.runnel.planner.physical.ExplainPrinter;
import io.runnel.planner.physical.PhysicalNode;
import io.runnel.planner.physical.PhysicalPlanner;
import io.runnel.planner.physical.PlanOptions;
import io.runnel.planner.physical.UniqueKeys;
import io.runnel.planner.validate.LiteralAnalyzer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.calcite.rel.RelNode;

/**
 * Compiles queries against a {@link Catalog}: validation and conversion to Calcite relational algebra,
 * rule-based rewriting, a physical plan with changelog modes and time attributes, and the operator DAG.
 * Calcite types never leave this module.
 */
public final class Planner {
  private final Catalog catalog;

  private final PlanOptions session;
  private final String lateStream;

  public Planner(Catalog catalog) {
    this(catalog, PlanOptions.DEFAULT, "sys.late");
  }

  /**
   * A planner with the session's choices (allowed lateness, mini-batch, early-fire interval; a query's own
   * EMIT CHANGES wins),
   * whose plans say that late rows go to {@code lateStream}.
   */
  public Planner(Catalog catalog, PlanOptions session, String lateStream) {
    this.catalog = catalog;
    this.session = session;
    this.lateStream = lateStream;
  }

  /** Plans a standing query. */
  public PlannedQuery plan(Query query) {
    Planning planning = new Planning(catalog);
    RelNode logical = planning.convert(query);
    return finish(planning, logical, null, options(query));
  }

  /**
   * The session's options with the query's own: {@code EMIT CHANGES} (a change per row) wins over the
   * session's early-fire interval, {@code EMIT CHANGES EVERY INTERVAL ...} replaces it.
   */
  private PlanOptions options(Query query) {
    if (query instanceof Query.Select s && s.emitEvery() != null) {
      return new PlanOptions(false, session.allowedLateness(), session.miniBatch(), emitEvery(s.emitEvery()), session.stateTtl());
    }
    boolean emitChanges = query instanceof Query.Select s && s.emitChanges();
    return new PlanOptions(emitChanges, session.allowedLateness(), session.miniBatch(), session.earlyFire(), session.stateTtl());
  }

  private static long emitEvery(Expression.IntervalLiteral every) {
    java.math.BigDecimal millis = LiteralAnalyzer.millis(every);
    if (millis.signum() <= 0 || millis.stripTrailingZeros().scale() > 0 || millis.compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new RunnelException(
          ErrorCode.INVALID_LITERAL,
          every.pos(),
          "EMIT CHANGES EVERY needs a positive whole number of milliseconds, not INTERVAL '" + every.value() + "' " + every.unit(),
          "Write e.g. EMIT CHANGES EVERY INTERVAL '5' SECOND.");
    }
    return millis.longValueExact();
  }

  /** Plans {@code INSERT INTO target query}: the result has the target's schema, cast column by column. */
  public PlannedQuery planInsert(Statement.Insert insert) {
    CatalogObject object = catalog.resolve(insert.target().value(), insert.target().pos());
    if (!(object instanceof RelationDef target)) {
      throw RunnelException.user(
          ErrorCode.UNSUPPORTED, insert.target().pos(), "Cannot insert into view '" + object.name() + "'");
    }
    return planInsert(insert, target);
  }

  /**
   * Plans {@code insert} into {@code target}, which need not be the relation the catalog names so (the
   * new version of a materialized view, being built beside the old one).
   */
  public PlannedQuery planInsert(Statement.Insert insert, RelationDef target) {
    Planning planning = new Planning(catalog);
    RelNode logical = planning.convertInsert(insert, target);
    PlannedQuery plan = finish(planning, logical, target, options(insert.query()));
    if (plan.updating() && !target.isTable() && !target.isMaterializedView()) {
      throw new RunnelException(
          ErrorCode.UPDATING_INTO_APPEND_ONLY,
          insert.pos(),
          "Stream '" + target.name() + "' only takes inserts, but the query produces updates (changelog " + ChangelogMode.UPDATING + ")",
          "Insert into a table with a PRIMARY KEY instead.");
    }
    return plan;
  }

  private PlannedQuery finish(Planning planning, RelNode logical, RelationDef target, PlanOptions options) {
    RelNode optimized = LogicalOptimizer.optimize(logical);
    PhysicalNode physical = new PhysicalPlanner(planning.rexBuilder(), planning::relationOf, options).plan(optimized);
    // rewriting may drop a renaming projection; the result's names are the query's
    Schema schema = renamed(physical.schema(), logical.getRowType().getFieldNames());
    if (target != null) {
      schema = target.schema();
    }
    Set<String> sources = new LinkedHashSet<>();
    collectSources(physical, sources);
    String explain = ExplainPrinter.print(physical, lateStream);
    if (target != null) {
      explain = "Sink(" + target.name() + ")  changelog=" + physical.mode() + "\n" + indent(explain);
    }
    return new PlannedQuery(
        DagBuilder.build(physical),
        schema,
        physical.mode() == ChangelogMode.UPDATING,
        new ArrayList<>(sources),
        explain,
        ExplainPrinter.operators(physical),
        UniqueKeys.of(physical));
  }

  private static Schema renamed(Schema schema, java.util.List<String> names) {
    java.util.List<DataType.Field> fields = new ArrayList<>();
    for (int i = 0; i < schema.size(); i++) {
      fields.add(new DataType.Field(names.get(i), schema.type(i)));
    }
    return new Schema(fields);
  }

  private static String indent(String text) {
    StringBuilder sb = new StringBuilder();
    for (String line : text.split("\n")) {
      sb.append("  ").append(line.startsWith(" ") ? line : "+- " + line).append('\n');
    }
    return sb.toString();
  }

  private static void collectSources(PhysicalNode node, Set<String> into) {
    if (node instanceof PhysicalNode.Source s) {
      into.add(s.relation().name());
    }
    for (PhysicalNode input : node.inputs()) {
      collectSources(input, into);
    }
  }

  /** The result columns of a query without planning it to operators (for CREATE VIEW). */
  public Schema schemaOf(Query query) {
    return plan(query).schema();
  }
}
