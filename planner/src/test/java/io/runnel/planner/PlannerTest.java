package io.runnel.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.operators.calc.CalcSpec;
import io.runnel.operators.dag.Vertex;
import io.runnel.operators.window.SessionAggregateSpec;
import io.runnel.operators.window.SlicedWindowAggregateSpec;
import io.runnel.operators.window.WindowAggregateSpec;
import io.runnel.operators.expr.Expr;
import io.runnel.operators.expr.Function;
import io.runnel.operators.types.TypeKind;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.SqlParser;
import io.runnel.parser.ast.Statement;
import io.runnel.planner.catalog.Catalog;
import io.runnel.planner.catalog.RelationDef;
import io.runnel.planner.catalog.ViewDef;
import io.runnel.planner.physical.PlanOptions;
import io.runnel.planner.validate.DdlAnalyzer;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Plans as text, as EXPLAIN prints them, and the DAG specs they become. */
class PlannerTest {
  Catalog catalog;
  Planner planner;

  @BeforeEach
  void setUp() {
    catalog = new Catalog();
    planner = new Planner(catalog);
    define("CREATE STREAM bid (auction BIGINT, price BIGINT, channel VARCHAR, dateTime TIMESTAMP(3),"
        + " WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND)");
    define("CREATE TABLE users (id BIGINT, name VARCHAR, PRIMARY KEY (id))");
  }

  void define(String ddl) {
    Statement s = SqlParser.parseStatement(ddl);
    DdlAnalyzer analyzer = new DdlAnalyzer();
    catalog.add(s instanceof Statement.CreateStream cs ? analyzer.stream(cs, ddl) : analyzer.table((Statement.CreateTable) s, ddl));
  }

  PlannedQuery plan(String sql) {
    return planner.plan(((Statement.QueryStatement) SqlParser.parseStatement(sql)).query());
  }

  @Test
  void filtersAndProjectionsFuseIntoOneCalcAndConstantsFold() {
    assertEquals(
        """
        Calc(where=[(price > 10)], select=[auction, (price * 4) AS p])  changelog=[I]  rowtime=none
          +- StreamSource(bid, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
        """,
        plan("SELECT auction, price * (2 + 2) AS p FROM (SELECT * FROM bid WHERE 1 = 1) WHERE price > 10 AND TRUE").explain());
  }

  @Test
  void aFilterAboveAProjectionIsPushedBelowIt() {
    PlannedQuery p = plan("SELECT x FROM (SELECT price + 1 AS x, channel FROM bid) WHERE channel = 'a'");
    assertEquals(
        "Calc(where=[(channel = 'a')], select=[(price + 1) AS x])  changelog=[I]  rowtime=none\n"
            + "  +- StreamSource(bid, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime\n",
        p.explain());
    assertEquals(2, p.dag().vertices().size());
  }

  @Test
  void unicodeLiteralsPlanAndFoldToTheSameText() {
    PlannedQuery p = plan("SELECT CONCAT('東', '京😀') AS c FROM bid WHERE channel LIKE 'М%' AND channel <> '🦆'");
    Vertex.Transform calc = assertInstanceOf(Vertex.Transform.class, p.dag().sink());
    CalcSpec spec = assertInstanceOf(CalcSpec.class, calc.spec());
    assertEquals("東京😀", assertInstanceOf(Expr.Literal.class, spec.projections().get(0)).value());
    assertTrue(spec.condition().toString().contains("М%"), spec.condition().toString());
    assertTrue(p.explain().contains("'🦆'"), p.explain());
  }

  @Test
  void anOverflowingConstantIsNotFoldedIntoAWrongNumber() {
    assertTrue(plan("SELECT 9223372036854775807 + 1 AS x FROM bid").explain().contains("(9223372036854775807 + 1) AS x"));
    assertTrue(plan("SELECT 2147483647 * 2 AS x FROM bid").explain().contains("(2147483647 * 2) AS x"));
  }

  @Test
  void theEventTimeAttributeSurvivesAProjectionThatKeepsTheColumn() {
    assertTrue(plan("SELECT dateTime AS t, auction FROM bid").explain().startsWith("Calc(select=[dateTime AS t, auction])  changelog=[I]  rowtime=t"));
    assertTrue(plan("SELECT dateTime + INTERVAL '1' SECOND AS t FROM bid").explain().contains("rowtime=none\n  +-"));
  }

