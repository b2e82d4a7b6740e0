package io.runnel.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.parser.ast.Expression;
import io.runnel.parser.ast.Expression.Binary;
import io.runnel.parser.ast.Expression.BinaryOperator;
import io.runnel.parser.ast.Pos;
import io.runnel.parser.ast.Query;
import io.runnel.parser.ast.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Statements of any size or depth parse or are refused with a position; none overflows the stack. */
class StatementSizeTest {
  private static final int LIMIT = NestingLimit.MAX_DEPTH;

  private static final String MATCH = "SELECT * FROM t MATCH_RECOGNIZE (PATTERN (";

  /** Each nesting construct, {@code n} levels deep (MATCH_RECOGNIZE's and PATTERN's parentheses are two). */
  private static Map<String, String> nested(int n) {
    return Map.ofEntries(
        Map.entry("row pattern groups", MATCH + "(".repeat(n - 2) + "A+" + ")*".repeat(n - 2) + "))"),
        Map.entry("row pattern exclusions", MATCH + "{- ".repeat(n - 2) + "A" + " -}".repeat(n - 2) + "))"),
        Map.entry("PERMUTE", MATCH + "PERMUTE(A, ".repeat(n - 2) + "B" + ")".repeat(n - 2) + "))"),
        Map.entry("parentheses", "SELECT " + "(".repeat(n) + "1" + ")".repeat(n) + " FROM t"),
        Map.entry("function calls", "SELECT " + "ABS(".repeat(n) + "1" + ")".repeat(n) + " FROM t"),
        Map.entry("CASE", "SELECT " + "CASE WHEN a THEN ".repeat(n) + "1" + " END".repeat(n) + " FROM t"),
        Map.entry("CAST", "SELECT " + "CAST(".repeat(n) + "1" + " AS BIGINT)".repeat(n) + " FROM t"),
        Map.entry("NOT", "SELECT * FROM t WHERE " + "NOT ".repeat(n) + "a"),
        Map.entry("unary minus", "SELECT " + "- ".repeat(n) + "1 FROM t"),
        Map.entry("arithmetic", "SELECT 1" + " + 1".repeat(n) + " FROM t"),
        Map.entry("subqueries", "SELECT * FROM " + "(SELECT * FROM ".repeat(n) + "t" + ")".repeat(n)),
        Map.entry("ROW types", "CREATE STREAM s (a " + "ROW<x ".repeat(n) + "INT" + ">".repeat(n) + ")"));
  }

  @Test
  void nestingUpToTheLimitParses() {
    nested(LIMIT - 1).forEach((what, sql) -> assertNotNull(SqlParser.parseStatement(sql), what));
  }

  @Test
  void nestingPastTheLimitIsRefusedWhereItCrossesTheLimit() {
    nested(LIMIT + 1).forEach((what, sql) -> {
      RunnelException e = assertThrows(RunnelException.class, () -> SqlParser.parseStatement(sql), what);
      assertEquals(ErrorCode.STATEMENT_TOO_COMPLEX, e.code(), what);
      assertNotNull(e.hint(), what);
      assertEquals(1, e.pos().line(), what);
      assertTrue(e.getMessage().startsWith("RUN-1410: line 1:"), what + ": " + e.getMessage());
    });
    RunnelException e = assertThrows(RunnelException.class, () -> SqlParser.parseStatement("SELECT\n  " + "(".repeat(LIMIT + 5) + "1" + ")".repeat(LIMIT + 5)));
    assertEquals(new Pos(2, 3 + LIMIT), e.pos());
  }

