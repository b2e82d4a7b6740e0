package io.runnel.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.operators.calc.CalcSpec;
import io.runnel.operators.dag.Vertex;
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

  @Test
  void theWatermarkIsCompiledOverTheStreamsColumns() {
    RelationDef bid = (RelationDef) catalog.find("bid").orElseThrow();
    assertEquals(3, bid.rowtime());
    Expr.Call minus = assertInstanceOf(Expr.Call.class, bid.watermark());
    assertEquals(Function.MINUS, minus.function());
    assertEquals(new Expr.InputRef(3, io.runnel.operators.types.DataType.of(TypeKind.TIMESTAMP)), minus.operands().get(0));
    assertEquals(4000L, ((Expr.Literal) minus.operands().get(1)).value());
  }
}
