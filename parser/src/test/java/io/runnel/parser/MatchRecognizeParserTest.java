package io.runnel.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.parser.ast.Expression;
import io.runnel.parser.ast.Expression.Binary;
import io.runnel.parser.ast.Expression.BinaryOperator;
import io.runnel.parser.ast.Expression.FunctionCall;
import io.runnel.parser.ast.Name;
import io.runnel.parser.ast.PatternNode;
import io.runnel.parser.ast.Pos;
import io.runnel.parser.ast.Query;
import io.runnel.parser.ast.Relation;
import io.runnel.parser.ast.Relation.MatchRecognize;
import io.runnel.parser.ast.Relation.MatchRecognize.AfterMatch;
import io.runnel.parser.ast.Relation.MatchRecognize.RowsPerMatch;
import io.runnel.parser.ast.Relation.MatchRecognize.RowsPerMatchMode;
import io.runnel.parser.ast.Relation.MatchRecognize.SkipTo;
import io.runnel.parser.ast.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MATCH_RECOGNIZE: each clause, the row pattern, the words it adds staying names, and its errors. */
class MatchRecognizeParserTest {
  /** Statements start with this, so that the clauses written after it begin at column 36 of line 1. */
  private static final String FROM_BID = "SELECT * FROM bid MATCH_RECOGNIZE (";

  private static Query.Select select(String sql) {
    return (Query.Select) ((Statement.QueryStatement) SqlParser.parseStatement(sql)).query();
  }

  /** The MATCH_RECOGNIZE of {@code FROM bid MATCH_RECOGNIZE (clauses)}. */
  private static MatchRecognize match(String clauses) {
    return assertInstanceOf(MatchRecognize.class, select(FROM_BID + clauses + ")").from());
  }

  private static PatternNode pattern(String pattern) {
    return match("PATTERN (" + pattern + ")").pattern();
  }

  private static RunnelException error(String sql) {
    return assertThrows(RunnelException.class, () -> SqlParser.parseStatement(sql));
  }

  private static Name name(int line, int column, String value) {
    return new Name(new Pos(line, column), value, false);
  }

  private static Expression.Identifier column(int line, int column, String... parts) {
    List<Name> names = new java.util.ArrayList<>();
    for (int i = 0, c = column; i < parts.length; c += parts[i].length() + 1, i++) {
      names.add(name(line, c, parts[i]));
    }
    return new Expression.Identifier(new Pos(line, column), names);
  }

  // ------------------------------------------------------------ the Nexmark CEP workloads

  /** nexmark-flink's queries-cep q0..q3, as /work/shared/nexmark/queries-cep.sql gives them. */
  private static final String CEP_QUERIES = """
      INSERT INTO nexmark_cep0
      SELECT
          auction, bidder, start_tstamp, bottom_tstamp, end_tstamp
      FROM bid
      MATCH_RECOGNIZE (
          PARTITION BY auction, bidder
          ORDER BY `dateTime`
          MEASURES
              START_ROW.`dateTime` AS start_tstamp,
              LAST(PRICE_DOWN.`dateTime`) AS bottom_tstamp,
              LAST(PRICE_UP.`dateTime`) AS end_tstamp
          ONE ROW PER MATCH
          AFTER MATCH SKIP TO LAST PRICE_UP
          PATTERN (START_ROW PRICE_DOWN+ PRICE_UP)
          DEFINE
              PRICE_DOWN AS
                  (LAST(PRICE_DOWN.price, 1) IS NULL AND PRICE_DOWN.price < START_ROW.price) OR
                      PRICE_DOWN.price < LAST(PRICE_DOWN.price, 1),
              PRICE_UP AS
                  PRICE_UP.price > LAST(PRICE_DOWN.price, 1)
      );

      INSERT INTO nexmark_cep1
      SELECT
          auction, bidder, start_tstamp, end_tstamp, avg_price
      FROM bid
      MATCH_RECOGNIZE(
          PARTITION BY auction, bidder
          ORDER BY `dateTime`
          MEASURES
              FIRST(A.`dateTime`) AS start_tstamp,
              LAST(A.`dateTime`) AS end_tstamp,
              AVG(A.price) AS avg_price
          ONE ROW PER MATCH
          AFTER MATCH SKIP PAST LAST ROW
          PATTERN (A+ B)
          DEFINE
              A AS AVG(A.price) < 10000
      );

      INSERT INTO nexmark_cep2
      SELECT
          auction, bidder, start_tstamp, end_tstamp, avg_price
      FROM bid
      MATCH_RECOGNIZE(
          PARTITION BY auction, bidder
          ORDER BY `dateTime`
          MEASURES
              FIRST(A.`dateTime`) AS start_tstamp,
              LAST(A.`dateTime`) AS end_tstamp,
              AVG(A.price) AS avg_price
          ONE ROW PER MATCH
          AFTER MATCH SKIP TO NEXT ROW
          PATTERN (A+ B)
          DEFINE
              A AS AVG(A.price) < 10000
      );

      INSERT INTO nexmark_cep3
      SELECT
          auction, bidder, drop_time, drop_diff
      FROM bid
      MATCH_RECOGNIZE(
          PARTITION BY auction, bidder
          ORDER BY `dateTime`
          MEASURES
              C.`dateTime` AS drop_time,
              A.price - C.price AS drop_diff
          ONE ROW PER MATCH
          AFTER MATCH SKIP PAST LAST ROW
          PATTERN (A B* C) WITHIN INTERVAL '5' SECOND
          DEFINE
              B AS B.price > A.price - 50,
              C AS C.price < A.price - 50
      );
      """;