  @Test
  void aTableIsNormalizedIntoAnUpdatingChangelog() {
    PlannedQuery p = plan("SELECT name FROM users");
    assertTrue(p.updating());
    Vertex.Source source = assertInstanceOf(Vertex.Source.class, p.dag().vertices().get(0));
    assertEquals(List.of(0), source.primaryKey());
    assertEquals(3, p.dag().vertices().size());
  }

  @Test
  void theDagCarriesTypedExpressionsWithOperandsOfOneType() {
    PlannedQuery p = plan("SELECT auction FROM bid WHERE price > 10");
    Vertex.Transform calc = assertInstanceOf(Vertex.Transform.class, p.dag().sink());
    CalcSpec spec = assertInstanceOf(CalcSpec.class, calc.spec());
    Expr.Call gt = assertInstanceOf(Expr.Call.class, spec.condition());
    assertEquals(Function.GREATER_THAN, gt.function());
    // the INT literal 10 was widened to BIGINT, the type of price
    assertEquals(new Expr.Literal(10L, io.runnel.operators.types.DataType.of(TypeKind.BIGINT).withNullable(false)), gt.operands().get(1));
    assertEquals(List.of("bid"), p.sources());
    assertFalse(p.updating());
  }

  @Test
  void valuesFoldToConstantRowsOfOneTypePerColumn() {
    PlannedQuery p = plan("VALUES (1, 'a'), (2.5, NULL)");
    Vertex.Values v = assertInstanceOf(Vertex.Values.class, p.dag().vertices().get(0));
    assertEquals(TypeKind.DECIMAL, v.outputSchema().type(0).kind());
    assertEquals(2, v.rows().size());
    assertEquals(new java.math.BigDecimal("1.0"), v.rows().get(0).get(0));
  }

  @Test
  void insertsAreCastToTheTargetAndUpdatesCannotGoIntoAStream() {
    Statement.Insert ok = (Statement.Insert) SqlParser.parseStatement("INSERT INTO bid (price, auction) VALUES (5, 7)");
    PlannedQuery p = planner.planInsert(ok);
    assertEquals(List.of("auction", "price", "channel", "dateTime"), p.schema().names());
    assertTrue(p.explain().startsWith("Sink(bid)  changelog=[I]\n"));
    define("CREATE STREAM names (name VARCHAR)");
    RunnelException e = assertThrows(RunnelException.class,
        () -> planner.planInsert((Statement.Insert) SqlParser.parseStatement("INSERT INTO names SELECT name FROM users")));
    assertEquals(ErrorCode.UPDATING_INTO_APPEND_ONLY, e.code());
  }

  @Test
  void viewsAreExpandedWhereTheyAreRead() {
    var view = (Statement.CreateView) SqlParser.parseStatement("CREATE VIEW big AS SELECT auction, price FROM bid WHERE price > 100");
    catalog.add(new ViewDef("big", planner.schemaOf(view.query()), view.query(), "..."));
    assertEquals(
        "Calc(where=[((price > 100) AND (price < 200))], select=[auction])  changelog=[I]  rowtime=none\n"
            + "  +- StreamSource(bid, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime\n",
        plan("SELECT auction FROM big WHERE price < 200").explain());
  }

  static final String TUMBLE =
      "SELECT auction, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND)) GROUP BY auction, window_start, window_end";

  static WindowAggregateSpec windowAggregate(PlannedQuery p) {
    return p.dag().vertices().stream()
        .filter(v -> v instanceof Vertex.Transform t && t.spec() instanceof WindowAggregateSpec)
        .map(v -> (WindowAggregateSpec) ((Vertex.Transform) v).spec())
        .findFirst()
        .orElseThrow();
  }

