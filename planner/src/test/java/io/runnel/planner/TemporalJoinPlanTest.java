package io.runnel.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code JOIN t FOR SYSTEM_TIME AS OF s.ts}: what it needs of the query and the table, and what EXPLAIN says. */
class TemporalJoinPlanTest extends PlanTestBase {
  @BeforeEach
  void rates() {
    define("CREATE TABLE rates (currency VARCHAR, rate DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts, PRIMARY KEY (currency))");
    define("CREATE STREAM orders (id BIGINT, currency VARCHAR, amount DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)");
  }

  @Test
  void eachOrderSeesTheRateValidAtItsTime() {
    assertEquals(
        """
        Calc(select=[id, (amount * rate) AS converted, ts])  changelog=[I]  rowtime=ts
          +- TemporalJoin(type=inner, on=[currency = currency0], asOf=[ts], version=[ts0], state=[left rows until the watermark passes their ts; per key, the versions from the last one the watermark passed (bounded by the table's keys)], emit=[each left row once the watermark passes its ts], watermark=[held back 1 ms])  changelog=[I]  rowtime=ts
            +- StreamSource(orders, watermark=[ts - INTERVAL '1' SECOND])  changelog=[I]  rowtime=ts
            +- TableSource(rates, watermark=[ts])  changelog=[I]  rowtime=ts
        """,
        explain("SELECT o.id, o.amount * r.rate AS converted, o.ts FROM orders o JOIN rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.currency"));
  }

  @Test
  void aConditionOnTheTableIsTestedOnTheVersionFoundNotPushedBelow() {
    assertEquals(
        """
        Calc(select=[id, rate])  changelog=[I]  rowtime=none
          +- TemporalJoin(type=left, on=[currency = currency0], asOf=[ts], version=[ts0], where=[(rate > 1.0)], state=[left rows until the watermark passes their ts; per key, the versions from the last one the watermark passed (bounded by the table's keys)], emit=[each left row once the watermark passes its ts, padded where no version is valid], watermark=[held back 1 ms])  changelog=[I]  rowtime=ts
            +- StreamSource(orders, watermark=[ts - INTERVAL '1' SECOND])  changelog=[I]  rowtime=ts
            +- TableSource(rates, watermark=[ts])  changelog=[I]  rowtime=ts
        """,
        explain("SELECT o.id, r.rate FROM orders o LEFT JOIN rates FOR SYSTEM_TIME AS OF o.ts r ON r.currency = o.currency AND r.rate > 1.0"));
  }

  @Test
  void theConditionMustNameTheTablesKey() {
    RunnelException e = assertThrows(RunnelException.class, () -> explain("SELECT * FROM orders o JOIN rates FOR SYSTEM_TIME AS OF o.ts r ON o.amount = r.rate"));
    assertEquals(ErrorCode.UNSUPPORTED, e.code());
    assertEquals("A temporal join's condition must equate each column of the table's primary key with a column of the left side, and 'currency' is not", e.reason());
  }

  @Test
  void theTableNeedsAKeyAndAnEventTime() {
    define("CREATE TABLE plain (currency VARCHAR, rate DOUBLE, PRIMARY KEY (currency))");
    RunnelException noTime = assertThrows(RunnelException.class, () -> explain("SELECT * FROM orders o JOIN plain FOR SYSTEM_TIME AS OF o.ts p ON o.currency = p.currency"));
    assertEquals("Table 'plain' has no event time, so its rows have no time from which they are valid", noTime.reason());
    assertEquals(1, noTime.pos().line());
    assertEquals(29, noTime.pos().column());
    RunnelException stream = assertThrows(RunnelException.class, () -> explain("SELECT * FROM orders o JOIN bid FOR SYSTEM_TIME AS OF o.ts b ON o.id = b.auction"));
    assertEquals("FOR SYSTEM_TIME AS OF reads the versions of a table with a primary key, and 'bid' is not one", stream.reason());
  }

  @Test
  void asOfTakesTheStreamsEventTime() {
    define("CREATE STREAM later (id BIGINT, currency VARCHAR, at TIMESTAMP(3))");
    RunnelException e = assertThrows(RunnelException.class, () -> explain("SELECT * FROM later l JOIN rates FOR SYSTEM_TIME AS OF l.at r ON l.currency = r.currency"));
    assertEquals("FOR SYSTEM_TIME AS OF takes the left side's event time or processing time, and 'at' is neither: the left side has no event time", e.reason());
  }

  @Test
  void asOfProcessingTimeLooksUpTheTablesCurrentRowWhichNeedsNoEventTime() {
    define("CREATE TABLE side (k BIGINT, v VARCHAR, PRIMARY KEY (k))");
    assertEquals(
        """
        Calc(select=[auction, price, v])  changelog=[I]  rowtime=none
          +- LookupJoin(type=inner, on=[$f4 = k], state=[the table's current row per key], emit=[each left row as it comes, with the table's row for its key then], reads=[the table to its end first; its time holds nothing back])  changelog=[I]  rowtime=dateTime
            +- Calc(select=[auction, price, dateTime, PROCTIME() AS pt, (auction % 10000) AS $f4])  changelog=[I]  rowtime=dateTime
              +- StreamSource(bid, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
            +- ChangelogNormalize(key=[k], state=latest row per key)  changelog=[I,UB,UA,D]  rowtime=none
              +- TableSource(side)  changelog=[I]  rowtime=none
        """,
        explain("SELECT B.auction, B.price, S.v FROM (SELECT auction, price, dateTime, PROCTIME() AS pt FROM bid) B"
            + " JOIN side FOR SYSTEM_TIME AS OF B.pt AS S ON MOD(B.auction, 10000) = S.k"));
  }

  @Test
  void onlyInnerAndLeftTemporalJoins() {
    RunnelException e = assertThrows(RunnelException.class, () -> explain("SELECT * FROM orders o RIGHT JOIN rates FOR SYSTEM_TIME AS OF o.ts r ON o.currency = r.currency"));
    assertEquals("A temporal join is INNER or LEFT, not RIGHT", e.reason());
  }

  @Test
  void versionsOutsideAJoinAreRefused() {
    RunnelException e = assertThrows(RunnelException.class, () -> explain("SELECT * FROM rates FOR SYSTEM_TIME AS OF TIMESTAMP '2024-01-01 00:00:00'"));
    assertEquals("FOR SYSTEM_TIME AS OF names the table on the right of a JOIN", e.reason());
  }
}