  @Test
  void theNexmarkCepWorkloadsParse() {
    List<Statement> statements = SqlParser.parseScript(CEP_QUERIES);
    assertEquals(4, statements.size());
    List<MatchRecognize> matches = statements.stream()
        .map(s -> assertInstanceOf(Statement.Insert.class, s))
        .map(i -> assertInstanceOf(MatchRecognize.class, ((Query.Select) i.query()).from()))
        .toList();
    assertEquals(List.of("START_ROW PRICE_DOWN+ PRICE_UP", "A+ B", "A+ B", "A B* C"), matches.stream().map(m -> m.pattern().toString()).toList());
    assertEquals(
        List.of("AFTER MATCH SKIP TO LAST PRICE_UP", "AFTER MATCH SKIP PAST LAST ROW", "AFTER MATCH SKIP TO NEXT ROW", "AFTER MATCH SKIP PAST LAST ROW"),
        matches.stream().map(m -> m.afterMatch().toString()).toList());
    for (MatchRecognize m : matches) {
      assertEquals("bid", ((Relation.TableRef) m.input()).dotted());
      assertEquals(List.of("auction", "bidder"), m.partitionBy().stream().map(e -> ((Expression.Identifier) e).dotted()).toList());
      Name dateTime = ((Expression.Identifier) m.orderBy().get(0).expression()).parts().get(0);
      assertEquals("dateTime", dateTime.value());
      assertTrue(dateTime.quoted());
      assertEquals(RowsPerMatchMode.ONE_ROW, m.rowsPerMatch().mode());
      assertTrue(m.subsets().isEmpty());
      assertNull(m.alias());
    }

    MatchRecognize cep0 = matches.get(0);
    assertEquals(new Pos(5, 1), cep0.pos());
    assertEquals(List.of("start_tstamp", "bottom_tstamp", "end_tstamp"), cep0.measures().stream().map(x -> x.name().value()).toList());
    assertEquals(
        new Expression.Identifier(new Pos(9, 9), List.of(name(9, 9, "START_ROW"), new Name(new Pos(9, 19), "dateTime", true))),
        cep0.measures().get(0).expression());
    assertEquals(List.of("PRICE_DOWN", "PRICE_UP"), cep0.defines().stream().map(d -> d.variable().value()).toList());
    Binary up = assertInstanceOf(Binary.class, cep0.defines().get(1).condition());
    assertEquals(BinaryOperator.GREATER_THAN, up.operator());
    FunctionCall last = assertInstanceOf(FunctionCall.class, up.right());
    assertEquals("LAST", last.name().value());
    assertEquals(List.of(column(20, 35, "PRICE_DOWN", "price"), new Expression.NumericLiteral(new Pos(20, 53), "1")), last.arguments());

    FunctionCall avg = assertInstanceOf(FunctionCall.class, ((Binary) matches.get(1).defines().get(0).condition()).left());
    assertEquals("AVG", avg.name().value());
    assertEquals(List.of(column(38, 18, "A", "price")), avg.arguments());

    MatchRecognize cep3 = matches.get(3);
    assertNull(matches.get(2).within());
    assertEquals(new MatchRecognize.Within(new Pos(71, 22), new Expression.IntervalLiteral(new Pos(71, 29), "5", "SECOND")), cep3.within());
    Binary drop = assertInstanceOf(Binary.class, cep3.measures().get(1).expression());
    assertEquals(new Binary(new Pos(68, 9), BinaryOperator.MINUS, column(68, 9, "A", "price"), column(68, 19, "C", "price")), drop);
  }

  // ------------------------------------------------------------ clauses

  @Test
  void everyClauseParsesIntoItsNode() {
    MatchRecognize m = assertInstanceOf(MatchRecognize.class, select("""
        SELECT * FROM bid AS b
          MATCH_RECOGNIZE (
            PARTITION BY auction, bidder
            ORDER BY dateTime DESC, price
            MEASURES FIRST(A.price) AS first_price, CLASSIFIER() AS cls, MATCH_NUMBER() AS n
            ALL ROWS PER MATCH OMIT EMPTY MATCHES
            AFTER MATCH SKIP TO FIRST B
            PATTERN (A B+)
            SUBSET U = (A, B), V = (B)
            DEFINE B AS B.price > PREV(B.price)
          ) AS m""").from());
    assertEquals(new Pos(2, 3), m.pos());
    assertEquals(new Relation.TableRef(new Pos(1, 15), List.of(name(1, 15, "bid")), name(1, 22, "b")), m.input());
    assertEquals(List.of(column(3, 18, "auction"), column(3, 27, "bidder")), m.partitionBy());
    assertEquals(
        List.of(new Query.OrderItem(new Pos(4, 14), column(4, 14, "dateTime"), false), new Query.OrderItem(new Pos(4, 29), column(4, 29, "price"), true)),
        m.orderBy());
    assertEquals(List.of("first_price", "cls", "n"), m.measures().stream().map(x -> x.name().value()).toList());
    FunctionCall first = assertInstanceOf(FunctionCall.class, m.measures().get(0).expression());
    assertEquals("FIRST", first.name().value());
    assertEquals(List.of(column(5, 20, "A", "price")), first.arguments());
    FunctionCall classifier = assertInstanceOf(FunctionCall.class, m.measures().get(1).expression());
    assertEquals("CLASSIFIER", classifier.name().value());
    assertTrue(classifier.arguments().isEmpty());
    assertEquals("MATCH_NUMBER", ((FunctionCall) m.measures().get(2).expression()).name().value());
    assertEquals(new RowsPerMatch(new Pos(6, 5), RowsPerMatchMode.ALL_ROWS_OMIT_EMPTY), m.rowsPerMatch());
    assertEquals(new AfterMatch(new Pos(7, 5), SkipTo.FIRST_VARIABLE, name(7, 31, "B")), m.afterMatch());
    assertEquals("A B+", m.pattern().toString());
    assertEquals(
        List.of(
            new MatchRecognize.Subset(new Pos(9, 12), name(9, 12, "U"), List.of(name(9, 17, "A"), name(9, 20, "B"))),
            new MatchRecognize.Subset(new Pos(9, 24), name(9, 24, "V"), List.of(name(9, 29, "B")))),
        m.subsets());
    MatchRecognize.Define define = m.defines().get(0);
    assertEquals(name(10, 12, "B"), define.variable());
    Binary condition = assertInstanceOf(Binary.class, define.condition());
    assertEquals(column(10, 17, "B", "price"), condition.left());
    assertEquals("PREV", ((FunctionCall) condition.right()).name().value());
    assertNull(m.within());
    assertEquals(name(11, 8, "m"), m.alias());
  }

