package io.runnel.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.planner.catalog.RelationDef;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MATCH_RECOGNIZE patterns no match of which is ever decided while rows keep coming are refused over input
 * that does not end; the same patterns run over input that ends, or under WITHIN.
 */
class MatchPlanTest extends PlanTestBase {
  @BeforeEach
  void boundedStreams() {
    define("CREATE STREAM bids_file (auction BIGINT, bidder BIGINT, price BIGINT, dateTime TIMESTAMP(3), WATERMARK FOR dateTime AS dateTime)"
        + " WITH ('connector' = 'file', 'path' = '/tmp/bids.csv', 'format' = 'csv')");
    define("CREATE STREAM bids_some (auction BIGINT, bidder BIGINT, price BIGINT, dateTime TIMESTAMP(3), WATERMARK FOR dateTime AS dateTime)"
        + " WITH ('connector' = 'nexmark', 'events' = '1000')");
    define("CREATE STREAM bids_endless (auction BIGINT, bidder BIGINT, price BIGINT, dateTime TIMESTAMP(3), WATERMARK FOR dateTime AS dateTime)"
        + " WITH ('connector' = 'nexmark')");
  }

  /** {@code SELECT * FROM <from> MATCH_RECOGNIZE (PARTITION BY auction ORDER BY dateTime MEASURES ... <rest>)}. */
  private static String match(String from, String rest) {
    return "SELECT * FROM " + from + " MATCH_RECOGNIZE (PARTITION BY auction ORDER BY dateTime MEASURES MATCH_NUMBER() AS n " + rest + ")";
  }

  private RunnelException refused(String sql) {
    RunnelException e = assertThrows(RunnelException.class, () -> explain(sql), sql);
    assertEquals(ErrorCode.INVALID_ROW_PATTERN, e.code(), e.getMessage());
    return e;
  }

  private RelationDef relation(String name) {
    return (RelationDef) catalog.find(name).orElseThrow();
  }

  private void runs(String sql) {
    assertTrue(explain(sql).contains("MatchRecognize("), sql);
  }

  @Test
  void boundedIsAFileOrANumberOfNexmarkEvents() {
    assertTrue(relation("bids_file").bounded());
    assertTrue(relation("bids_some").bounded());
    assertFalse(relation("bids_endless").bounded());
    assertFalse(relation("bid").bounded()); // rows come by INSERT
    assertFalse(relation("users").bounded());
    assertFalse(RelationDef.materializedView("v", relation("bid").schema(), new RelationDef.View(false, null), "CREATE MATERIALIZED VIEW v AS ...").bounded());
  }

  @Test
  void aGreedyLoopOverAnyRowNeverDecidesAMatchOverAStream() {
    String sql = match("bid", "PATTERN (A+)");
    RunnelException e = refused(sql);
    assertEquals(sql.indexOf("A+") + 1, e.pos().column());
    assertEquals(
        "RUN-1002: line 1:113: No match is ever answered here: A+ takes as many rows as it can, and A, with no DEFINE, takes any row, so every match waits for one more"
            + " row, and stream bid does not end",
        e.getMessage());
    assertEquals("Add WITHIN INTERVAL '1' MINUTE after the PATTERN to bound a match in time, give A a condition in DEFINE, or make the quantifier reluctant: A+?.", e.hint());
  }

  @Test
  void theQuantifierEveryMatchWaitsAtIsNamed() {
    String sql = match("bid", "PATTERN (A B*) DEFINE A AS A.price > 10");
    RunnelException e = refused(sql);
    assertEquals(sql.indexOf("B*") + 1, e.pos().column());
    assertTrue(e.reason().startsWith("No match is ever answered here: B* takes as many rows as it can, and B, with no DEFINE, takes any row"), e.reason());
    assertTrue(e.hint().endsWith("reluctant: B*?."), e.hint());

    sql = match("bid", "PATTERN ((A | B)+ C) DEFINE B AS B.price > 10, C AS C.price < 5");
    e = refused(sql);
    assertEquals(sql.indexOf("(A | B)+") + 1, e.pos().column()); // the group
    assertTrue(e.reason().startsWith("No match is ever answered here: (A | B)+ takes as many rows as it can, and A, with no DEFINE, takes any row"), e.reason());
    assertTrue(e.hint().endsWith("reluctant: (A | B)+?."), e.hint());

    e = refused(match("bid", "PATTERN (S (A B){2,} C) DEFINE S AS S.price > 10, C AS C.price < 5"));
    assertTrue(e.reason().startsWith("No match is ever answered here: (A B){2,} takes as many rows as it can, and A and B, with no DEFINE, take any row"), e.reason());

    e = refused(match("bid", "PATTERN (A*) DEFINE A AS TRUE"));
    assertTrue(e.reason().startsWith("No match is ever answered here: A* takes as many rows as it can, and A, defined as TRUE, takes any row"), e.reason());
  }

