package io.runnel.planner.logical;

import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.ast.Expression;
import io.runnel.parser.ast.Query;
import io.runnel.planner.validate.ExpressionAnalyzer;
import io.runnel.planner.validate.Scope;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.tools.RelBuilder;

/**
 * {@code VALUES (..), (..)}: every row has the same number of values, each column takes the common type of
 * its values, and every value must fold to a constant.
 */
final class ValuesConverter {
  private final RelBuilder builder;

  ValuesConverter(RelBuilder builder) {
    this.builder = builder;
  }

  void convert(Query.Values values) {
    RexBuilder rex = builder.getRexBuilder();
    ExpressionAnalyzer analyzer = new ExpressionAnalyzer(rex, Scope.empty());
    List<List<RexNode>> rows = new ArrayList<>();
    int width = values.rows().get(0).size();
    for (List<Expression> row : values.rows()) {
      if (row.size() != width) {
        throw RunnelException.user(
            ErrorCode.COLUMN_COUNT_MISMATCH,
            row.isEmpty() ? values.pos() : row.get(0).pos(),
            "VALUES rows must all have " + width + " values, this one has " + row.size());
      }
      List<RexNode> analyzed = new ArrayList<>();
      for (Expression e : row) {
        analyzed.add(analyzer.analyze(e));
      }
      rows.add(analyzed);
    }
    List<String> names = new ArrayList<>();
    List<RelDataType> types = new ArrayList<>();
    for (int c = 0; c < width; c++) {
      List<RexNode> column = new ArrayList<>();
      List<Expression> exprs = new ArrayList<>();
      for (int r = 0; r < rows.size(); r++) {
        column.add(rows.get(r).get(c));
        exprs.add(values.rows().get(r).get(c));
      }
      boolean allNull = column.stream().allMatch(v -> v.getType().getSqlTypeName() == org.apache.calcite.sql.type.SqlTypeName.NULL);
      // a column of NULLs only keeps the NULL type, so that it can go into a column of any type
      types.add(allNull ? column.get(0).getType() : analyzer.commonTypeOf(column, exprs, "VALUES column " + (c + 1)));
      names.add("EXPR$" + c);
    }
    List<List<RexLiteral>> literals = new ArrayList<>();
    for (int r = 0; r < rows.size(); r++) {
      List<RexLiteral> literalRow = new ArrayList<>();
      for (int c = 0; c < width; c++) {
        if (types.get(c).isStruct()) {
          Expression e = values.rows().get(r).get(c);
          throw new RunnelException(
              ErrorCode.UNSUPPORTED, e.pos(), "ROW values in VALUES are not supported yet", "Load nested rows from a JSON file, or insert them with the embedded API.");
        }
        RexNode cast = analyzer.castExactly(rows.get(r).get(c), types.get(c));
        RexNode folded = ConstantFolder.fold(rex, cast);
        if (!(folded instanceof RexLiteral literal)) {
          Expression e = values.rows().get(r).get(c);
          String failure = ConstantFolder.failure(rex, cast);
          if (failure != null) {
            throw RunnelException.user(ErrorCode.INVALID_LITERAL, e.pos(), "Cannot evaluate '" + analyzer.textOf(e) + "': " + failure);
          }
          throw RunnelException.user(
              ErrorCode.INVALID_LITERAL, e.pos(), "VALUES takes constant expressions only; '" + analyzer.textOf(e) + "' could not be evaluated");
        }
        literalRow.add(literal);
      }
      literals.add(literalRow);
    }
    RelDataType rowType = rex.getTypeFactory().createStructType(types, names);
    builder.values(literals, rowType);
  }
}