  @Test
  void clausesNotWrittenTakeSqlsDefaults() {
    MatchRecognize m = match("PATTERN (A)");
    Pos at = new Pos(1, 19);
    assertEquals(at, m.pos());
    assertTrue(m.partitionBy().isEmpty());
    assertTrue(m.orderBy().isEmpty());
    assertTrue(m.measures().isEmpty());
    assertEquals(new RowsPerMatch(at, RowsPerMatchMode.ONE_ROW), m.rowsPerMatch());
    assertEquals(new AfterMatch(at, SkipTo.PAST_LAST_ROW, null), m.afterMatch());
    assertTrue(m.subsets().isEmpty());
    assertTrue(m.defines().isEmpty(), "a variable without DEFINE matches any row");
    assertNull(m.within());
    assertNull(m.alias());
  }

  @Test
  void rowsPerMatchTakesEachOfItsForms() {
    assertEquals(RowsPerMatchMode.ONE_ROW, match("ONE ROW PER MATCH PATTERN (A)").rowsPerMatch().mode());
    assertEquals(RowsPerMatchMode.ALL_ROWS_SHOW_EMPTY, match("ALL ROWS PER MATCH PATTERN (A)").rowsPerMatch().mode());
    assertEquals(RowsPerMatchMode.ALL_ROWS_SHOW_EMPTY, match("all rows per match show empty matches PATTERN (A)").rowsPerMatch().mode());
    assertEquals(RowsPerMatchMode.ALL_ROWS_OMIT_EMPTY, match("ALL ROWS PER MATCH OMIT EMPTY MATCHES PATTERN (A)").rowsPerMatch().mode());
    RowsPerMatch unmatched = match("ALL ROWS PER MATCH WITH UNMATCHED ROWS PATTERN (A)").rowsPerMatch();
    assertEquals(new RowsPerMatch(new Pos(1, 36), RowsPerMatchMode.ALL_ROWS_WITH_UNMATCHED), unmatched);
    assertEquals("ALL ROWS PER MATCH WITH UNMATCHED ROWS", unmatched.toString());
    RowsPerMatch timeouts = match("one row per match with timeouts PATTERN (A) WITHIN INTERVAL '1' MINUTE").rowsPerMatch();
    assertEquals(RowsPerMatchMode.ONE_ROW_WITH_TIMEOUTS, timeouts.mode());
    assertEquals("ONE ROW PER MATCH WITH TIMEOUTS", timeouts.toString());
  }

  @Test
  void timeoutsNeedWithin() {
    RunnelException e = assertThrows(RunnelException.class, () -> match("ONE ROW PER MATCH WITH TIMEOUTS PATTERN (A)"));
    assertEquals(ErrorCode.INVALID_ROW_PATTERN, e.code());
    assertEquals(new Pos(1, 36), e.pos());
  }

  @Test
  void afterMatchSkipTakesEachOfItsForms() {
    assertEquals(new AfterMatch(new Pos(1, 36), SkipTo.PAST_LAST_ROW, null), match("AFTER MATCH SKIP PAST LAST ROW PATTERN (A)").afterMatch());
    assertEquals(new AfterMatch(new Pos(1, 36), SkipTo.NEXT_ROW, null), match("AFTER MATCH SKIP TO NEXT ROW PATTERN (A)").afterMatch());
    assertEquals(new AfterMatch(new Pos(1, 36), SkipTo.FIRST_VARIABLE, name(1, 62, "A")), match("AFTER MATCH SKIP TO FIRST A PATTERN (A)").afterMatch());
    assertEquals(new AfterMatch(new Pos(1, 36), SkipTo.LAST_VARIABLE, name(1, 61, "A")), match("AFTER MATCH SKIP TO LAST A PATTERN (A)").afterMatch());
    AfterMatch plain = match("after match skip to A PATTERN (A)").afterMatch();
    assertEquals(new AfterMatch(new Pos(1, 36), SkipTo.LAST_VARIABLE, name(1, 56, "A")), plain, "SKIP TO v is SKIP TO LAST v");
    assertEquals("AFTER MATCH SKIP TO LAST A", plain.toString());
  }

  @Test
  void withinFollowsPatternAsInFlinkOrComesLast() {
    MatchRecognize flink = match("PATTERN (A B*) WITHIN INTERVAL '5' SECOND DEFINE B AS B.price > A.price");
    assertEquals(new MatchRecognize.Within(new Pos(1, 51), new Expression.IntervalLiteral(new Pos(1, 58), "5", "SECOND")), flink.within());
    assertEquals(1, flink.defines().size());
    MatchRecognize last = match("PATTERN (A) DEFINE A AS true WITHIN INTERVAL '2' minute");
    assertEquals(new MatchRecognize.Within(new Pos(1, 65), new Expression.IntervalLiteral(new Pos(1, 72), "2", "MINUTE")), last.within());
    assertEquals(new Pos(1, 63), match("PATTERN (A) SUBSET U = (A) WITHIN INTERVAL '2' MINUTE").within().pos(), "WITHIN last, with no DEFINE");
  }

