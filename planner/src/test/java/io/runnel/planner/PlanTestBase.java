package io.runnel.planner;

import io.runnel.parser.SqlParser;
import io.runnel.parser.ast.Statement;
import io.runnel.planner.catalog.Catalog;
import io.runnel.planner.validate.DdlAnalyzer;
import org.junit.jupiter.api.BeforeEach;

/** Nexmark-like streams and a table, planned and printed as EXPLAIN prints them. */
abstract class PlanTestBase {
  Catalog catalog;
  Planner planner;

  @BeforeEach
  void setUp() {
    catalog = new Catalog();
    planner = new Planner(catalog);
    define("CREATE STREAM bid (auction BIGINT, bidder BIGINT, price BIGINT, dateTime TIMESTAMP(3),"
        + " WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND)");
    define("CREATE STREAM auction (id BIGINT, seller BIGINT, category BIGINT, dateTime TIMESTAMP(3), expires TIMESTAMP(3),"
        + " WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND)");
    define("CREATE STREAM person (id BIGINT, name VARCHAR, state VARCHAR, dateTime TIMESTAMP(3),"
        + " WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND)");
    define("CREATE TABLE users (id BIGINT, name VARCHAR, score DOUBLE, PRIMARY KEY (id))");
  }

  void define(String ddl) {
    Statement s = SqlParser.parseStatement(ddl);
    DdlAnalyzer analyzer = new DdlAnalyzer();
    catalog.add(s instanceof Statement.CreateStream cs ? analyzer.stream(cs, ddl) : analyzer.table((Statement.CreateTable) s, ddl));
  }

  String explain(String sql) {
    return planner.plan(((Statement.QueryStatement) SqlParser.parseStatement(sql)).query()).explain();
  }
}
