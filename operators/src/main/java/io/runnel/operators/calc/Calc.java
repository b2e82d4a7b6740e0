package io.runnel.operators.calc;

import io.runnel.operators.api.BaseOperator;
import io.runnel.operators.api.OperatorContext;
import io.runnel.operators.api.Watermark;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.Batches;
import io.runnel.operators.batch.Column;
import io.runnel.operators.expr.EvalContext;
import io.runnel.operators.expr.Expr;
import io.runnel.operators.expr.Evaluator;
import io.runnel.operators.expr.ExprCompiler;
import java.util.ArrayList;
import java.util.List;

/**
 * Filter then projection, stateless. A row passes when the condition is TRUE (not FALSE, not NULL); row
 * kinds pass through unchanged, so a Calc works on updating input as well. Watermarks are forwarded.
 */
public final class Calc extends BaseOperator {
  private final CalcSpec spec;
  private final Evaluator condition; // null: every row passes
  private final Evaluator[] projections;
  /** For each projection that passes an input column on as it is, that column; -1 for the others. */
  private final int[] passedOn;
  private EvalContext evalContext;

  Calc(CalcSpec spec) {
    super(spec.outputSchema());
    this.spec = spec;
    // condition and projections share evaluators: a sub-expression used in both (or twice) runs once a
    // batch, and the projections pick the kept rows of what the condition computed
    List<Expr> all = new ArrayList<>();
    if (spec.condition() != null) {
      all.add(spec.condition());
    }
    all.addAll(spec.projections());
    List<Evaluator> compiled = ExprCompiler.compileAll(all);
    this.condition = spec.condition() == null ? null : compiled.get(0);
    this.projections = compiled.subList(spec.condition() == null ? 0 : 1, compiled.size()).toArray(Evaluator[]::new);
    this.passedOn = spec.projections().stream().mapToInt(e -> e instanceof Expr.InputRef ref ? ref.index() : -1).toArray();
  }

  @Override
  public void open(OperatorContext context) {
    super.open(context);
    this.evalContext = new EvalContext(context.name(), context.errors(), context.clock());
  }

  @Override
  public void processBatch(int input, Batch batch) {
    Batch selected = condition == null ? batch : filter(batch);
    if (selected == null || selected.size() == 0) {
      return;
    }
    Column[] columns = new Column[projections.length];
    boolean[] unread = null;
    for (int i = 0; i < columns.length; i++) {
      columns[i] = projections[i].evaluate(selected, evalContext);
      if (passedOn[i] >= 0 && selected.unread(passedOn[i])) {
        // a column passed on that was not read from the log stays marked so, for error reports
        unread = unread == null ? new boolean[columns.length] : unread;
        unread[i] = true;
      }
    }
    Batch out = selected.withColumns(spec.outputSchema(), columns);
    context.output().emit(unread == null ? out : out.withUnread(unread));
  }

  /** The rows whose condition is TRUE: the batch itself when all are, null when none is. */
  private Batch filter(Batch batch) {
    Column test = condition.evaluate(batch, evalContext);
    int n = batch.size();
    int[] selection = new int[n];
    int count = 0;
    for (int r = 0; r < n; r++) {
      if (!test.isNull(r) && test.getLong(r) != 0) {
        selection[count++] = r;
      }
    }
    if (count == n) {
      return batch;
    }
    return count == 0 ? null : Batches.select(batch, selection, count);
  }

  @Override
  public void processWatermark(Watermark watermark) {
    context.output().emitWatermark(watermark);
  }
}