  @Test
  void matchRecognizeFollowsATableASubqueryATableFunctionOrAJoinedRelation() {
    MatchRecognize aliased = assertInstanceOf(MatchRecognize.class, select("SELECT * FROM bid b MATCH_RECOGNIZE (PATTERN (A)) m").from());
    assertEquals(name(1, 19, "b"), ((Relation.TableRef) aliased.input()).alias());
    assertEquals(name(1, 51, "m"), aliased.alias());

    MatchRecognize sub = assertInstanceOf(MatchRecognize.class, select("SELECT * FROM (SELECT * FROM bid) AS s MATCH_RECOGNIZE (PATTERN (A)) AS m").from());
    assertEquals(name(1, 38, "s"), assertInstanceOf(Relation.Subquery.class, sub.input()).alias());

    MatchRecognize tvf = assertInstanceOf(MatchRecognize.class, select(
        "SELECT * FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND)) MATCH_RECOGNIZE (PATTERN (A))").from());
    assertEquals("TUMBLE", assertInstanceOf(Relation.TableFunction.class, tvf.input()).function().value());

    Relation.Join join = assertInstanceOf(Relation.Join.class, select(
        "SELECT * FROM person p JOIN bid MATCH_RECOGNIZE (PARTITION BY bidder PATTERN (A)) AS m ON p.id = m.bidder").from());
    assertEquals(name(1, 86, "m"), assertInstanceOf(MatchRecognize.class, join.right()).alias());
    assertInstanceOf(Relation.TableRef.class, join.left());

    MatchRecognize qualified = assertInstanceOf(MatchRecognize.class, select("SELECT * FROM sys.errors MATCH_RECOGNIZE (PATTERN (A))").from());
    assertEquals("sys.errors", ((Relation.TableRef) qualified.input()).dotted());
  }

  // ------------------------------------------------------------ expressions in MEASURES and DEFINE

  @Test
  void measuresTakeNavigationAggregatesAndRunningOrFinal() {
    MatchRecognize m = match(
        "MEASURES FINAL LAST(A.price, 2) AS lp, RUNNING COUNT(*) AS c, COUNT(A.*) AS ca, NEXT(A.price) AS np, FINAL COUNT(U.*) AS cu"
            + " PATTERN (A B) SUBSET U = (A, B)");
    Expression.MatchSemantics lp = assertInstanceOf(Expression.MatchSemantics.class, m.measures().get(0).expression());
    assertEquals(new Pos(1, 45), lp.pos());
    assertTrue(lp.isFinal());
    assertEquals("LAST", lp.inner().name().value());
    assertEquals(List.of(column(1, 56, "A", "price"), new Expression.NumericLiteral(new Pos(1, 65), "2")), lp.inner().arguments());

    Expression.MatchSemantics c = assertInstanceOf(Expression.MatchSemantics.class, m.measures().get(1).expression());
    assertFalse(c.isFinal());
    assertTrue(c.inner().star());

    FunctionCall ca = assertInstanceOf(FunctionCall.class, m.measures().get(2).expression());
    assertEquals(List.of(new Expression.VariableStar(new Pos(1, 104), name(1, 104, "A"))), ca.arguments());
    assertFalse(ca.star());

    assertEquals("NEXT", ((FunctionCall) m.measures().get(3).expression()).name().value());
    Expression.MatchSemantics cu = assertInstanceOf(Expression.MatchSemantics.class, m.measures().get(4).expression());
    assertEquals(List.of(new Expression.VariableStar(new Pos(1, 149), name(1, 149, "U"))), cu.inner().arguments());
  }

  @Test
  void defineTakesRunningButNotFinal() {
    MatchRecognize m = match("PATTERN (A+) DEFINE A AS RUNNING SUM(A.price) > 10 AND COUNT(A.*) < 3");
    Binary and = assertInstanceOf(Binary.class, m.defines().get(0).condition());
    Binary sum = assertInstanceOf(Binary.class, and.left());
    Expression.MatchSemantics running = assertInstanceOf(Expression.MatchSemantics.class, sum.left());
    assertFalse(running.isFinal());
    assertEquals("SUM", running.inner().name().value());
    FunctionCall count = (FunctionCall) ((Binary) and.right()).left();
    assertInstanceOf(Expression.VariableStar.class, count.arguments().get(0));

    RunnelException e = error(FROM_BID + "PATTERN (A+) DEFINE A AS FINAL COUNT(*) > 1)");
    assertEquals(ErrorCode.INVALID_MATCH_EXPRESSION, e.code());
    assertEquals(new Pos(1, 61), e.pos());
    assertEquals("FINAL cannot be used in DEFINE", e.reason());
  }

  @Test
  void runningFinalAndVariableStarBelongToMeasuresAndDefine() {
    RunnelException running = error("SELECT RUNNING LAST(price) FROM bid");
    assertEquals(ErrorCode.INVALID_MATCH_EXPRESSION, running.code());
    assertEquals(new Pos(1, 8), running.pos());
    assertEquals("RUNNING applies only in MATCH_RECOGNIZE's MEASURES and DEFINE", running.reason());

    RunnelException partition = error(FROM_BID + "PARTITION BY FINAL LAST(auction) PATTERN (A))");
    assertEquals(ErrorCode.INVALID_MATCH_EXPRESSION, partition.code());
    assertEquals(new Pos(1, 49), partition.pos());

    RunnelException star = error("SELECT COUNT(b.*) FROM bid AS b");
    assertEquals(ErrorCode.INVALID_MATCH_EXPRESSION, star.code());
    assertEquals(new Pos(1, 14), star.pos());
    assertEquals("Write COUNT(*) to count rows.", star.hint());

    RunnelException subquery = error(FROM_BID + "MEASURES EXISTS (SELECT COUNT(x.*) FROM t AS x) AS n PATTERN (A))");
    assertEquals(ErrorCode.INVALID_MATCH_EXPRESSION, subquery.code(), "a subquery is a query of its own");
  }

