package io.runnel.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.runnel.parser.SqlParser;
import io.runnel.parser.ast.Statement;
import io.runnel.planner.catalog.Catalog;
import io.runnel.planner.validate.DdlAnalyzer;
import org.junit.jupiter.api.Test;

class PlannerSmokeTest {
  @Test
  void plansAFilterAndProjection() {
    Catalog catalog = new Catalog();
    String ddl = "CREATE STREAM bid (auction BIGINT, price BIGINT, dateTime TIMESTAMP(3), WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND)";
    catalog.add(new DdlAnalyzer().stream((Statement.CreateStream) SqlParser.parseStatement(ddl), ddl));
    Statement.QueryStatement q = (Statement.QueryStatement) SqlParser.parseStatement("SELECT auction, price * 2 AS p, dateTime FROM bid WHERE price > 10 AND 1 = 1");
    PlannedQuery plan = new Planner(catalog).plan(q.query());
    System.out.println(plan.explain());
    assertEquals(2, plan.dag().vertices().size());
  }
}