  @Test
  void anEarlyFireIntervalMakesWindowsUpdatingUnlessTheQueryAsksForAChangePerRow() {
    planner = new Planner(catalog, new PlanOptions(false, 0, false, 5_000), "sys.late");
    PlannedQuery early = plan(TUMBLE);
    assertTrue(early.updating());
    assertEquals(5_000, windowAggregate(early).earlyFire());
    assertTrue(early.explain().contains("emit=[the results that changed, every 5 s of processing time and finally when the watermark passes window_end]"), early.explain());
    // EMIT CHANGES: a change per row, the interval does not apply
    PlannedQuery perRow = plan(TUMBLE + " EMIT CHANGES");
    assertTrue(perRow.updating());
    assertEquals(0, windowAggregate(perRow).earlyFire());
    assertTrue(windowAggregate(perRow).emitChanges());
    // EMIT CHANGES EVERY replaces the session's interval
    PlannedQuery every = plan(TUMBLE + " EMIT CHANGES EVERY INTERVAL '1' MINUTE");
    assertEquals(60_000, windowAggregate(every).earlyFire());
    assertFalse(windowAggregate(every).emitChanges());
    assertTrue(every.explain().contains("every 1 min of processing time"), every.explain());
    // sessions have no per-row form: the interval applies to them with or without EMIT CHANGES
    PlannedQuery session = plan("SELECT auction, COUNT(*) AS n FROM bid GROUP BY auction, SESSION(dateTime, INTERVAL '10' SECOND) EMIT CHANGES");
    assertTrue(session.updating());
    assertTrue(session.dag().vertices().stream().anyMatch(v -> v instanceof Vertex.Transform t && t.spec() instanceof SessionAggregateSpec s && s.earlyFire() == 5_000));
    define("CREATE STREAM counts (auction BIGINT, n BIGINT)");
    RunnelException e = assertThrows(RunnelException.class, () -> planner.planInsert((Statement.Insert) SqlParser.parseStatement("INSERT INTO counts " + TUMBLE)));
    assertEquals(ErrorCode.UPDATING_INTO_APPEND_ONLY, e.code());
    // without an interval the window is final and insert-only, unless the query asks for one
    planner = new Planner(catalog);
    assertFalse(plan(TUMBLE).updating());
    assertTrue(plan(TUMBLE + " EMIT CHANGES EVERY INTERVAL '500' MILLISECOND").updating());
    RunnelException zero = assertThrows(RunnelException.class, () -> plan(TUMBLE + " EMIT CHANGES EVERY INTERVAL '0' SECOND"));
    assertEquals(ErrorCode.INVALID_LITERAL, zero.code());
  }

  @Test
  void theWatermarkIsCompiledOverTheStreamsColumns() {
    RelationDef bid = (RelationDef) catalog.find("bid").orElseThrow();
    assertEquals(3, bid.rowtime());
    Expr.Call minus = assertInstanceOf(Expr.Call.class, bid.watermark());
    assertEquals(Function.MINUS, minus.function());
    assertEquals(new Expr.InputRef(3, io.runnel.operators.types.DataType.of(TypeKind.TIMESTAMP)), minus.operands().get(0));
    assertEquals(4000L, ((Expr.Literal) minus.operands().get(1)).value());
  }

  static final String HOP_BY_AUCTION =
      "SELECT auction, count(*) AS num, window_start AS starttime, window_end AS endtime"
          + " FROM TABLE(HOP(TABLE bid, DESCRIPTOR(`dateTime`), INTERVAL '2' SECOND, INTERVAL '10' SECOND))"
          + " GROUP BY auction, window_start, window_end";

  static boolean sliced(PlannedQuery p) {
    return p.dag().vertices().stream().anyMatch(v -> v instanceof Vertex.Transform t && t.spec() instanceof SlicedWindowAggregateSpec);
  }

  @Test
  void aHopAggregationIsPlannedBySlicesWhereThatGivesTheSameResult() {
    // Nexmark q5's window aggregation: one slice of 2 s per auction instead of five copies of each bid
    PlannedQuery p = plan(HOP_BY_AUCTION);
    assertEquals(
        """
        Calc(select=[auction, num, window_start AS starttime, window_end AS endtime])  changelog=[I]  rowtime=none
          +- SlicedWindowAggregate(HOP(slide=2000ms, size=10000ms), time=[dateTime], group=[auction, window_start, window_end], select=[COUNT(*) AS num], \
        state=[accumulators per group and slice of 2 s, merged into a window's result when the watermark passes window_end, a slice freed with its last window], \
        emit=[one final row per group when the watermark passes window_end], late=[dropped, counted, written to sys.late])  changelog=[I]  rowtime=none
            +- StreamSource(bid, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
        """,
        p.explain());
    assertEquals(3, p.dag().vertices().size());
    SlicedWindowAggregateSpec spec = assertInstanceOf(SlicedWindowAggregateSpec.class, ((Vertex.Transform) p.dag().vertices().get(1)).spec());
    assertEquals(io.runnel.operators.window.Windows.hop(2_000, 10_000), spec.windows());
    assertEquals(3, spec.timeColumn());
    // the windowed rows the aggregate would have read: auction, window_start, window_end
    assertEquals(List.of(0, 4, 5), spec.columns());
    assertEquals(io.runnel.operators.dag.Distribution.byKeys(List.of(0)), spec.inputDistribution(0));
    assertFalse(p.updating());
    // the group-window form, keys beside the window's, and window_time as a key
    assertTrue(sliced(plan("SELECT HOP_END(dateTime, INTERVAL '30' SECOND, INTERVAL '1' MINUTE) AS w_end, COUNT(DISTINCT auction) AS n"
        + " FROM bid GROUP BY HOP(dateTime, INTERVAL '30' SECOND, INTERVAL '1' MINUTE)")));
    assertTrue(sliced(plan("SELECT channel, MAX(price) AS top, AVG(price) AS mean, window_time FROM TABLE(HOP(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '2' SECOND, INTERVAL '10' SECOND))"
        + " GROUP BY channel, window_start, window_end, window_time")));
  }