  // ------------------------------------------------------------ the row pattern

  @Test
  void aQuantifierBindsTighterThanConcatenationWhichBindsTighterThanAlternation() {
    PatternNode.Alt alt = assertInstanceOf(PatternNode.Alt.class, pattern("A B* | C"));
    PatternNode.Concat ab = assertInstanceOf(PatternNode.Concat.class, alt.alternatives().get(0));
    assertEquals(new PatternNode.Var(new Pos(1, 45), name(1, 45, "A")), ab.terms().get(0));
    assertEquals(new PatternNode.Quantified(new Pos(1, 47), new PatternNode.Var(new Pos(1, 47), name(1, 47, "B")), 0, null, false), ab.terms().get(1));
    assertEquals(new PatternNode.Var(new Pos(1, 52), name(1, 52, "C")), alt.alternatives().get(1));
    assertEquals(new Pos(1, 45), alt.pos());

    PatternNode.Quantified group = assertInstanceOf(PatternNode.Quantified.class, pattern("(A | B C)+"));
    assertEquals(new Pos(1, 45), group.pos());
    assertInstanceOf(PatternNode.Alt.class, group.pattern());
    assertEquals("(A | B C)+", group.toString());
    assertEquals("A (B | C) D", pattern("A (B | C) D").toString());
  }

  @Test
  void everyQuantifierGivesItsBoundsGreedyOrReluctant() {
    String[][] cases = {
      {"*", "0", null, "A*"}, {"+", "1", null, "A+"}, {"?", "0", "1", "A?"}, {"{3}", "3", "3", "A{3}"}, {"{2,}", "2", null, "A{2,}"},
      {"{2,5}", "2", "5", "A{2,5}"}, {"{,4}", "0", "4", "A{,4}"}, {"{,}", "0", null, "A*"}, {"{0,}", "0", null, "A*"}, {"{ 1 , 1 }", "1", "1", "A{1}"},
    };
    for (String[] c : cases) {
      for (boolean reluctant : new boolean[] {false, true}) {
        String written = "A" + c[0] + (reluctant ? "?" : "");
        PatternNode.Quantified q = assertInstanceOf(PatternNode.Quantified.class, pattern(written), written);
        assertEquals(Integer.parseInt(c[1]), q.min(), written);
        assertEquals(c[2] == null ? null : Integer.valueOf(c[2]), q.max(), written);
        assertEquals(reluctant, q.reluctant(), written);
        assertEquals(c[3] + (reluctant ? "?" : ""), q.toString(), written);
      }
    }
    assertTrue(((PatternNode.Quantified) pattern("A* ?")).reluctant(), "the reluctant '?' may stand apart");
    PatternNode.Concat two = assertInstanceOf(PatternNode.Concat.class, pattern("A?? B+?"));
    assertEquals("A?? B+?", two.toString());
  }

  @Test
  void permutationAnchorsExclusionAndTheEmptyPattern() {
    PatternNode.Permute permute = assertInstanceOf(PatternNode.Permute.class, pattern("PERMUTE(A, B C, D | E)"));
    assertEquals(new Pos(1, 45), permute.pos());
    assertEquals(3, permute.patterns().size());
    assertEquals("PERMUTE(A, B C, D | E)", permute.toString());

    PatternNode.Concat anchored = assertInstanceOf(PatternNode.Concat.class, pattern("^A+ $"));
    assertEquals(new PatternNode.Start(new Pos(1, 45)), anchored.terms().get(0));
    assertEquals(new PatternNode.End(new Pos(1, 49)), anchored.terms().get(2));
    assertEquals("^ A+ $", anchored.toString());

    PatternNode.Concat excluded = assertInstanceOf(PatternNode.Concat.class, pattern("A {- B+ -} C"));
    PatternNode.Exclude exclude = assertInstanceOf(PatternNode.Exclude.class, excluded.terms().get(1));
    assertEquals(new Pos(1, 47), exclude.pos());
    assertEquals("B+", exclude.pattern().toString());
    assertEquals("A {- B+ -} C", pattern("A{-B+-}C").toString(), "{- and -} need no spaces");

    PatternNode.Alt withEmpty = assertInstanceOf(PatternNode.Alt.class, pattern("A | ()"));
    assertEquals(new PatternNode.Empty(new Pos(1, 49)), withEmpty.alternatives().get(1));
    assertEquals(new PatternNode.Empty(new Pos(1, 46)), pattern("(())"));
    assertEquals("()*", pattern("()*").toString());
  }

  @Test
  void anExclusionIsRefusedWithUnmatchedRows() {
    RunnelException e = error(FROM_BID + "ALL ROWS PER MATCH WITH UNMATCHED ROWS PATTERN (A (B | {- C -})+) DEFINE A AS price > 1)");
    assertEquals(ErrorCode.INVALID_ROW_PATTERN, e.code());
    assertEquals(new Pos(1, 91), e.pos(), "at the exclusion");
    assertEquals("A pattern exclusion {- ... -} cannot be used with ALL ROWS PER MATCH WITH UNMATCHED ROWS", e.reason());
    assertInstanceOf(PatternNode.Concat.class, match("ALL ROWS PER MATCH SHOW EMPTY MATCHES PATTERN (A {- B -})").pattern());
  }

