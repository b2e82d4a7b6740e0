package io.runnel.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import org.junit.jupiter.api.Test;

/** {@code IN (SELECT ...)}, {@code EXISTS} and their negations in WHERE, planned as semi and anti joins. */
class SubqueryPlanTest extends PlanTestBase {
  @Test
  void inASubqueryIsASemiJoinOnTheValue() {
    assertEquals(
        """
        Join(type=semi, on=[auction = id], state=[left: every row, never freed (unbounded); right: every row, never freed (unbounded)], emit=[a change per input row])  changelog=[I]  rowtime=none
          +- StreamSource(bid, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
          +- Calc(where=[(category = 10)], select=[id])  changelog=[I]  rowtime=none
            +- StreamSource(auction, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
        """,
        explain("SELECT * FROM bid WHERE auction IN (SELECT id FROM auction WHERE category = 10)"));
  }

  @Test
  void aCorrelatedExistsJoinsOnItsWhereClauseWithTheRestAsAResidual() {
    assertEquals(
        """
        Join(type=semi, on=[auction = id], where=[(seller <> bidder)], state=[left: every row, never freed (unbounded); right: every row, never freed (unbounded)], emit=[a change per input row])  changelog=[I]  rowtime=none
          +- StreamSource(bid, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
          +- Calc(select=[id, seller])  changelog=[I]  rowtime=none
            +- StreamSource(auction, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
        """,
        explain("SELECT * FROM bid B WHERE EXISTS (SELECT * FROM auction A WHERE A.id = B.auction AND A.seller <> B.bidder)"));
  }

  @Test
  void anUnqualifiedNameInASubqueryIsTheSubquerysOwnColumnFirst() {
    // both have dateTime: the subquery's own is meant, so the condition is on auction's columns alone
    assertEquals(
        """
        Join(type=semi, on=[auction = id], state=[left: every row, never freed (unbounded); right: every row, never freed (unbounded)], emit=[a change per input row])  changelog=[I]  rowtime=none
          +- Calc(select=[auction, bidder, price])  changelog=[I]  rowtime=none
            +- StreamSource(bid, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
          +- Calc(where=[(dateTime < expires)], select=[id])  changelog=[I]  rowtime=none
            +- StreamSource(auction, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
        """,
        explain("SELECT auction, bidder, price FROM bid B WHERE EXISTS (SELECT 1 FROM auction A WHERE id = auction AND dateTime < expires)"));
  }

  @Test
  void notExistsIsAnAntiJoinWhoseRowsAreRetractedWhenAMatchArrives() {
    assertEquals(
        """
        Join(type=anti, on=[auction = id], state=[left: every row, never freed (unbounded); right: every row, never freed (unbounded)], emit=[a change per input row, a padded or unmatched row retracted when its first match arrives])  changelog=[I,UB,UA,D]  rowtime=none
          +- StreamSource(bid, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
          +- Calc(select=[id])  changelog=[I]  rowtime=none
            +- StreamSource(auction, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
        """,
        explain("SELECT * FROM bid B WHERE NOT EXISTS (SELECT * FROM auction A WHERE A.id = B.auction)"));
  }

  @Test
  void notInOverNullableColumnsIsAKeyedAntiJoinThenOneAgainstWhetherTheSubqueryHasANull() {
    // a NULL value goes when the subquery has rows; every row goes when it has a NULL: the second join's right
    // side is the subquery's distinct (id IS NULL), two rows at most
    assertEquals(
        """
        Join(type=anti, on=[TRUE], where=[((auction IS NULL) OR has_null)], state=[left: each live row, freed when it is retracted; right: each live row, freed when it is retracted], emit=[a change per input row, a padded or unmatched row retracted when its first match arrives])  changelog=[I,UB,UA,D]  rowtime=none
          +- Join(type=anti, on=[auction = id], state=[left: every row, never freed (unbounded); right: every row, never freed (unbounded)], emit=[a change per input row, a padded or unmatched row retracted when its first match arrives])  changelog=[I,UB,UA,D]  rowtime=none
            +- Calc(where=[(price > 10)], select=[auction, bidder, price, dateTime])  changelog=[I]  rowtime=dateTime
              +- StreamSource(bid, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
            +- Calc(select=[id])  changelog=[I]  rowtime=none
              +- StreamSource(auction, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
          +- GroupAggregate(group=[has_null], select=[], state=[accumulators per group, freed when a group's last row is retracted], emit=[a change per input row])  changelog=[I,UB,UA,D]  rowtime=none
            +- Calc(select=[(id IS NULL) AS has_null])  changelog=[I]  rowtime=none
              +- StreamSource(auction, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
        """,
        explain("SELECT * FROM bid B WHERE price > 10 AND auction NOT IN (SELECT id FROM auction)"));
  }

  @Test
  void aCorrelatedNotInIsKeyedByItsCorrelationWithTheNullAwareConditionBeside() {
    assertEquals(
        """
        Join(type=anti, on=[bidder = seller], where=[((auction IS NULL) OR (id IS NULL) OR (auction = id))], state=[left: every row, never freed (unbounded); right: every row, never freed (unbounded)], emit=[a change per input row, a padded or unmatched row retracted when its first match arrives])  changelog=[I,UB,UA,D]  rowtime=none
          +- Calc(select=[auction, bidder])  changelog=[I]  rowtime=none
            +- StreamSource(bid, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
          +- Calc(select=[id, seller])  changelog=[I]  rowtime=none
            +- StreamSource(auction, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
        """,
        explain("SELECT auction, bidder FROM bid B WHERE auction NOT IN (SELECT id FROM auction A WHERE A.seller = B.bidder)"));
  }