  @Test
  void aHopAggregationKeepsItsWindowCopiesWhereSlicesWouldNotGiveTheSameResult() {
    String hop = " FROM TABLE(HOP(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '2' SECOND, INTERVAL '10' SECOND))";
    String group = " GROUP BY auction, window_start, window_end";
    // a size that is not a whole number of slides
    assertFalse(sliced(plan("SELECT auction, COUNT(*) AS n FROM TABLE(HOP(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '3' SECOND, INTERVAL '10' SECOND))" + group)));
    // results before the window closes
    assertFalse(sliced(plan("SELECT auction, COUNT(*) AS n" + hop + group + " EMIT CHANGES")));
    assertFalse(sliced(plan("SELECT auction, COUNT(*) AS n" + hop + group + " EMIT CHANGES EVERY INTERVAL '1' SECOND")));
    // a filter or a computed column between the window table function and the aggregate
    assertFalse(sliced(plan("SELECT auction, COUNT(*) AS n" + hop + " WHERE price > 10" + group)));
    assertFalse(sliced(plan("SELECT auction, COUNT(*) FILTER (WHERE price > 10) AS n" + hop + group)));
    // a call whose merged result could differ (sums of doubles, MIN and MAX of decimals), or that reads a window column
    define("CREATE STREAM m (k BIGINT, x DOUBLE, d DECIMAL(10, 2), ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
    String hopM = " FROM TABLE(HOP(TABLE m, DESCRIPTOR(ts), INTERVAL '2' SECOND, INTERVAL '10' SECOND)) GROUP BY k, window_start, window_end";
    assertTrue(sliced(plan("SELECT k, SUM(d) AS s, AVG(d) AS a, MIN(x) AS low, MAX(x) AS high, COUNT(DISTINCT x) AS n" + hopM)));
    assertFalse(sliced(plan("SELECT k, SUM(x) AS s" + hopM)));
    assertFalse(sliced(plan("SELECT k, AVG(x) AS a" + hopM)));
    assertFalse(sliced(plan("SELECT k, MIN(d) AS low" + hopM)));
    assertFalse(sliced(plan("SELECT k, APPROX_PERCENTILE(x, 0.5) AS median" + hopM)));
    assertFalse(sliced(plan("SELECT auction, MAX(window_time) AS t" + hop + group)));
    // windows of processing time
    var view = (Statement.CreateView) SqlParser.parseStatement("CREATE VIEW bid_p AS SELECT *, PROCTIME() AS p FROM bid");
    catalog.add(new ViewDef("bid_p", planner.schemaOf(view.query()), view.query(), "..."));
    PlannedQuery proctime = plan("SELECT auction, COUNT(*) AS n FROM TABLE(HOP(TABLE bid_p, DESCRIPTOR(p), INTERVAL '2' SECOND, INTERVAL '10' SECOND))" + group);
    assertTrue(proctime.explain().contains("time=processing"), proctime.explain());
    assertFalse(sliced(proctime));
    // an allowed lateness, or early results by processing time
    planner = new Planner(catalog, new PlanOptions(false, 5_000, false), "sys.late");
    assertFalse(sliced(plan(HOP_BY_AUCTION)));
    planner = new Planner(catalog, new PlanOptions(false, 0, false, 1_000), "sys.late");
    assertFalse(sliced(plan(HOP_BY_AUCTION)));
  }
}