  @Test
  void groupsLeaveNoNodeAndNestedChainsAreFlattened() {
    assertEquals(new PatternNode.Var(new Pos(1, 47), name(1, 47, "A")), pattern("((A))"));
    PatternNode.Concat concat = assertInstanceOf(PatternNode.Concat.class, pattern("A (B C) D"));
    assertEquals(4, concat.terms().size());
    assertEquals("A B C D", concat.toString());
    PatternNode.Alt alt = assertInstanceOf(PatternNode.Alt.class, pattern("(A | B) | C"));
    assertEquals(3, alt.alternatives().size());
    assertEquals("(A+)*", pattern("(A+)*").toString());
  }

  @Test
  void patternVariablesAreNamesAndPermuteBeforeAParenthesisIsAPermutation() {
    PatternNode.Concat names = assertInstanceOf(PatternNode.Concat.class, pattern("\"Up\" `down` first last next permute"));
    assertEquals(
        List.of(new Name(new Pos(1, 45), "Up", true), new Name(new Pos(1, 50), "down", true), name(1, 57, "first"), name(1, 63, "last"),
            name(1, 68, "next"), name(1, 73, "permute")),
        names.terms().stream().map(t -> ((PatternNode.Var) t).name()).toList());
    assertEquals("\"Up\" \"down\" first last next permute", names.toString());
    assertInstanceOf(PatternNode.Permute.class, pattern("permute (a, b)"));
    PatternNode.Concat quoted = assertInstanceOf(PatternNode.Concat.class, pattern("\"permute\" (a)"));
    assertEquals("permute", ((PatternNode.Var) quoted.terms().get(0)).name().value());
  }

  @Test
  void aDollarWrittenAgainstAVariableIsTheEndAnchor() {
    PatternNode.Concat p = assertInstanceOf(PatternNode.Concat.class, pattern("A B$"));
    assertEquals(
        List.of(new PatternNode.Var(new Pos(1, 45), name(1, 45, "A")), new PatternNode.Var(new Pos(1, 47), name(1, 47, "B")), new PatternNode.End(new Pos(1, 48))),
        p.terms());
    assertEquals(new PatternNode.Var(new Pos(1, 45), new Name(new Pos(1, 45), "B$", true)), pattern("\"B$\""), "a quoted name keeps its '$'");

    RunnelException inside = error(FROM_BID + "PATTERN (A$B))");
    assertEquals(ErrorCode.INVALID_ROW_PATTERN, inside.code());
    assertEquals(new Pos(1, 45), inside.pos());
    assertEquals("Pattern variable 'A$B' has a '$' inside its name", inside.reason());
  }

  @Test
  void thePatternTokensLeaveExpressionsAsTheyWere() {
    Query.Select s = select("SELECT a - -b, a-1, x*y, a||b, c -- a comment -}\n FROM t");
    Binary minus = assertInstanceOf(Binary.class, ((Query.SingleColumn) s.items().get(0)).expression());
    assertEquals(BinaryOperator.MINUS, minus.operator());
    assertEquals(Expression.UnaryOperator.MINUS, assertInstanceOf(Expression.Unary.class, minus.right()).operator());
    assertEquals(BinaryOperator.MINUS, ((Binary) ((Query.SingleColumn) s.items().get(1)).expression()).operator());
    assertEquals(BinaryOperator.TIMES, ((Binary) ((Query.SingleColumn) s.items().get(2)).expression()).operator());
    assertEquals(BinaryOperator.CONCAT, ((Binary) ((Query.SingleColumn) s.items().get(3)).expression()).operator());
    assertEquals(5, s.items().size());
    assertEquals("x$1", ((Expression.Identifier) SqlParser.parseExpression("x$1")).dotted(), "'$' stays in names outside patterns");

    for (String[] c : new String[][] {{"SELECT x * ? FROM t", "1:12"}, {"SELECT a | b FROM t", "1:10"}, {"SELECT {a} FROM t", "1:8"}, {"SELECT ^a FROM t", "1:8"},
        {"SELECT a FROM t WHERE $ = 1", "1:23"}}) {
      RunnelException e = error(c[0]);
      assertEquals(ErrorCode.SYNTAX_ERROR, e.code(), c[0]);
      assertEquals("line " + c[1], e.pos().toString(), c[0]);
    }
    assertEquals("Write || to concatenate strings; a single | separates the alternatives of a row pattern.", error("SELECT a | b FROM t").hint());
  }

  // ------------------------------------------------------------ the new words stay names

  @Test
  void theNewWordsStayNamesOfColumnsRelationsAndFunctions() {
    List<String> words = List.of("first", "last", "prev", "next", "measures", "pattern", "define", "within", "running", "final", "skip", "past",
        "subset", "permute", "match_recognize", "one", "per", "match", "matches", "empty", "omit", "unmatched", "after", "classifier");
    Query.Select s = select("SELECT " + String.join(", ", words) + " FROM measures");
    assertEquals(words, s.items().stream().map(i -> ((Expression.Identifier) ((Query.SingleColumn) i).expression()).dotted()).toList());
    assertEquals("measures", ((Relation.TableRef) s.from()).dotted());

    var stream = (Statement.CreateStream) SqlParser.parseStatement("CREATE STREAM pattern (define INT, within BIGINT, final VARCHAR, skip INT)");
    assertEquals("pattern", stream.name().value());
    assertEquals(List.of("define", "within", "final", "skip"), stream.columns().stream().map(c -> c.name().value()).toList());

    Query.Select running = select("SELECT running x, running + 1, final.y, running(1), last(z) FROM t AS match_recognize");
    Query.SingleColumn aliased = (Query.SingleColumn) running.items().get(0);
    assertEquals(column(1, 8, "running"), aliased.expression());
    assertEquals("x", aliased.alias().value());
    assertEquals(BinaryOperator.PLUS, ((Binary) ((Query.SingleColumn) running.items().get(1)).expression()).operator());
    assertEquals("final.y", ((Expression.Identifier) ((Query.SingleColumn) running.items().get(2)).expression()).dotted());
    assertEquals("running", ((FunctionCall) ((Query.SingleColumn) running.items().get(3)).expression()).name().value());
    assertEquals("last", ((FunctionCall) ((Query.SingleColumn) running.items().get(4)).expression()).name().value());
    assertEquals("match_recognize", ((Relation.TableRef) running.from()).alias().value());
    assertEquals("match_recognize", ((Relation.TableRef) select("SELECT * FROM bid match_recognize").from()).alias().value());
    assertEquals("first", ((Query.SingleColumn) select("SELECT x AS first FROM t WHERE pattern = 'a' ORDER BY subset").items().get(0)).alias().value());
  }

