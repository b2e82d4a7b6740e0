package io.runnel.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.SqlParser;
import io.runnel.parser.ast.Statement;
import io.runnel.planner.catalog.ViewDef;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node's time attributes: an interval join keeps the time of each side no row of it pads with NULL (both
 * for an inner join), and a window, OVER, MATCH_RECOGNIZE or another join downstream may take any of them.
 */
class TimeAttributesPlanTest extends PlanTestBase {
  static final String BETWEEN = "ON l.k = r.k AND r.ts BETWEEN l.ts - INTERVAL '2' SECOND AND l.ts + INTERVAL '3' SECOND";

  @BeforeEach
  void streams() {
    define("CREATE STREAM ls (k BIGINT, v BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
    define("CREATE STREAM rs (k BIGINT, w BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
    define("CREATE TABLE rates (k BIGINT, rate BIGINT, ts TIMESTAMP(3), PRIMARY KEY (k), WATERMARK FOR ts AS ts)");
    for (String type : new String[] {"inner", "left", "right", "full"}) {
      view(type + "_j", "SELECT l.k, l.v, l.ts AS lts, r.w, r.ts AS rts FROM ls l " + type.toUpperCase() + " JOIN rs r " + BETWEEN);
    }
    // a time computed from the times is no time attribute
    view("later", "SELECT k, v, lts, rts, rts + INTERVAL '1' SECOND AS due FROM inner_j");
  }

  private void view(String name, String sql) {
    var view = (Statement.CreateView) SqlParser.parseStatement("CREATE VIEW " + name + " AS " + sql);
    catalog.add(new ViewDef(name, planner.schemaOf(view.query()), view.query(), "..."));
  }

  private RunnelException refused(String sql) {
    return assertThrows(RunnelException.class, () -> explain(sql));
  }

  private static String tumble(String view, String time) {
    return "SELECT window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE " + view + ", DESCRIPTOR(" + time + "), INTERVAL '10' SECOND)) GROUP BY window_start, window_end";
  }

  @Test
  void anInnerIntervalJoinKeepsBothSidesTimes() {
    assertEquals(
        """
        IntervalJoin(type=inner, on=[k = k0], between=[ts0 BETWEEN ts - 2 s AND ts + 3 s], state=[left rows until the watermark passes ts + 3 s, right rows until it passes ts0 + 2 s (bounded by the interval)], emit=[each match as its second row arrives], watermark=[held back 3001 ms])  changelog=[I]  rowtime=[ts, ts0]
          +- StreamSource(ls, watermark=[ts])  changelog=[I]  rowtime=ts
          +- StreamSource(rs, watermark=[ts])  changelog=[I]  rowtime=ts
        """,
        explain("SELECT * FROM ls l JOIN rs r " + BETWEEN));
  }

  @Test
  void aProjectionKeepsTheTimesItPassesOnInTheirOrder() {
    assertEquals(
        """
        Calc(select=[ts0 AS rts, k, ts AS lts])  changelog=[I]  rowtime=[lts, rts]
          +- IntervalJoin(type=inner, on=[k = k0], between=[ts0 BETWEEN ts - 2 s AND ts + 3 s], state=[left rows until the watermark passes ts + 3 s, right rows until it passes ts0 + 2 s (bounded by the interval)], emit=[each match as its second row arrives], watermark=[held back 3001 ms])  changelog=[I]  rowtime=[ts, ts0]
            +- Calc(select=[k, ts])  changelog=[I]  rowtime=ts
              +- StreamSource(ls, watermark=[ts])  changelog=[I]  rowtime=ts
            +- Calc(select=[k, ts])  changelog=[I]  rowtime=ts
              +- StreamSource(rs, watermark=[ts])  changelog=[I]  rowtime=ts
        """,
        explain("SELECT r.ts AS rts, l.k, l.ts AS lts FROM ls l JOIN rs r " + BETWEEN));
    assertTrue(explain("SELECT k, w, rts FROM inner_j").startsWith("Calc(select=[k, w, ts0 AS rts])  changelog=[I]  rowtime=rts\n"));
  }

  @Test
  void aWindowTakesTheRightSidesTimeAfterAnInnerIntervalJoin() {
    assertEquals(
        """
        Calc(select=[window_start, n])  changelog=[I]  rowtime=none
          +- WindowAggregate(group=[window_start, window_end], select=[COUNT(*) AS n], state=[accumulators per group and window, freed when the watermark passes window_end], emit=[one final row per group when the watermark passes window_end], late=[dropped, counted, written to sys.late])  changelog=[I]  rowtime=none
            +- Calc(select=[window_start, window_end])  changelog=[I]  rowtime=none
              +- WindowTableFunction(TUMBLE(size=10000ms), time=[rts])  changelog=[I]  rowtime=[lts, rts]
                +- Calc(select=[k, v, ts AS lts, w, ts0 AS rts])  changelog=[I]  rowtime=[lts, rts]
                  +- IntervalJoin(type=inner, on=[k = k0], between=[ts0 BETWEEN ts - 2 s AND ts + 3 s], state=[left rows until the watermark passes ts + 3 s, right rows until it passes ts0 + 2 s (bounded by the interval)], emit=[each match as its second row arrives], watermark=[held back 3001 ms])  changelog=[I]  rowtime=[ts, ts0]
                    +- StreamSource(ls, watermark=[ts])  changelog=[I]  rowtime=ts
                    +- StreamSource(rs, watermark=[ts])  changelog=[I]  rowtime=ts
        """,
        explain(tumble("inner_j", "rts")));
    assertTrue(explain(tumble("inner_j", "lts")).contains("WindowTableFunction(TUMBLE(size=10000ms), time=[lts])  changelog=[I]  rowtime=[lts, rts]"));
  }

  @Test
  void aLeftIntervalJoinKeepsTheLeftTimeOnly() {
    assertEquals(
        """
        Calc(select=[k, v, ts AS lts, w, ts0 AS rts])  changelog=[I]  rowtime=lts
          +- IntervalJoin(type=left, on=[k = k0], between=[ts0 BETWEEN ts - 2 s AND ts + 3 s], state=[left rows until the watermark passes ts + 3 s, right rows until it passes ts0 + 2 s (bounded by the interval)], emit=[each match as its second row arrives, an unmatched row emitted padded when it is freed], watermark=[held back 3001 ms])  changelog=[I]  rowtime=ts
            +- StreamSource(ls, watermark=[ts])  changelog=[I]  rowtime=ts
            +- StreamSource(rs, watermark=[ts])  changelog=[I]  rowtime=ts
        """,
        explain("SELECT * FROM left_j"));
    assertTrue(explain(tumble("left_j", "lts")).contains("WindowTableFunction(TUMBLE(size=10000ms), time=[lts])  changelog=[I]  rowtime=lts"));
    RunnelException e = refused(tumble("left_j", "rts"));
    assertEquals(ErrorCode.INVALID_WINDOW, e.code());
    assertEquals("Windows need the input's event-time column, and 'rts' is not one; the input's is 'lts'", e.reason());
    assertEquals(
        "The right side's time is NULL in the rows a LEFT interval join pads (a left row that found no match), so it is no event time after the join: an INNER join keeps both sides' times as event time, a LEFT join the left side's, a RIGHT join the right side's.",
        e.hint());
    assertEquals(1, e.pos().line());
  }

  @Test
  void aRightIntervalJoinKeepsTheRightTimeOnly() {
    assertTrue(explain("SELECT * FROM right_j").startsWith("Calc(select=[k, v, ts AS lts, w, ts0 AS rts])  changelog=[I]  rowtime=rts\n"));
    assertTrue(explain("SELECT * FROM right_j").contains("IntervalJoin(type=right, on=[k = k0], between=[ts0 BETWEEN ts - 2 s AND ts + 3 s]"));
    assertTrue(explain("SELECT * FROM right_j").contains("watermark=[held back 3001 ms])  changelog=[I]  rowtime=ts0\n"));
    assertTrue(explain(tumble("right_j", "rts")).contains("WindowTableFunction(TUMBLE(size=10000ms), time=[rts])  changelog=[I]  rowtime=rts"));
    RunnelException e = refused(tumble("right_j", "lts"));
    assertEquals("Windows need the input's event-time column, and 'lts' is not one; the input's is 'rts'", e.reason());
    assertTrue(e.hint().startsWith("The left side's time is NULL in the rows a RIGHT interval join pads (a right row that found no match)"), e.hint());
  }

  @Test
  void aFullIntervalJoinKeepsNoTime() {
    assertTrue(explain("SELECT * FROM full_j").startsWith("Calc(select=[k, v, ts AS lts, w, ts0 AS rts])  changelog=[I]  rowtime=none\n"));
    RunnelException e = refused(tumble("full_j", "lts"));
    assertEquals("Windows need the input's event-time column, and 'lts' is not one: the input has no event time", e.reason());
    assertTrue(e.hint().startsWith("The left side's time is NULL in the rows a FULL interval join pads (a right row that found no match)"), e.hint());
  }

  @Test
  void aColumnThatIsNoTimeIsRefusedNamingEveryTimeThereIs() {
    RunnelException window = refused(tumble("later", "due"));
    assertEquals(ErrorCode.INVALID_WINDOW, window.code());
    assertEquals("Windows need an event-time column of the input, and 'due' is not one; the input's are 'lts' and 'rts'", window.reason());
    assertEquals("Declare WATERMARK FOR due AS due - INTERVAL '1' SECOND on the stream.", window.hint());
    RunnelException over = refused("SELECT k, COUNT(*) OVER (PARTITION BY k ORDER BY due ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM later");
    assertEquals(ErrorCode.INVALID_WINDOW, over.code());
    assertEquals("OVER windows are ordered by event time, and 'due' is not one of the input's event-time columns; 'lts' and 'rts' are", over.reason());
    RunnelException match = refused("SELECT * FROM later MATCH_RECOGNIZE (PARTITION BY k ORDER BY due MEASURES A.v AS av ONE ROW PER MATCH PATTERN (A) DEFINE A AS A.v > 0)");
    assertEquals("MATCH_RECOGNIZE orders rows by event time first, and 'due' is not one of the input's event-time columns; 'lts' and 'rts' are", match.reason());
    RunnelException temporal = refused("SELECT * FROM later j JOIN rates FOR SYSTEM_TIME AS OF j.due q ON j.k = q.k");
    assertEquals("FOR SYSTEM_TIME AS OF takes the left side's event time or processing time, and 'due' is neither; its event times are 'lts' and 'rts'", temporal.reason());
  }

  @Test
  void anOverWindowTakesTheRightTimeAndKeepsOnlyThat() {
    // a row waits until the watermark passes rts: its lts may be behind the watermark by then
    assertEquals(
        """
        Calc(select=[k, lts, rts, n])  changelog=[I]  rowtime=rts
          +- OverAggregate(partition=[k], order=[rts], ROWS BETWEEN 1 PRECEDING AND CURRENT ROW, select=[COUNT(*) AS n], state=[accumulators and the frame's rows per partition, rows freed as they leave the frame, and rows until the watermark passes them], emit=[each row once the watermark passes its time], late=[dropped, counted, written to sys.late])  changelog=[I]  rowtime=rts
            +- Calc(select=[k, v, ts AS lts, w, ts0 AS rts])  changelog=[I]  rowtime=[lts, rts]
              +- IntervalJoin(type=inner, on=[k = k0], between=[ts0 BETWEEN ts - 2 s AND ts + 3 s], state=[left rows until the watermark passes ts + 3 s, right rows until it passes ts0 + 2 s (bounded by the interval)], emit=[each match as its second row arrives], watermark=[held back 3001 ms])  changelog=[I]  rowtime=[ts, ts0]
                +- StreamSource(ls, watermark=[ts])  changelog=[I]  rowtime=ts
                +- StreamSource(rs, watermark=[ts])  changelog=[I]  rowtime=ts
        """,
        explain("SELECT k, lts, rts, COUNT(*) OVER (PARTITION BY k ORDER BY rts ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS n FROM inner_j"));
  }

  @Test
  void matchRecognizeOrdersByTheRightTime() {
    String plan =
        explain("SELECT * FROM inner_j MATCH_RECOGNIZE (PARTITION BY k ORDER BY rts MEASURES A.w AS aw ONE ROW PER MATCH PATTERN (A B) DEFINE A AS A.w > 0, B AS B.w > A.w)");
    assertTrue(plan.startsWith("MatchRecognize(partition=[k], order=[rts], pattern=[A B]"), plan);
  }

  @Test
  void anotherIntervalJoinMeetsTheRightTime() {
    define("CREATE STREAM ms (k BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
    assertEquals(
        """
        Calc(select=[k, ts])  changelog=[I]  rowtime=ts
          +- IntervalJoin(type=inner, on=[k = k0], between=[ts BETWEEN rts AND rts + 1 s], state=[left rows until the watermark passes rts + 1 s, right rows until it passes ts (bounded by the interval)], emit=[each match as its second row arrives], watermark=[held back 1001 ms])  changelog=[I]  rowtime=[rts, ts]
            +- Calc(select=[k, ts0 AS rts])  changelog=[I]  rowtime=rts
              +- IntervalJoin(type=inner, on=[k = k0], between=[ts0 BETWEEN ts - 2 s AND ts + 3 s], state=[left rows until the watermark passes ts + 3 s, right rows until it passes ts0 + 2 s (bounded by the interval)], emit=[each match as its second row arrives], watermark=[held back 3001 ms])  changelog=[I]  rowtime=[ts, ts0]
                +- Calc(select=[k, ts])  changelog=[I]  rowtime=ts
                  +- StreamSource(ls, watermark=[ts])  changelog=[I]  rowtime=ts
                +- Calc(select=[k, ts])  changelog=[I]  rowtime=ts
                  +- StreamSource(rs, watermark=[ts])  changelog=[I]  rowtime=ts
            +- StreamSource(ms, watermark=[ts])  changelog=[I]  rowtime=ts
        """,
        explain("SELECT j.k, m.ts FROM inner_j j JOIN ms m ON j.k = m.k AND m.ts BETWEEN j.rts AND j.rts + INTERVAL '1' SECOND"));
    // the first join's left time, not met, is not kept: a row may wait in the second join until the watermark passes it
    String both = explain("SELECT j.k, j.lts, m.ts FROM inner_j j JOIN ms m ON j.k = m.k AND m.ts BETWEEN j.rts AND j.rts + INTERVAL '1' SECOND");
    assertTrue(both.startsWith("Calc(select=[k, lts, ts])  changelog=[I]  rowtime=ts\n"), both);
  }

  @Test
  void aTemporalJoinAsOfTheRightTimeKeepsThatTimeOnly() {
    String plan = explain("SELECT j.k, j.rts, q.rate FROM inner_j j JOIN rates FOR SYSTEM_TIME AS OF j.rts q ON j.k = q.k");
    // a row waits until the watermark passes rts: its lts may be behind the watermark by then
    assertTrue(plan.startsWith("Calc(select=[k, rts, rate])  changelog=[I]  rowtime=rts\n  +- TemporalJoin(type=inner, on=[k = k0], asOf=[rts]"), plan);
    assertTrue(plan.lines().anyMatch(l -> l.contains("TemporalJoin(") && l.endsWith("rowtime=rts")), plan);
  }

  @Test
  void aUnionKeepsTheTimesEveryInputHas() {
    String plan = explain("SELECT k, lts, rts FROM inner_j UNION ALL SELECT k, ts, ts FROM ls");
    assertTrue(plan.startsWith("Union(all=true, columns=[k, lts, rts])  changelog=[I]  rowtime=lts\n"), plan);
  }
}