  @Test
  void notInOverColumnsThatCannotBeNullIsAnAntiJoinOnTheValue() {
    define("CREATE STREAM blocked (bidder BIGINT NOT NULL)");
    define("CREATE STREAM accounts (id BIGINT NOT NULL, owner VARCHAR)");
    assertEquals(
        """
        Join(type=anti, on=[id = bidder], state=[left: every row, never freed (unbounded); right: every row, never freed (unbounded)], emit=[a change per input row, a padded or unmatched row retracted when its first match arrives])  changelog=[I,UB,UA,D]  rowtime=none
          +- StreamSource(accounts)  changelog=[I]  rowtime=none
          +- StreamSource(blocked)  changelog=[I]  rowtime=none
        """,
        explain("SELECT * FROM accounts WHERE id NOT IN (SELECT bidder FROM blocked)"));
    // the value NULL-able (a derived column), the subquery's not: a NULL value goes once the subquery has rows
    assertEquals(
        """
        Join(type=anti, on=[TRUE], where=[((bidder IS NULL) OR has_null)], state=[left: each live row, freed when it is retracted; right: each live row, freed when it is retracted], emit=[a change per input row, a padded or unmatched row retracted when its first match arrives])  changelog=[I,UB,UA,D]  rowtime=none
          +- Join(type=anti, on=[bidder = bidder0], state=[left: each live row, freed when it is retracted; right: every row, never freed (unbounded)], emit=[a change per input row, a padded or unmatched row retracted when its first match arrives])  changelog=[I,UB,UA,D]  rowtime=none
            +- Calc(where=[(n > 2)], select=[bidder])  changelog=[I,UB,UA,D]  rowtime=none
              +- GroupAggregate(group=[bidder], select=[COUNT(*) AS n], state=[accumulators per group, freed when a group's last row is retracted], emit=[a change per input row])  changelog=[I,UB,UA,D]  rowtime=none
                +- Calc(where=[(bidder IS NOT NULL)], select=[bidder])  changelog=[I]  rowtime=none
                  +- StreamSource(bid, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
            +- StreamSource(blocked)  changelog=[I]  rowtime=none
          +- Calc(select=[FALSE AS has_null])  changelog=[I,UB,UA,D]  rowtime=none
            +- GroupAggregate(group=[has_null], select=[], state=[accumulators per group, freed when a group's last row is retracted], emit=[a change per input row])  changelog=[I,UB,UA,D]  rowtime=none
              +- Calc(select=[FALSE AS has_null])  changelog=[I]  rowtime=none
                +- StreamSource(blocked)  changelog=[I]  rowtime=none
        """,
        explain("SELECT bidder FROM (SELECT bidder, COUNT(*) AS n FROM bid WHERE bidder IS NOT NULL GROUP BY bidder) WHERE n > 2 AND bidder NOT IN (SELECT bidder FROM blocked)"));
  }

  @Test
  void anAggregatingSubqueryIsPlannedOnItsOwnFirst() {
    assertEquals(
        """
        Join(type=semi, on=[id = seller], state=[left: every row, never freed (unbounded); right: each live row, freed when it is retracted], emit=[a change per input row])  changelog=[I,UB,UA,D]  rowtime=none
          +- StreamSource(person, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
          +- Calc(where=[(EXPR$count > 3)], select=[seller])  changelog=[I,UB,UA,D]  rowtime=none
            +- GroupAggregate(group=[seller], select=[COUNT(*) AS EXPR$count], state=[accumulators per group, freed when a group's last row is retracted], emit=[a change per input row])  changelog=[I,UB,UA,D]  rowtime=none
              +- Calc(select=[seller])  changelog=[I]  rowtime=none
                +- StreamSource(auction, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
        """,
        explain("SELECT * FROM person P WHERE P.id IN (SELECT seller FROM auction GROUP BY seller HAVING COUNT(*) > 3)"));
  }

  @Test
  void aSubqueryOutsideWhereIsRefusedAtItsPosition() {
    RunnelException e = assertThrows(RunnelException.class, () -> explain("SELECT auction IN (SELECT id FROM auction) AS known FROM bid"));
    assertEquals(ErrorCode.UNSUPPORTED, e.code());
    assertEquals("'auction IN (SELECT ...)' is supported only as a condition of WHERE, joined to the others with AND", e.reason());
    assertEquals(8, e.pos().column());
  }

  @Test
  void aSubqueryUnderOrIsRefused() {
    RunnelException e = assertThrows(RunnelException.class, () -> explain("SELECT * FROM bid WHERE price > 10 OR EXISTS (SELECT 1 FROM auction)"));
    assertEquals(ErrorCode.UNSUPPORTED, e.code());
    assertEquals("'EXISTS (SELECT ...)' is supported only as a condition of WHERE, joined to the others with AND", e.reason());
  }

  @Test
  void theSubqueryOfInSelectsOneColumn() {
    RunnelException e = assertThrows(RunnelException.class, () -> explain("SELECT * FROM bid WHERE auction IN (SELECT id, seller FROM auction)"));
    assertEquals(ErrorCode.COLUMN_COUNT_MISMATCH, e.code());
    assertEquals("The subquery of IN must select one column, not 2", e.reason());
  }

  @Test
  void inComparesValuesOfComparableTypesOnly() {
    RunnelException e = assertThrows(RunnelException.class, () -> explain("SELECT * FROM bid WHERE auction IN (SELECT name FROM person)"));
    assertEquals(ErrorCode.TYPE_MISMATCH, e.code());
  }
}