  @Test
  void theNewWordsStayNamesInsideMatchRecognize() {
    MatchRecognize m = match("PARTITION BY first ORDER BY last MEASURES pattern.next AS within AFTER MATCH SKIP TO first PATTERN (first define+)"
        + " DEFINE define AS define.match > 0");
    assertEquals(column(1, 49, "first"), m.partitionBy().get(0));
    assertEquals(column(1, 64, "last"), m.orderBy().get(0).expression());
    assertEquals(column(1, 78, "pattern", "next"), m.measures().get(0).expression());
    assertEquals("within", m.measures().get(0).name().value());
    assertEquals(new AfterMatch(new Pos(1, 101), SkipTo.LAST_VARIABLE, name(1, 121, "first")), m.afterMatch());
    assertEquals("first define+", m.pattern().toString());
    assertEquals("define", m.defines().get(0).variable().value());
    assertEquals(SkipTo.LAST_VARIABLE, match("AFTER MATCH SKIP TO next PATTERN (next)").afterMatch().skipTo(), "SKIP TO next: a variable called next");
    assertEquals(name(1, 62, "next"), match("AFTER MATCH SKIP TO FIRST next PATTERN (next)").afterMatch().variable());
  }

  // ------------------------------------------------------------ errors

  @Test
  void anUnbalancedParenthesisInPatternIsNamed() {
    RunnelException open = error(FROM_BID + "PATTERN ((A B) DEFINE A AS price > 1)");
    assertEquals(ErrorCode.SYNTAX_ERROR, open.code());
    assertEquals(new Pos(1, 60), open.pos(), "DEFINE and A read as variables: the error comes at AS");
    assertEquals("The '(' at line 1:44 is not closed.", open.hint());

    RunnelException extra = error(FROM_BID + "PATTERN (A B)) DEFINE A AS price > 1)");
    assertEquals(ErrorCode.SYNTAX_ERROR, extra.code());
    assertEquals(new Pos(1, 58), extra.pos());
    assertEquals("mismatched input 'A'. Expecting: ';', <EOF>", extra.reason());
    assertEquals("The ')' at line 1:49 ends MATCH_RECOGNIZE, so DEFINE reads as its alias: is that ')' one too many?", extra.hint());

    RunnelException empty = error(FROM_BID + "PATTERN ())");
    assertEquals(new Pos(1, 45), empty.pos(), "an empty pattern is written (())");
  }

  @Test
  void aQuantifierWithImpossibleBoundsIsRefusedAtTheBound() {
    Object[][] cases = {
      {"A{5,3}", 46, "Quantifier {5,3} has its lower bound above its upper bound", "Write the smaller bound first: {3,5}."},
      {"A{,0}", 48, "A quantifier's upper bound must be at least 1", null},
      {"A{0}", 47, "A quantifier's upper bound must be at least 1", null},
      {"A{0,0}?", 49, "A quantifier's upper bound must be at least 1", null},
      {"A{-1}", 47, "A quantifier's bound cannot be negative: -1", null},
      {"A{2,-3}", 49, "A quantifier's bound cannot be negative: -3", null},
      {"A{2147483648}", 47, "Quantifier bound 2147483648 is too large", null},
    };
    for (Object[] c : cases) {
      RunnelException e = error(FROM_BID + "PATTERN (" + c[0] + "))");
      assertEquals(ErrorCode.INVALID_ROW_PATTERN, e.code(), (String) c[0]);
      assertEquals(new Pos(1, (int) c[1]), e.pos(), (String) c[0]);
      assertEquals(c[2], e.reason(), (String) c[0]);
      if (c[3] != null) {
        assertEquals(c[3], e.hint());
      }
    }
    assertEquals(Integer.MAX_VALUE, ((PatternNode.Quantified) pattern("A{2147483647}")).min());
  }

  @Test
  void aQuantifierThatCannotBeReadIsASyntaxErrorWithAHint() {
    RunnelException twice = error(FROM_BID + "PATTERN (A**))");
    assertEquals(ErrorCode.SYNTAX_ERROR, twice.code());
    assertEquals(new Pos(1, 47), twice.pos());
    assertTrue(twice.hint().startsWith("A quantifier follows a variable or a parenthesized pattern: write (A*)+"), twice.hint());
    RunnelException braces = error(FROM_BID + "PATTERN (A{2}{3}))");
    assertEquals(new Pos(1, 50), braces.pos());
    assertTrue(braces.hint().startsWith("A quantifier follows"), braces.hint());
    RunnelException decimal = error(FROM_BID + "PATTERN (A{1.5}))");
    assertEquals(new Pos(1, 47), decimal.pos());
    assertTrue(decimal.hint().startsWith("After '{' come a quantifier's bounds, whole numbers"), decimal.hint());
    RunnelException bars = error(FROM_BID + "PATTERN (A || B))");
    assertEquals(new Pos(1, 47), bars.pos());
    assertEquals("'||' leaves an empty alternative between its bars: write A | B.", bars.hint());
  }