  @Test
  void anAlternativeThatNeverDecidesPreferredOverAnotherHoldsThatOneToo() {
    // A+ is tried first and never given up: X's matches are never decided
    RunnelException e = refused(match("bid", "PATTERN (A+ | X) DEFINE X AS X.price > 10"));
    assertTrue(e.reason().startsWith("No match is ever answered here: A+ takes"), e.reason());
    refused(match("bid", "PATTERN ((A+ | X) Y) DEFINE X AS X.price > 10, Y AS Y.price > 10"));
    refused(match("bid", "PATTERN ((() | X) A+) DEFINE X AS X.price > 10"));
  }

  @Test
  void whatSomeMatchesPassWithoutALoopOverAnyRowRuns() {
    runs(match("bid", "PATTERN (X | A+) DEFINE X AS X.price > 10")); // a row X takes is a match
    runs(match("bid", "PATTERN (A+ B) DEFINE A AS A.price > 10")); // B ends it when A fails
    runs(match("bid", "PATTERN (A B* C) DEFINE B AS B.price > 10, C AS C.price < 5"));
    runs(match("bid", "PATTERN (S A* | X) DEFINE S AS S.price > 10, X AS X.price > 10"));
    runs(match("bid", "PATTERN ((S A+ | X) Y) DEFINE S AS S.price > 10, X AS X.price > 10, Y AS Y.price > 10")); // X when S fails
    runs(match("bid", "PATTERN (A? B) DEFINE B AS B.price > 10"));
    runs(match("bid", "PATTERN (A{2,5})"));
    runs(match("bid", "PATTERN ((A B)*) DEFINE B AS B.price > 10"));
  }

  @Test
  void aLoopWhoseBodyMayMatchNoRowOrWantsAnAnchorRuns() {
    // an empty iteration ends the quantifier, by a path preferred over taking A
    runs(match("bid", "PATTERN ((B* | A)+ C*) DEFINE B AS B.price > 10, C AS C.price > 10"));
    runs(match("bid", "PATTERN ((A?)+ C) DEFINE C AS C.price > 10"));
    runs(match("bid", "PATTERN ((A $)+)"));
    runs(match("bid", "PATTERN ((^ A)+)"));
  }

  @Test
  void reluctantQuantifiersRun() {
    runs(match("bid", "PATTERN (A+?)"));
    runs(match("bid", "PATTERN (A*? B) DEFINE B AS B.price > 10"));
    runs(match("bid", "PATTERN (S A{3,}?) DEFINE S AS S.price > 10"));
  }

  @Test
  void withinLetsPartialMatchesExpire() {
    runs(match("bid", "PATTERN (A+) WITHIN INTERVAL '5' SECOND"));
    runs(match("bid", "PATTERN (A B*) WITHIN INTERVAL '1' MINUTE DEFINE A AS A.price > 10"));
  }

  @Test
  void theEndOfABoundedInputDecides() {
    runs(match("bids_file", "PATTERN (A+)"));
    runs(match("bids_some", "PATTERN (A B*) DEFINE A AS A.price > 10"));
    runs(match("(SELECT * FROM bids_file WHERE price > 10)", "PATTERN (A+)"));
  }

  @Test
  void anyInputThatDoesNotEndIsNamed() {
    assertTrue(refused(match("bids_endless", "PATTERN (A+)")).reason().endsWith("and stream bids_endless does not end"));
    assertTrue(refused(match("(SELECT * FROM bid WHERE price > 10)", "PATTERN (A+)")).reason().endsWith("and stream bid does not end"));
  }

  @Test
  void withinTakesZeroOrMore() {
    runs(match("bid", "PATTERN (A B) WITHIN INTERVAL '0' SECOND DEFINE A AS A.price > 10"));
    RunnelException e = refused(match("bid", "PATTERN (A B) WITHIN INTERVAL '-1' SECOND DEFINE A AS A.price > 10"));
    assertEquals("WITHIN takes an interval of zero or more, not -1000 ms", e.reason());
  }
}
