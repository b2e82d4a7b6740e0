package io.runnel.operators.join;

import static io.runnel.operators.harness.Exprs.BIGINT;
import static io.runnel.operators.harness.Exprs.BOOLEAN;
import static io.runnel.operators.harness.Exprs.TIMESTAMP;
import static io.runnel.operators.harness.Exprs.VARCHAR;
import static io.runnel.operators.harness.Exprs.call;
import static io.runnel.operators.harness.Exprs.lit;
import static io.runnel.operators.harness.Exprs.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.runnel.operators.api.ErrorSink;
import io.runnel.operators.api.LateSink;
import io.runnel.operators.api.Operator;
import io.runnel.operators.api.OperatorContext;
import io.runnel.operators.api.Output;
import io.runnel.operators.api.Watermark;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.batch.RowKind;
import io.runnel.operators.dag.Distribution;
import io.runnel.operators.expr.Expr;
import io.runnel.operators.expr.Function;
import io.runnel.operators.harness.OperatorHarness;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IntervalJoinTest {
  static final Schema LEFT =
      Schema.of(new DataType.Field("k", BIGINT), new DataType.Field("lt", TIMESTAMP), new DataType.Field("l", VARCHAR));
  static final Schema RIGHT =
      Schema.of(new DataType.Field("k", BIGINT), new DataType.Field("rt", TIMESTAMP), new DataType.Field("r", VARCHAR));
  static final Schema BOTH = PairCondition.concat(LEFT, RIGHT);
  static final String END = "WM " + Long.MAX_VALUE;

  /**
   * Right time within [left time - 5, left time + 10]: left rows expire once the watermark passes lt + 10 (at
   * lt + 11: a partner at the watermark's own time may still come), right rows once it passes rt + 5; the
   * watermark is held back 11.
   */
  static IntervalJoinSpec join(JoinType type, long lower, long upper, Expr condition) {
    return new IntervalJoinSpec(type, LEFT, RIGHT, List.of(0), List.of(0), 1, 1, lower, upper, condition, BOTH);
  }

  /**
   * The same input for every type: rows out of order within the watermark, an expiry, a row that comes already
   * expired and matches, a late row that still comes in time to be held, a row already expired that matches
   * nothing, rows with a null key and a null time, and rows of both sides left at the end.
   */
  static OperatorHarness scenario(JoinType type) {
    return OperatorHarness.of(join(type, -5, 10, null), LEFT, RIGHT)
        .batch(0, new Object[] {1L, 100L, "a"}, new Object[] {1L, 90L, "b"})
        .batch(1, new Object[] {1L, 95L, "x"})
        .batch(1, new Object[] {1L, 111L, "y"}, new Object[] {2L, 100L, "z"})
        .state()
        .watermark(101) // b (90 + 10) and x (95 + 5) expire
        .state()
        .batch(0, new Object[] {2L, 90L, "f"}) // expired already (90 + 10), matches z
        .batch(0, new Object[] {1L, 92L, "d"}) // late, held until the watermark passes 102: x, which it would have matched, is gone
        .state()
        .watermark(106) // d and z expire
        .state()
        .watermark(104) // behind: nothing
        .batch(0, new Object[] {3L, 50L, "g"})
        .batch(0, new Object[] {null, 200L, "h"}, new Object[] {1L, null, "i"})
        .batch(0, new Object[] {4L, 103L, "k"}, new Object[] {6L, 103L, "k2"})
        .batch(1, new Object[] {5L, 104L, "m"})
        .state()
        .watermark(Long.MAX_VALUE)
        .state();
  }

  @Test
  void innerJoinFreesStateAsTheWatermarkPasses() {
    scenario(JoinType.INNER)
        .expect(
            "+I[1, 100, a, 1, 95, x]",
            "+I[1, 90, b, 1, 95, x]",
            "STATE 5",
            "WM 90",
            "STATE 3",
            "+I[2, 90, f, 2, 100, z]",
            "STATE 4",
            "WM 95",
            "STATE 2",
            "STATE 5",
            END,
            "STATE 0");
  }

  @Test
  void leftJoinPadsLeftRowsThatExpireUnmatched() {
    scenario(JoinType.LEFT)
        .expect(
            "+I[1, 100, a, 1, 95, x]",
            "+I[1, 90, b, 1, 95, x]",
            "STATE 5",
            "WM 90",
            "STATE 3",
            "+I[2, 90, f, 2, 100, z]",
            "STATE 4",
            "+I[1, 92, d, null, null, null]",
            "WM 95",
            "STATE 2",
            "+I[3, 50, g, null, null, null]",
            "+I[null, 200, h, null, null, null]",
            "+I[1, null, i, null, null, null]",
            "STATE 5",
            "+I[4, 103, k, null, null, null]",
            "+I[6, 103, k2, null, null, null]",
            END,
            "STATE 0");
  }

  @Test
  void rightJoinPadsRightRowsThatExpireUnmatched() {
    scenario(JoinType.RIGHT)
        .expect(
            "+I[1, 100, a, 1, 95, x]",
            "+I[1, 90, b, 1, 95, x]",
            "STATE 5",
            "WM 90",
            "STATE 3",
            // z was matched by f, which was never held
            "+I[2, 90, f, 2, 100, z]",
            "STATE 4",
            "WM 95",
            "STATE 2",
            "STATE 5",
            "+I[null, null, null, 5, 104, m]",
            "+I[null, null, null, 1, 111, y]",
            END,
            "STATE 0");
  }

  @Test
  void fullJoinPadsBothSidesInTheOrderTheyExpire() {
    scenario(JoinType.FULL)
        .expect(
            "+I[1, 100, a, 1, 95, x]",
            "+I[1, 90, b, 1, 95, x]",
            "STATE 5",
            "WM 90",
            "STATE 3",
            "+I[2, 90, f, 2, 100, z]",
            "STATE 4",
            "+I[1, 92, d, null, null, null]",
            "WM 95",
            "STATE 2",
            "+I[3, 50, g, null, null, null]",
            "+I[null, 200, h, null, null, null]",
            "+I[1, null, i, null, null, null]",
            "STATE 5",
            // m expires at 110, k and k2 (in the order they came) at 114, y at 117
            "+I[null, null, null, 5, 104, m]",
            "+I[4, 103, k, null, null, null]",
            "+I[6, 103, k2, null, null, null]",
            "+I[null, null, null, 1, 111, y]",
            END,
            "STATE 0");
  }

  @Test
  void boundsAreInclusiveAndTheWatermarkIsHeldBackByTheLargerOne() {
    // right time within [left time + 2, left time + 7]: held back 8
    OperatorHarness.of(join(JoinType.INNER, 2, 7, null), LEFT, RIGHT)
        .batch(0, new Object[] {1L, 10L, "a"})
        .batch(1, new Object[] {1L, 11L, "w"}, new Object[] {1L, 12L, "x"}, new Object[] {1L, 17L, "y"}, new Object[] {1L, 18L, "z"})
        .watermark(16) // a stays until 18, z until 17; w (11 - 2 + 1), x and y expire
        .state()
        .watermark(13)
        .watermark(18)
        .state()
        .watermark(31)
        .expect("+I[1, 10, a, 1, 12, x]", "+I[1, 10, a, 1, 17, y]", "WM 8", "STATE 2", "WM 10", "STATE 0", "WM 23");
  }

  @Test
  void aNegativeLowerBoundHoldsTheWatermarkBackWhenLarger() {
    OperatorHarness.of(join(JoinType.INNER, -20, 5, null), LEFT, RIGHT)
        .watermark(101)
        .batch(1, new Object[] {1L, 150L, "x"})
        .batch(0, new Object[] {1L, 170L, "a"}) // 150 - 170 = -20: matches
        .watermark(171) // x expires once the watermark passes 170
        .state()
        .expect("WM 80", "+I[1, 170, a, 1, 150, x]", "WM 150", "STATE 1");
  }

  @Test
  void aRowAtTheWatermarksOwnTimeStillMeetsItsPartnerOnTheBound() {
    // right time within [left time, left time + 2000]: x (7000) can meet left rows of 5000 to 7000; with the
    // watermark at 7000 a left row of 7000 may still come, so x is kept until the watermark passes 7000
    OperatorHarness.of(join(JoinType.INNER, 0, 2000, null), LEFT, RIGHT)
        .batch(1, new Object[] {1L, 7000L, "x"})
        .watermark(7000)
        .state()
        .batch(0, new Object[] {1L, 7000L, "a"})
        .watermark(7001)
        .state()
        .expect("WM 4999", "STATE 1", "+I[1, 7000, a, 1, 7000, x]", "WM 5000", "STATE 1");
  }

  @Test
  void theDelayKeepsAHeldRightRowsTimeAheadOfTheWatermark() {
    // right time within [left time - 20, left time + 5]: the left time alone would need the watermark held
    // back 6, the right time needs 21; x, held until the watermark passes 170, meets a left row at 170
    OperatorHarness.of(join(JoinType.INNER, -20, 5, null), LEFT, RIGHT)
        .batch(1, new Object[] {1L, 150L, "x"})
        .watermark(170)
        .batch(0, new Object[] {1L, 170L, "a"})
        .expect("WM 149", "+I[1, 170, a, 1, 150, x]");
  }

  @Test
  void theDelayKeepsAHeldLeftRowsTimeAheadOfTheWatermark() {
    // the mirror image: right time within [left time - 5, left time + 20], a held left row on its upper bound
    OperatorHarness.of(join(JoinType.INNER, -5, 20, null), LEFT, RIGHT)
        .batch(0, new Object[] {1L, 150L, "a"})
        .watermark(170)
        .batch(1, new Object[] {1L, 170L, "x"})
        .expect("WM 149", "+I[1, 150, a, 1, 170, x]");
  }

  /**
   * Both time columns of every row emitted, joined or padded, are above the watermark forwarded before it,
   * for any bounds and join type, when no row comes behind the input watermark: both may be event time
   * downstream ({@link IntervalJoinSpec#minimumDelay}).
   */
  @Test
  void everyRowEmittedIsAheadOfTheOutputWatermarkInBothTimeColumns() {
    for (long seed = 0; seed < 400; seed++) {
      Random random = new Random(seed);
      long lower = random.nextInt(61) - 30;
      long upper = lower + random.nextInt(41);
      JoinType type = JoinType.values()[random.nextInt(4)];
      IntervalJoinSpec spec = join(type, lower, upper, null);
      long[] forwarded = {Long.MIN_VALUE};
      int[] checked = {0};
      String what = "seed " + seed + ", " + type + " [" + lower + ", " + upper + "]";
      Output output =
          new Output() {
            @Override
            public void emit(Batch batch) {
              for (int r = 0; r < batch.size(); r++) {
                for (int column : new int[] {1, LEFT.size() + 1}) {
                  if (!batch.column(column).isNull(r)) {
                    long time = batch.column(column).getLong(r);
                    assertTrue(time > forwarded[0], what + ": " + batch.format(r) + " behind the watermark " + forwarded[0]);
                    checked[0]++;
                  }
                }
              }
            }

            @Override
            public void emitWatermark(Watermark watermark) {
              forwarded[0] = watermark.timestamp();
            }
          };
      ErrorSink errors = (source, reason, row) -> fail(reason);
      LateSink late = (source, rowtime, watermark, row) -> fail("late " + row);
      Operator op = spec.create();
      op.open(new OperatorContext("test", output, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), errors, late));
      long watermark = 0;
      for (int step = 0; step < 60; step++) {
        if (random.nextInt(3) == 0) {
          watermark += random.nextInt(15);
          op.processWatermark(new Watermark(watermark));
          continue;
        }
        int input = random.nextInt(2);
        BatchBuilder b = new BatchBuilder(input == 0 ? LEFT : RIGHT, 4);
        for (int i = random.nextInt(3); i >= 0; i--) {
          // at the watermark's own time or after it: not late
          b.add(RowKind.INSERT, (long) random.nextInt(2), watermark + random.nextInt(40), "r" + step);
        }
        op.processBatch(input, b.build());
      }
      op.processWatermark(Watermark.END);
      assertTrue(checked[0] > 0, what);
    }
  }

  @Test
  void residualConditionFiltersPairsWithinBounds() {
    Expr differentNames = call(Function.NOT_EQUALS, BOOLEAN, ref(2, VARCHAR), ref(5, VARCHAR));
    OperatorHarness.of(join(JoinType.LEFT, 0, 10, differentNames), LEFT, RIGHT)
        .batch(1, new Object[] {1L, 5L, "same"}, new Object[] {1L, 6L, "other"})
        .batch(0, new Object[] {1L, 0L, "same"}, new Object[] {1L, 1L, "other"})
        .watermark(Long.MAX_VALUE)
        .expect("+I[1, 0, same, 1, 6, other]", "+I[1, 1, other, 1, 5, same]", END);
  }

  @Test
  void aConditionThatHoldsForNoPairLeavesLeftRowsToBePadded() {
    Expr never = call(Function.EQUALS, BOOLEAN, ref(2, VARCHAR), lit("never", VARCHAR));
    OperatorHarness.of(join(JoinType.LEFT, 0, 10, never), LEFT, RIGHT)
        .batch(1, new Object[] {1L, 5L, "x"})
        .batch(0, new Object[] {1L, 0L, "a"})
        .watermark(10) // a right row at 10 may still come
        .watermark(11)
        .expect("WM -1", "+I[1, 0, a, null, null, null]", "WM 0");
  }

  @Test
  void updatesAreReportedAndDropped() {
    OperatorHarness.of(join(JoinType.INNER, 0, 10, null), LEFT, RIGHT)
        .batch(1, new Object[] {1L, 5L, "x"})
        .change(0, RowKind.DELETE, 1L, 0L, "a")
        .state()
        .expect("ERROR an interval join takes inserts only, not -D", "STATE 1");
  }

  @Test
  void aLongerWatermarkDelayHoldsTheOutputWatermarkBackFurther() {
    IntervalJoinSpec spec = new IntervalJoinSpec(JoinType.LEFT, LEFT, RIGHT, List.of(0), List.of(0), 1, 1, 0, 0, null, BOTH, 2);
    OperatorHarness.of(spec, LEFT, RIGHT)
        .batch(0, new Object[] {1L, 10L, "a"})
        .watermark(9)
        .watermark(11)
        .expect("WM 7", "+I[1, 10, a, null, null, null]", "WM 9");
    assertThrows(IllegalArgumentException.class, () -> new IntervalJoinSpec(JoinType.LEFT, LEFT, RIGHT, List.of(0), List.of(0), 1, 1, -3, 0, null, BOTH, 2));
  }

  @Test
  void describesItselfAndRejectsSemiAndAntiJoins() {
    Expr cond = call(Function.NOT_EQUALS, BOOLEAN, ref(2, VARCHAR), ref(5, VARCHAR));
    assertEquals(
        "IntervalJoin(type=inner, leftKeys=[0], rightKeys=[0], between=[$1 + -5000, $1 + 0], where=[NOT_EQUALS($2, $5)])",
        join(JoinType.INNER, -5000, 0, cond).describe());
    assertEquals("IntervalJoin(type=full, leftKeys=[0], rightKeys=[0], between=[$1 + 0, $1 + 10])", join(JoinType.FULL, 0, 10, null).describe());
    assertEquals(Distribution.byKeys(List.of(0)), join(JoinType.INNER, 0, 1, null).inputDistribution(1));
    assertEquals(11, join(JoinType.INNER, -10, 3, null).watermarkDelay());
    assertEquals(1, join(JoinType.INNER, 2, -3, null).watermarkDelay());
    assertThrows(IllegalArgumentException.class, () -> join(JoinType.SEMI, 0, 10, null));
    assertThrows(IllegalArgumentException.class, () -> join(JoinType.ANTI, 0, 10, null));
    assertEquals(Long.MAX_VALUE, Watermark.END.timestamp());
  }
}