  @Test
  void aClauseOutOfOrderOrRepeatedIsRefusedAtTheClause() {
    String order = MatchRecognizeBuilder.ORDER_HINT;
    RunnelException pattern = error(FROM_BID + "DEFINE A AS price > 1 PATTERN (A))");
    assertEquals(ErrorCode.MISPLACED_CLAUSE, pattern.code());
    assertEquals(new Pos(1, 58), pattern.pos());
    assertEquals("PATTERN cannot come after DEFINE", pattern.reason());
    assertEquals(order, pattern.hint());

    RunnelException orderBy = error(FROM_BID + "PARTITION BY a MEASURES A.x AS x\n  ORDER BY b PATTERN (A))");
    assertEquals(new Pos(2, 3), orderBy.pos());
    assertEquals("ORDER BY cannot come after MEASURES", orderBy.reason());

    RunnelException rows = error(FROM_BID + "AFTER MATCH SKIP PAST LAST ROW ALL ROWS PER MATCH PATTERN (A))");
    assertEquals(new Pos(1, 67), rows.pos());
    assertEquals("ALL ROWS PER MATCH cannot come after AFTER MATCH SKIP", rows.reason());

    RunnelException twice = error(FROM_BID + "PATTERN (A) DEFINE A AS price > 1 DEFINE B AS price < 1)");
    assertEquals(ErrorCode.MISPLACED_CLAUSE, twice.code());
    assertEquals(new Pos(1, 70), twice.pos());
    assertEquals("MATCH_RECOGNIZE has a second DEFINE clause; the first is at line 1:48", twice.reason());

    RunnelException rowsTwice = error(FROM_BID + "ONE ROW PER MATCH ALL ROWS PER MATCH PATTERN (A))");
    assertEquals(new Pos(1, 54), rowsTwice.pos());
    assertEquals("MATCH_RECOGNIZE has a second rows per match clause; the first is at line 1:36", rowsTwice.reason());
    assertEquals(order, rowsTwice.hint());
  }

  @Test
  void withinComesRightAfterPatternOrLastAndOnlyOnce() {
    RunnelException between = error(FROM_BID + "PATTERN (A) SUBSET U = (A) WITHIN INTERVAL '1' SECOND DEFINE A AS true)");
    assertEquals(ErrorCode.MISPLACED_CLAUSE, between.code());
    assertEquals(new Pos(1, 63), between.pos());
    assertEquals("WITHIN must come right after PATTERN, or last", between.reason());
    RunnelException first = error(FROM_BID + "WITHIN INTERVAL '1' SECOND PATTERN (A))");
    assertEquals(new Pos(1, 36), first.pos());
    RunnelException twice = error(FROM_BID + "PATTERN (A) WITHIN INTERVAL '1' SECOND DEFINE A AS true WITHIN INTERVAL '2' SECOND)");
    assertEquals(new Pos(1, 92), twice.pos());
    assertEquals("MATCH_RECOGNIZE has a second WITHIN clause; the first is at line 1:48", twice.reason());
  }

  @Test
  void aMissingPatternIsNamedWhereItBelongs() {
    RunnelException beforeDefine = error(FROM_BID + "ORDER BY dateTime DEFINE A AS price > 1)");
    assertEquals(ErrorCode.MISPLACED_CLAUSE, beforeDefine.code());
    assertEquals(new Pos(1, 54), beforeDefine.pos());
    assertEquals("MATCH_RECOGNIZE has no PATTERN", beforeDefine.reason());
    assertTrue(beforeDefine.hint().startsWith("Write PATTERN (...) after AFTER MATCH SKIP and before SUBSET and DEFINE"), beforeDefine.hint());
    RunnelException none = error(FROM_BID + "PARTITION BY auction)");
    assertEquals(new Pos(1, 56), none.pos(), "at the closing parenthesis");
    RunnelException empty = error(FROM_BID + ")");
    assertEquals(new Pos(1, 36), empty.pos());
  }

  @Test
  void aMissingAsOrParenthesisIsASyntaxErrorAtItsPlace() {
    RunnelException define = error(FROM_BID + "PATTERN (A) DEFINE A price > 1)");
    assertEquals(ErrorCode.SYNTAX_ERROR, define.code());
    assertEquals(new Pos(1, 57), define.pos());
    assertEquals("mismatched input 'price'. Expecting: 'AS'", define.reason());

    RunnelException measure = error(FROM_BID + "MEASURES A.price PATTERN (A))");
    assertEquals(new Pos(1, 53), measure.pos());
    assertEquals("mismatched input 'PATTERN'. Expecting: 'AS'", measure.reason());

    RunnelException noParens = error("SELECT * FROM bid MATCH_RECOGNIZE PATTERN (A)");
    assertEquals(new Pos(1, 35), noParens.pos());
    assertTrue(noParens.hint().startsWith("MATCH_RECOGNIZE takes its clauses in parentheses"), noParens.hint());

    RunnelException patternParens = error(FROM_BID + "PATTERN A)");
    assertEquals(new Pos(1, 44), patternParens.pos());
    assertEquals("mismatched input 'A'. Expecting: '('", patternParens.reason());

    RunnelException skip = error(FROM_BID + "PATTERN (A) AFTER MATCH SKIP TO)");
    assertEquals(new Pos(1, 67), skip.pos(), "AFTER MATCH after PATTERN is refused only once it reads");
    assertEquals("mismatched input ')'. Expecting: <identifier>", skip.reason());

    RunnelException unclosed = error(FROM_BID + "PATTERN (A B)");
    assertEquals(new Pos(1, 49), unclosed.pos());
    assertEquals("The '(' at line 1:35 is not closed.", unclosed.hint());
  }
}