  @Test
  void hugeNestingIsRefusedQuickly() {
    String sql = "SELECT " + "(".repeat(50_000) + "1" + ")".repeat(50_000);
    RunnelException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(RunnelException.class, () -> SqlParser.parseStatement(sql)));
    assertEquals(ErrorCode.STATEMENT_TOO_COMPLEX, e.code());
  }

  @Test
  void aLongRowPatternNestsNothing() {
    StringBuilder pattern = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      pattern.append(" A").append(i).append(i % 3 == 0 ? "+" : i % 3 == 1 ? "*?" : "{1,2}");
    }
    var select = (Query.Select) ((Statement.QueryStatement) SqlParser.parseStatement(MATCH + pattern + " | B {- C -}) DEFINE A0 AS a - -b > 1)")).query();
    var match = (io.runnel.parser.ast.Relation.MatchRecognize) select.from();
    var alt = (io.runnel.parser.ast.PatternNode.Alt) match.pattern();
    assertEquals(5000, ((io.runnel.parser.ast.PatternNode.Concat) alt.alternatives().get(0)).terms().size());
  }

  @Test
  void onlyARealPatternClauseEscapesTheOperatorCount() {
    String deep = "1" + " * 1".repeat(LIMIT + 5);
    for (String sql : List.of(
        "SELECT * FROM t MATCH_RECOGNIZE (MEASURES pattern(" + deep + ") AS x PATTERN (A))",
        "SELECT * FROM t MATCH_RECOGNIZE (ORDER BY a, pattern(" + deep + ") PATTERN (A))",
        "SELECT * FROM t MATCH_RECOGNIZE (PATTERN (A) DEFINE A AS RUNNING pattern(" + deep + ") > 0)",
        "SELECT match_recognize(pattern(" + deep + ")) FROM t",
        "SELECT * FROM t WHERE x = match_recognize(pattern(" + deep + "))")) {
      RunnelException e = assertThrows(RunnelException.class, () -> SqlParser.parseStatement(sql), sql);
      assertEquals(ErrorCode.STATEMENT_TOO_COMPLEX, e.code(), sql);
    }
  }

  @Test
  void aLongOrChainIsABalancedTree() {
    StringBuilder sql = new StringBuilder("SELECT * FROM bid WHERE auction = 0");
    for (int i = 1; i < 5000; i++) {
      sql.append(" OR auction = ").append(i);
    }
    var select = (Query.Select) ((Statement.QueryStatement) SqlParser.parseStatement(sql.toString())).query();
    assertEquals(5000, leaves(select.where(), BinaryOperator.OR).size());
    assertTrue(depth(select.where()) <= 15, "depth " + depth(select.where()));
    List<Expression> terms = leaves(select.where(), BinaryOperator.OR);
    assertEquals("4999", ((Expression.NumericLiteral) ((Binary) terms.get(4999)).right()).text());
    assertEquals(new Pos(1, 25), select.where().pos());
  }

  @Test
  void aShortChainNestsToTheLeftAsWritten() {
    Binary or = (Binary) SqlParser.parseExpression("a OR b OR c");
    assertEquals("c", ((Expression.Identifier) or.right()).dotted());
    assertInstanceOf(Binary.class, or.left());
  }

  @Test
  void longConcatenationAndUnionChainsParse() {
    String concat = "SELECT 'a'" + " || 'b'".repeat(5000) + " FROM t";
    var item = (Query.SingleColumn) ((Query.Select) ((Statement.QueryStatement) SqlParser.parseStatement(concat)).query()).items().get(0);
    assertEquals(5001, leaves(item.expression(), BinaryOperator.CONCAT).size());
    assertTrue(depth(item.expression()) <= 15);

    String union = "SELECT a FROM t" + " UNION ALL SELECT a FROM t".repeat(3000) + " UNION SELECT a FROM t" + " UNION ALL SELECT b FROM t".repeat(2);
    Query q = ((Statement.QueryStatement) SqlParser.parseStatement(union)).query();
    assertTrue(unionDepth(q) <= 20, "depth " + unionDepth(q));
    // the plain UNION applies to all rows before it; the two UNION ALLs after it are added to its result
    Query.Union top = (Query.Union) q;
    assertTrue(top.all());
    Query.Union distinct = (Query.Union) ((Query.Union) top.left()).left();
    assertTrue(!distinct.all());
  }

  @Test
  void aOneMegabyteStatementParsesInSeconds() {
    StringBuilder sql = new StringBuilder("SELECT * FROM bid WHERE (price + 1) * 2 > 0 AND (auction = 0");
    for (int i = 1; sql.length() < 1_000_000; i++) {
      sql.append(i % 2 == 0 ? " OR auction = " : " OR name LIKE '%").append(i).append(i % 2 == 0 ? "" : "%'");
    }
    sql.append(")");
    Statement s = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> SqlParser.parseStatement(sql.toString()));
    assertInstanceOf(Statement.QueryStatement.class, s);
  }

  @Test
  void syntaxErrorsStillReadAsBefore() {
    RunnelException e = assertThrows(RunnelException.class, () -> SqlParser.parseStatement("SELECT a FROM t WHERE (a = 1"));
    assertEquals(ErrorCode.SYNTAX_ERROR, e.code());
    assertTrue(e.getMessage().startsWith("RUN-1001: line 1:29: mismatched input '<EOF>'. Expecting: "), e.getMessage());
    assertEquals("The '(' at line 1:23 is not closed.", e.hint());
  }

  @Test
  void statementTextKeepsCharactersOutsideTheBasicPlane() {
    List<SqlParser.ParsedStatement> parsed = SqlParser.parseScriptWithText("SELECT '😀😀' FROM t; SELECT 'é😀' AS x FROM t");
    assertEquals("SELECT '😀😀' FROM t", parsed.get(0).text());
    assertEquals("SELECT 'é😀' AS x FROM t", parsed.get(1).text());
  }

  private static List<Expression> leaves(Expression e, BinaryOperator op) {
    List<Expression> out = new java.util.ArrayList<>();
    java.util.Deque<Expression> todo = new java.util.ArrayDeque<>(List.of(e));
    while (!todo.isEmpty()) {
      Expression x = todo.pop();
      if (x instanceof Binary b && b.operator() == op) {
        todo.push(b.right());
        todo.push(b.left());
      } else {
        out.add(x);
      }
    }
    return out;
  }

  private static int depth(Expression e) {
    return e instanceof Binary b ? 1 + Math.max(depth(b.left()), depth(b.right())) : 0;
  }

  private static int unionDepth(Query q) {
    return q instanceof Query.Union u ? 1 + Math.max(unionDepth(u.left()), unionDepth(u.right())) : 0;
  }
}
