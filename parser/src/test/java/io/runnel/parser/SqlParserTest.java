package io.runnel.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.parser.ast.Expression;
import io.runnel.parser.ast.Expression.Binary;
import io.runnel.parser.ast.Expression.BinaryOperator;
import io.runnel.parser.ast.Pos;
import io.runnel.parser.ast.Query;
import io.runnel.parser.ast.Relation;
import io.runnel.parser.ast.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlParserTest {

  @Test
  void createStreamWithWatermarkAndOptions() {
    var s = (Statement.CreateStream) SqlParser.parseStatement(
        "CREATE STREAM IF NOT EXISTS bid (auction BIGINT, price DECIMAL(10, 2) NOT NULL, dateTime TIMESTAMP(3),"
            + " WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND) WITH ('connector' = 'nexmark', 'rate' = '10')");
    assertEquals("bid", s.name().value());
    assertTrue(s.ifNotExists());
    assertEquals(List.of("auction", "price", "dateTime"), s.columns().stream().map(c -> c.name().value()).toList());
    assertEquals("DECIMAL", s.columns().get(1).type().name());
    assertEquals(List.of(10, 2), s.columns().get(1).type().parameters());
    assertTrue(s.columns().get(1).type().notNull());
    assertEquals("dateTime", s.watermark().column().value());
    Binary wm = assertInstanceOf(Binary.class, s.watermark().expression());
    assertEquals(BinaryOperator.MINUS, wm.operator());
    assertEquals(new Expression.IntervalLiteral(new Pos(1, 141), "4", "SECOND"), wm.right());
    assertEquals(List.of("connector=nexmark", "rate=10"), s.properties().stream().map(p -> p.key() + "=" + p.value()).toList());
  }

  @Test
  void createTableWithKeyAndRowTypes() {
    var t = (Statement.CreateTable) SqlParser.parseStatement(
        "create table users (id bigint, addr ROW<city STRING, zip INT>, at TIMESTAMP WITH LOCAL TIME ZONE, PRIMARY KEY (id) NOT ENFORCED)");
    assertEquals(List.of("id"), t.primaryKey().stream().map(n -> n.value()).toList());
    assertEquals("ROW", t.columns().get(1).type().name());
    assertEquals("STRING", t.columns().get(1).type().fields().get(0).type().name());
    assertEquals("TIMESTAMP_LTZ", t.columns().get(2).type().name());
  }

  @Test
  void emitChangesTakesAnOptionalIntervalAndEveryStaysAName() {
    var perRow = (Query.Select) ((Statement.QueryStatement) SqlParser.parseStatement("SELECT a FROM t EMIT CHANGES")).query();
    assertTrue(perRow.emitChanges());
    assertNull(perRow.emitEvery());
    var every = (Query.Select) ((Statement.QueryStatement) SqlParser.parseStatement("SELECT a FROM t EMIT CHANGES EVERY INTERVAL '5' second")).query();
    assertEquals(new Expression.IntervalLiteral(new Pos(1, 36), "5", "SECOND"), every.emitEvery());
    var named = (Query.Select) ((Statement.QueryStatement) SqlParser.parseStatement("SELECT every FROM every")).query();
    assertNull(named.emitEvery());
  }

  @Test
  void insertTakesRowsOrAWatermark() {
    var w = (Statement.InsertWatermark) SqlParser.parseStatement("insert into clicks watermark timestamp '2024-01-01 00:00:30'");
    assertEquals("clicks", w.target().value());
    assertEquals("2024-01-01 00:00:30", w.time());
    assertEquals(new Pos(1, 40), w.timePos());
    var rows = (Statement.Insert) SqlParser.parseStatement("INSERT INTO watermark (a) SELECT a FROM t");
    assertEquals("watermark", rows.target().value(), "WATERMARK stays a name");
  }

  @Test
  void precedenceFollowsSql() {
    Expression e = SqlParser.parseExpression("a OR b AND NOT c = d + 1 * 2");
    Binary or = assertInstanceOf(Binary.class, e);
    assertEquals(BinaryOperator.OR, or.operator());
    Binary and = assertInstanceOf(Binary.class, or.right());
    assertEquals(BinaryOperator.AND, and.operator());
    Expression.Unary not = assertInstanceOf(Expression.Unary.class, and.right());
    Binary eq = assertInstanceOf(Binary.class, not.operand());
    assertEquals(BinaryOperator.EQUALS, eq.operator());
    Binary plus = assertInstanceOf(Binary.class, eq.right());
    assertEquals(BinaryOperator.PLUS, plus.operator());
    assertEquals(BinaryOperator.TIMES, assertInstanceOf(Binary.class, plus.right()).operator());
  }

  @Test
  void predicatesAndSpecialForms() {
    assertInstanceOf(Expression.Between.class, SqlParser.parseExpression("x NOT BETWEEN 1 AND 2"));
    Expression.InList in = assertInstanceOf(Expression.InList.class, SqlParser.parseExpression("x IN (1, 2, 3)"));
    assertEquals(3, in.values().size());
    Expression.Like like = assertInstanceOf(Expression.Like.class, SqlParser.parseExpression("s LIKE 'a%' ESCAPE '!'"));
    assertEquals(new Expression.StringLiteral(new Pos(1, 20), "!"), like.escape());
    assertTrue(assertInstanceOf(Expression.IsNull.class, SqlParser.parseExpression("x IS NOT NULL")).negated());
    Expression.Case c = assertInstanceOf(Expression.Case.class, SqlParser.parseExpression("CASE WHEN a THEN 'x' ELSE 'y' END"));
    assertNull(c.operand());
    Expression.FunctionCall sub = assertInstanceOf(Expression.FunctionCall.class, SqlParser.parseExpression("SUBSTRING(s FROM 2 FOR 3)"));
    assertEquals("SUBSTRING", sub.name().value());
    assertEquals(3, sub.arguments().size());
    Expression.FunctionCall count = assertInstanceOf(Expression.FunctionCall.class, SqlParser.parseExpression("count(DISTINCT bidder) FILTER (WHERE price > 1)"));
    assertTrue(count.distinct());
    assertInstanceOf(Binary.class, count.filter());
    assertTrue(assertInstanceOf(Expression.FunctionCall.class, SqlParser.parseExpression("COUNT(*)")).star());
    assertEquals("it's", ((Expression.StringLiteral) SqlParser.parseExpression("'it''s'")).value());
  }

  @Test
  void identifiersQuotedAndDotted() {
    var q = (Statement.QueryStatement) SqlParser.parseStatement("SELECT `select`, \"Mixed Case\", o.customer.address.city FROM orders AS o");
    var select = (Query.Select) q.query();
    var first = (Expression.Identifier) ((Query.SingleColumn) select.items().get(0)).expression();
    assertEquals("select", first.parts().get(0).value());
    assertTrue(first.parts().get(0).quoted());
    var second = (Expression.Identifier) ((Query.SingleColumn) select.items().get(1)).expression();
    assertEquals("Mixed Case", second.dotted());
    var third = (Expression.Identifier) ((Query.SingleColumn) select.items().get(2)).expression();
    assertEquals("o.customer.address.city", third.dotted());
    assertEquals("o", ((Relation.TableRef) select.from()).alias().value());
  }

  @Test
  void scriptsSplitOnSemicolonsOutsideStringsAndComments() {
    var parsed = SqlParser.parseScriptWithText("-- first\nSELECT ';' FROM a; /* ; */ SHOW STREAMS;;\nDESCRIBE a");
    assertEquals(3, parsed.size());
    assertEquals("SELECT ';' FROM a", parsed.get(0).text());
    assertEquals(new Pos(2, 1), parsed.get(0).statement().pos());
    assertInstanceOf(Statement.Show.class, parsed.get(1).statement());
    assertEquals(new Pos(3, 1), parsed.get(2).statement().pos());
  }

  @Test
  void describeQueryNamesAQueryAndDescribeStillNamesARelation() {
    assertEquals(new Statement.DescribeQuery(new Pos(1, 1), "q1"), SqlParser.parseStatement("DESCRIBE QUERY q1"));
    assertEquals(new Statement.DescribeQuery(new Pos(2, 3), "q-7"), SqlParser.parseStatement("\n  desc query 'q-7';"));
    var relation = assertInstanceOf(Statement.Describe.class, SqlParser.parseStatement("DESCRIBE query"));
    assertEquals("query", relation.name().value());
    RunnelException e = assertThrows(RunnelException.class, () -> SqlParser.parseStatement("DESCRIBE QUERY q1 q2"));
    assertEquals(ErrorCode.SYNTAX_ERROR, e.code());
    assertEquals(new Pos(1, 19), e.pos());
  }

  @Test
  void nexmarkQueriesParse() {
    for (String sql : List.of(
        "SELECT auction, bidder, 0.908 * price as price, dateTime, extra FROM bid",
        "SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0",
        "SELECT auction, bidder, price, channel, CASE WHEN lower(channel) = 'apple' THEN '0' ELSE REGEXP_EXTRACT(url, '(&|^)channel_id=([^&]*)', 2) END AS channel_id FROM bid",
        "SELECT auction, bidder, price, channel, SPLIT_INDEX(url, '/', 3) as dir1 FROM bid",
        "SELECT DATE_FORMAT(dateTime, 'yyyy-MM-dd') as `day`, count(*) AS total_bids, count(*) filter (where price < 10000) AS rank1_bids,"
            + " count(distinct bidder) filter (where price >= 1000000) FROM bid GROUP BY DATE_FORMAT(dateTime, 'yyyy-MM-dd')",
        "SELECT window_start, window_end, COUNT(*) FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND)) GROUP BY window_start, window_end",
        "INSERT INTO discard_sink SELECT auction, price FROM bid WHERE auction = 1007 OR auction = 1020")) {
      SqlParser.parseStatement(sql);
    }
    var tvf = (Query.Select) ((Statement.QueryStatement) SqlParser.parseStatement(
        "SELECT * FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))")).query();
    Relation.TableFunction f = assertInstanceOf(Relation.TableFunction.class, tvf.from());
    assertEquals("TUMBLE", f.function().value());
    assertInstanceOf(Relation.TableArgument.class, f.arguments().get(0));
    assertInstanceOf(Relation.Descriptor.class, f.arguments().get(1));
  }
}
