package io.runnel.parser;

import io.runnel.grammar.RunnelBaseVisitor;
import io.runnel.grammar.RunnelParser;
import io.runnel.grammar.RunnelParser.*;
import io.runnel.parser.ast.Expression;
import io.runnel.parser.ast.Name;
import io.runnel.parser.ast.Node;
import io.runnel.parser.ast.Pos;
import io.runnel.parser.ast.Query;
import io.runnel.parser.ast.Relation;
import io.runnel.parser.ast.Statement;
import io.runnel.parser.ast.TypeSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/** Builds the AST from ANTLR's parse tree; every node gets the position of its first token. */
final class AstBuilder extends RunnelBaseVisitor<Object> {

  /**
   * The part of MATCH_RECOGNIZE whose expressions are being built: RUNNING, FINAL and {@code v.*} have a
   * meaning only in its MEASURES and DEFINE.
   */
  enum MatchPart {
    NONE,
    MEASURES,
    DEFINE
  }

  private MatchPart matchPart = MatchPart.NONE;

  /** {@code build}'s result, its expressions built as part of {@code part}. */
  <T> T in(MatchPart part, Supplier<T> build) {
    MatchPart outer = matchPart;
    matchPart = part;
    try {
      return build.get();
    } finally {
      matchPart = outer;
    }
  }

  static Pos pos(Token t) {
    return new Pos(t.getLine(), t.getCharPositionInLine() + 1);
  }

  static Pos pos(ParserRuleContext ctx) {
    return pos(ctx.getStart());
  }

  Statement statement(StatementContext ctx) {
    return (Statement) visit(ctx);
  }

  Expression expr(ParserRuleContext ctx) {
    return ctx == null ? null : (Expression) visit(ctx);
  }

  List<Expression> exprs(List<? extends ParserRuleContext> list) {
    List<Expression> out = new ArrayList<>();
    for (ParserRuleContext c : list) {
      out.add(expr(c));
    }
    return out;
  }

  Query query(QueryContext ctx) {
    return (Query) visit(ctx);
  }

  Name name(IdentifierContext ctx) {
    return ctx == null ? null : (Name) visit(ctx);
  }

  List<Name> names(List<IdentifierContext> list) {
    List<Name> out = new ArrayList<>();
    for (IdentifierContext c : list) {
      out.add(name(c));
    }
    return out;
  }

  // ------------------------------------------------------------ statements

  @Override
  public Object visitCreateStream(CreateStreamContext ctx) {
    Elements e = elements(ctx.tableElement());
    if (!e.primaryKey.isEmpty()) {
      throw new RunnelException(
          ErrorCode.SYNTAX_ERROR, e.primaryKeyPos, "A stream has no PRIMARY KEY", "Use CREATE TABLE for a keyed changelog.");
    }
    return new Statement.CreateStream(pos(ctx), name(ctx.identifier()), e.columns, e.watermark, properties(ctx.withClause()), ctx.EXISTS() != null);
  }

  @Override
  public Object visitCreateTable(CreateTableContext ctx) {
    Elements e = elements(ctx.tableElement());
    return new Statement.CreateTable(pos(ctx), name(ctx.identifier()), e.columns, e.primaryKey, e.watermark, properties(ctx.withClause()), ctx.EXISTS() != null);
  }

  private static final class Elements {
    final List<Statement.ColumnDef> columns = new ArrayList<>();
    final List<Name> primaryKey = new ArrayList<>();
    Pos primaryKeyPos;
    Statement.WatermarkDef watermark;
  }

  private Elements elements(List<TableElementContext> list) {
    Elements e = new Elements();
    for (TableElementContext element : list) {
      if (element instanceof ColumnDefinitionContext c) {
        e.columns.add(new Statement.ColumnDef(pos(c), name(c.identifier()), type(c.type())));
      } else if (element instanceof WatermarkDefinitionContext w) {
        if (e.watermark != null) {
          throw RunnelException.user(ErrorCode.SYNTAX_ERROR, pos(w), "Only one WATERMARK may be declared");
        }
        e.watermark = new Statement.WatermarkDef(pos(w), name(w.identifier()), expr(w.expression()));
      } else if (element instanceof PrimaryKeyDefinitionContext k) {
        if (e.primaryKeyPos != null) {
          throw RunnelException.user(ErrorCode.SYNTAX_ERROR, pos(k), "Only one PRIMARY KEY may be declared");
        }
        e.primaryKeyPos = pos(k);
        e.primaryKey.addAll(names(k.identifier()));
      }
    }
    return e;
  }

  private List<Statement.Property> properties(WithClauseContext ctx) {
    List<Statement.Property> out = new ArrayList<>();
    if (ctx != null) {
      for (PropertyContext p : ctx.property()) {
        out.add(new Statement.Property(pos(p), unquote(p.key), unquote(p.value)));
      }
    }
    return out;
  }

  @Override
  public Object visitCreateView(CreateViewContext ctx) {
    return new Statement.CreateView(pos(ctx), name(ctx.identifier()), query(ctx.query()), ctx.EXISTS() != null);
  }

  @Override
  public Object visitCreateMaterializedView(CreateMaterializedViewContext ctx) {
    if (ctx.REPLACE() != null && ctx.EXISTS() != null) {
      throw new RunnelException(
          ErrorCode.SYNTAX_ERROR, pos(ctx.EXISTS().getSymbol()), "OR REPLACE and IF NOT EXISTS cannot be used together", "Keep the one you mean: replace the view, or keep the one there is.");
    }
    return new Statement.CreateMaterializedView(pos(ctx), name(ctx.identifier()), query(ctx.query()), ctx.REPLACE() != null, ctx.EXISTS() != null);
  }

  @Override
  public Object visitCreateFunction(CreateFunctionContext ctx) {
    return new Statement.CreateFunction(pos(ctx), name(ctx.identifier()), unquote(ctx.className), ctx.EXISTS() != null);
  }

  @Override
  public Object visitDrop(DropContext ctx) {
    Statement.ObjectKind kind = Statement.ObjectKind.valueOf(ctx.kind.getText().toUpperCase(Locale.ROOT));
    if (ctx.MATERIALIZED() != null) {
      if (kind != Statement.ObjectKind.VIEW) {
        throw new RunnelException(ErrorCode.SYNTAX_ERROR, pos(ctx.kind), "Only a view is materialized", "Write DROP MATERIALIZED VIEW, or DROP " + kind.sql() + ".");
      }
      kind = Statement.ObjectKind.MATERIALIZED_VIEW;
    }
    // a qualified name is one dotted name: the system streams are sys.errors and sys.late
    List<Name> parts = names(ctx.qualifiedName().identifier());
    Name name = parts.size() == 1 ? parts.get(0) : new Name(parts.get(0).pos(), String.join(".", parts.stream().map(Name::value).toList()), true);
    return new Statement.Drop(pos(ctx), kind, name, ctx.EXISTS() != null);
  }

  @Override
  public Object visitShow(ShowContext ctx) {
    return new Statement.Show(pos(ctx), Statement.ShowKind.valueOf(ctx.what.getText().toUpperCase(Locale.ROOT)));
  }

  @Override
  public Object visitDescribeQuery(DescribeQueryContext ctx) {
    String id = ctx.identifier() != null ? name(ctx.identifier()).value() : unquote(ctx.string());
    return new Statement.DescribeQuery(pos(ctx), id);
  }

  @Override
  public Object visitDescribe(DescribeContext ctx) {
    return new Statement.Describe(pos(ctx), name(ctx.identifier()));
  }

  @Override
  public Object visitInsert(InsertContext ctx) {
    List<IdentifierContext> ids = ctx.identifier();
    if (ctx.WATERMARK() != null) {
      return new Statement.InsertWatermark(pos(ctx), name(ids.get(0)), pos(ctx.string()), unquote(ctx.string()));
    }
    return new Statement.Insert(pos(ctx), name(ids.get(0)), names(ids.subList(1, ids.size())), query(ctx.query()));
  }

  @Override
  public Object visitExplain(ExplainContext ctx) {
    return new Statement.Explain(pos(ctx), statement(ctx.statement()));
  }

  @Override
  public Object visitSet(SetContext ctx) {
    return new Statement.Set(pos(ctx), unquote(ctx.key), unquote(ctx.value));
  }

  @Override
  public Object visitReset(ResetContext ctx) {
    return new Statement.Set(pos(ctx), ctx.key == null ? null : unquote(ctx.key), null);
  }

  @Override
  public Object visitTerminate(TerminateContext ctx) {
    String id = ctx.identifier() != null ? name(ctx.identifier()).value() : unquote(ctx.string());
    return new Statement.Terminate(pos(ctx), id);
  }

  @Override
  public Object visitCheckpoint(CheckpointContext ctx) {
    String id = ctx.identifier() != null ? name(ctx.identifier()).value() : ctx.string() != null ? unquote(ctx.string()) : null;
    return new Statement.Checkpoint(pos(ctx), id);
  }

  @Override
  public Object visitCreateUser(CreateUserContext ctx) {
    return new Statement.CreateUser(pos(ctx), name(ctx.identifier()), rights(ctx.userRight()));
  }

  @Override
  public Object visitDropUser(DropUserContext ctx) {
    return new Statement.DropUser(pos(ctx), name(ctx.identifier()), ctx.EXISTS() != null);
  }

  @Override
  public Object visitGrant(GrantContext ctx) {
    return new Statement.Grant(pos(ctx), rights(ctx.userRight()), name(ctx.identifier()));
  }

  @Override
  public Object visitRevoke(RevokeContext ctx) {
    return new Statement.Revoke(pos(ctx), rights(ctx.userRight()), name(ctx.identifier()));
  }

  @Override
  public Object visitShowUsers(ShowUsersContext ctx) {
    return new Statement.ShowUsers(pos(ctx));
  }

  /** The rights named, each one of {@link Statement.UserRight}; another name is refused at its position. */
  private List<Statement.UserRight> rights(List<UserRightContext> list) {
    List<String> labels = Arrays.stream(Statement.UserRight.values()).map(Statement.UserRight::label).toList();
    List<Statement.UserRight> out = new ArrayList<>();
    for (UserRightContext r : list) {
      Name name = name(r.identifier());
      int i = labels.indexOf(name.value().toLowerCase(Locale.ROOT));
      if (i < 0) {
        String closest = Suggestions.closest(name.value(), labels);
        throw new RunnelException(
            ErrorCode.UNKNOWN_RIGHT,
            pos(r),
            "No right '" + name.value() + "'",
            (closest == null ? "" : "Did you mean " + closest + "? ") + "The rights are " + String.join(", ", labels) + ".");
      }
      out.add(Statement.UserRight.values()[i]);
    }
    return out;
  }

  @Override
  public Object visitQueryStatement(QueryStatementContext ctx) {
    return new Statement.QueryStatement(pos(ctx), query(ctx.query()));
  }

  // ------------------------------------------------------------ types

  TypeSpec type(TypeContext ctx) {
    return (TypeSpec) visit(ctx);
  }

  @Override
  public Object visitRowType(RowTypeContext ctx) {
    List<TypeSpec.RowField> fields = new ArrayList<>();
    for (RowFieldContext f : ctx.rowField()) {
      fields.add(new TypeSpec.RowField(name(f.identifier()), type(f.type())));
    }
    return new TypeSpec(pos(ctx), "ROW", List.of(), fields, ctx.notNull() != null);
  }

  @Override
  public Object visitLocalZonedTimestampType(LocalZonedTimestampTypeContext ctx) {
    List<Integer> p = ctx.INTEGER_VALUE() == null ? List.of() : List.of(integer(ctx.INTEGER_VALUE().getSymbol()));
    return new TypeSpec(pos(ctx), "TIMESTAMP_LTZ", p, List.of(), ctx.notNull() != null);
  }

  @Override
  public Object visitDoublePrecisionType(DoublePrecisionTypeContext ctx) {
    return new TypeSpec(pos(ctx), "DOUBLE", List.of(), List.of(), ctx.notNull() != null);
  }

  @Override
  public Object visitSimpleType(SimpleTypeContext ctx) {
    List<Integer> params = new ArrayList<>();
    for (var t : ctx.INTEGER_VALUE()) {
      params.add(integer(t.getSymbol()));
    }
    String name = ctx.typeName().getText().toUpperCase(Locale.ROOT);
    if (name.startsWith("`") || name.startsWith("\"")) {
      name = name.substring(1, name.length() - 1);
    }
    return new TypeSpec(pos(ctx), name, params, List.of(), ctx.notNull() != null);
  }

  private static int integer(Token t) {
    try {
      return Integer.parseInt(t.getText());
    } catch (NumberFormatException e) {
      throw RunnelException.user(ErrorCode.SYNTAX_ERROR, pos(t), "Number " + t.getText() + " is too large here");
    }
  }

  // ------------------------------------------------------------ queries

  @Override
  public Object visitQueryTermDefault(QueryTermDefaultContext ctx) {
    return visit(ctx.queryTerm());
  }

  /**
   * A chain {@code q1 UNION [ALL] q2 UNION [ALL] q3 ...} is read without recursing along it. A short chain
   * nests to the left as written; a long one is split into runs of one kind of UNION, each a balanced
   * tree of UNION ALL (a run of plain UNIONs under one DISTINCT union at its top, the same rows), so
   * that every later stage recurses only logarithmically deep.
   */
  @Override
  public Object visitUnion(UnionContext ctx) {
    List<ParserRuleContext> terms = new ArrayList<>();
    List<UnionContext> unions = new ArrayList<>();
    QueryContext q = ctx;
    while (q instanceof UnionContext u) {
      terms.add(u.right);
      unions.add(u);
      q = u.left;
    }
    terms.add(q);
    java.util.Collections.reverse(terms);
    java.util.Collections.reverse(unions);
    List<Query> queries = new ArrayList<>();
    for (ParserRuleContext t : terms) {
      queries.add((Query) visit(t));
    }
    if (queries.size() <= Chains.BALANCE_FROM) {
      Query out = queries.get(0);
      for (int i = 0; i < unions.size(); i++) {
        out = new Query.Union(pos(unions.get(i)), out, queries.get(i + 1), unions.get(i).ALL() != null);
      }
      return out;
    }
    Query out = queries.get(0);
    int i = 0;
    while (i < unions.size()) {
      boolean all = unions.get(i).ALL() != null;
      int end = i;
      while (end < unions.size() && (unions.get(end).ALL() != null) == all) {
        end++;
      }
      List<Query> run = new ArrayList<>();
      run.add(out);
      run.addAll(queries.subList(i + 1, end + 1));
      Query tree = Chains.balanced(run, (l, r) -> new Query.Union(l.pos(), l, r, true));
      out = all ? tree : new Query.Union(tree.pos(), ((Query.Union) tree).left(), ((Query.Union) tree).right(), false);
      i = end;
    }
    return out;
  }

  @Override
  public Object visitSelectQuery(SelectQueryContext ctx) {
    return visit(ctx.querySpecification());
  }

  @Override
  public Object visitParenthesizedQuery(ParenthesizedQueryContext ctx) {
    return query(ctx.query());
  }

  @Override
  public Object visitValuesQuery(ValuesQueryContext ctx) {
    List<List<Expression>> rows = new ArrayList<>();
    for (ValuesRowContext row : ctx.valuesRow()) {
      rows.add(exprs(row.expression()));
    }
    return new Query.Values(pos(ctx), rows);
  }

  @Override
  public Object visitQuerySpecification(QuerySpecificationContext ctx) {
    // a subquery inside MEASURES or DEFINE is a query of its own
    return in(MatchPart.NONE, () -> select(ctx));
  }

  private Query select(QuerySpecificationContext ctx) {
    List<Query.SelectItem> items = new ArrayList<>();
    for (SelectItemContext item : ctx.selectItem()) {
      items.add((Query.SelectItem) visit(item));
    }
    Relation from = null;
    for (RelationContext r : ctx.relation()) {
      Relation next = (Relation) visit(r);
      from = from == null ? next : new Relation.Join(from.pos(), Relation.JoinType.CROSS, from, next, null);
    }
    List<Query.OrderItem> orderBy = new ArrayList<>();
    for (SortItemContext s : ctx.sortItem()) {
      orderBy.add(orderItem(s));
    }
    boolean distinct = ctx.setQuantifier() != null && ctx.setQuantifier().DISTINCT() != null;
    Expression.IntervalLiteral every =
        ctx.EVERY() == null
            ? null
            : new Expression.IntervalLiteral(pos(ctx.INTERVAL().getSymbol()), unquote(ctx.everyValue), name(ctx.everyUnit).value().toUpperCase(Locale.ROOT));
    return new Query.Select(
        pos(ctx), distinct, items, from, expr(ctx.where), exprs(ctx.groupBy), expr(ctx.having), orderBy, expr(ctx.limit), ctx.EMIT() != null, every);
  }

  @Override
  public Object visitSelectAll(SelectAllContext ctx) {
    Name qualifier = null;
    if (ctx.qualifiedName() != null) {
      List<Name> parts = names(ctx.qualifiedName().identifier());
      qualifier = parts.get(parts.size() - 1);
    }
    return new Query.AllColumns(pos(ctx), qualifier);
  }

  @Override
  public Object visitSelectSingle(SelectSingleContext ctx) {
    return new Query.SingleColumn(pos(ctx), expr(ctx.expression()), name(ctx.identifier()));
  }

  @Override
  public Object visitJoinRelation(JoinRelationContext ctx) {
    JoinTypeContext t = ctx.joinType();
    Relation.JoinType type =
        t.LEFT() != null ? Relation.JoinType.LEFT
            : t.RIGHT() != null ? Relation.JoinType.RIGHT
            : t.FULL() != null ? Relation.JoinType.FULL
            : Relation.JoinType.INNER;
    return new Relation.Join(pos(ctx), type, (Relation) visit(ctx.left), (Relation) visit(ctx.right), expr(ctx.expression()));
  }

  @Override
  public Object visitCrossJoinRelation(CrossJoinRelationContext ctx) {
    return new Relation.Join(pos(ctx), Relation.JoinType.CROSS, (Relation) visit(ctx.left), (Relation) visit(ctx.right), null);
  }

  @Override
  public Object visitRelationDefault(RelationDefaultContext ctx) {
    return visit(ctx.matchedRelation());
  }

  @Override
  public Object visitMatchedRelation(MatchedRelationContext ctx) {
    Relation input = (Relation) visit(ctx.relationPrimary());
    return ctx.matchRecognize() == null ? input : new MatchRecognizeBuilder(this).build(input, ctx.matchRecognize());
  }

  @Override
  public Object visitTableName(TableNameContext ctx) {
    return new Relation.TableRef(pos(ctx), names(ctx.qualifiedName().identifier()), name(ctx.identifier()));
  }

  @Override
  public Object visitTemporalTableName(TemporalTableNameContext ctx) {
    return new Relation.TemporalTable(pos(ctx), names(ctx.qualifiedName().identifier()), expr(ctx.asOf), name(ctx.identifier()));
  }

  @Override
  public Object visitSubqueryRelation(SubqueryRelationContext ctx) {
    return new Relation.Subquery(pos(ctx), query(ctx.query()), name(ctx.identifier()));
  }

  @Override
  public Object visitTableFunctionRelation(TableFunctionRelationContext ctx) {
    List<Node> args = new ArrayList<>();
    for (TableFunctionArgumentContext a : ctx.tableFunctionArgument()) {
      if (a instanceof TableArgumentContext t) {
        args.add(new Relation.TableArgument(pos(t), names(t.qualifiedName().identifier()), names(t.identifier())));
      } else if (a instanceof DescriptorArgumentContext d) {
        args.add(new Relation.Descriptor(pos(d), names(d.identifier())));
      } else {
        args.add(expr(((ExpressionArgumentContext) a).expression()));
      }
    }
    List<IdentifierContext> ids = ctx.identifier();
    return new Relation.TableFunction(pos(ctx), name(ids.get(0)), args, ids.size() > 1 ? name(ids.get(1)) : null);
  }

  // ------------------------------------------------------------ expressions

  @Override
  public Object visitExpression(ExpressionContext ctx) {
    return visit(ctx.booleanExpression());
  }

  @Override
  public Object visitLogicalNot(LogicalNotContext ctx) {
    return new Expression.Unary(pos(ctx), Expression.UnaryOperator.NOT, expr(ctx.booleanExpression()));
  }

  @Override
  public Object visitPredicatedExpression(PredicatedExpressionContext ctx) {
    return visit(ctx.predicated());
  }

  @Override
  public Object visitLogicalAnd(LogicalAndContext ctx) {
    return chain(ctx, LogicalAndContext.class, c -> c.left, c -> c.right, Expression.BinaryOperator.AND);
  }

  @Override
  public Object visitLogicalOr(LogicalOrContext ctx) {
    return chain(ctx, LogicalOrContext.class, c -> c.left, c -> c.right, Expression.BinaryOperator.OR);
  }

  /**
   * A chain of one associative operator ({@code a OR b OR c ...}), read without recursing along it: a
   * short chain nests to the left as written, a long one (a generated {@code OR} of thousands of terms) is
   * a balanced tree, so every later stage recurses only logarithmically deep.
   */
  private <C extends ParserRuleContext> Expression chain(
      C top, Class<C> kind, java.util.function.Function<C, ParserRuleContext> left, java.util.function.Function<C, ParserRuleContext> right,
      Expression.BinaryOperator op) {
    List<ParserRuleContext> terms = new ArrayList<>();
    ParserRuleContext c = top;
    while (kind.isInstance(c)) {
      terms.add(right.apply(kind.cast(c)));
      c = left.apply(kind.cast(c));
    }
    terms.add(c);
    java.util.Collections.reverse(terms);
    List<Expression> operands = new ArrayList<>();
    for (ParserRuleContext t : terms) {
      operands.add(expr(t));
    }
    List<Pos> starts = terms.stream().map(AstBuilder::pos).toList();
    if (operands.size() <= Chains.BALANCE_FROM) {
      Expression out = operands.get(0);
      for (int i = 1; i < operands.size(); i++) {
        out = new Expression.Binary(starts.get(0), op, out, operands.get(i));
      }
      return out;
    }
    List<Chains.Positioned> positioned = new ArrayList<>();
    for (int i = 0; i < operands.size(); i++) {
      positioned.add(new Chains.Positioned(starts.get(i), operands.get(i)));
    }
    return Chains.balanced(positioned, (l, r) -> new Chains.Positioned(l.pos(), new Expression.Binary(l.pos(), op, l.expression(), r.expression())))
        .expression();
  }

  @Override
  public Object visitPlainValue(PlainValueContext ctx) {
    return visit(ctx.valueExpression());
  }

  @Override
  public Object visitComparison(ComparisonContext ctx) {
    Expression.BinaryOperator op =
        switch (ctx.comparisonOperator().getStart().getType()) {
          case RunnelParser.EQ -> Expression.BinaryOperator.EQUALS;
          case RunnelParser.NEQ -> Expression.BinaryOperator.NOT_EQUALS;
          case RunnelParser.LT -> Expression.BinaryOperator.LESS_THAN;
          case RunnelParser.LTE -> Expression.BinaryOperator.LESS_THAN_OR_EQUAL;
          case RunnelParser.GT -> Expression.BinaryOperator.GREATER_THAN;
          default -> Expression.BinaryOperator.GREATER_THAN_OR_EQUAL;
        };
    return new Expression.Binary(pos(ctx), op, expr(ctx.left), expr(ctx.right));
  }

  @Override
  public Object visitBetween(BetweenContext ctx) {
    return new Expression.Between(pos(ctx), expr(ctx.value), expr(ctx.lower), expr(ctx.upper), ctx.NOT() != null);
  }

  Query.OrderItem orderItem(SortItemContext s) {
    Boolean nullsFirst = s.nullOrdering == null ? null : s.nullOrdering.getType() == RunnelParser.FIRST;
    return new Query.OrderItem(pos(s), expr(s.expression()), s.ordering == null || s.ordering.getType() == RunnelParser.ASC, nullsFirst);
  }

  @Override
  public Object visitInSubquery(InSubqueryContext ctx) {
    return new Expression.InSubquery(pos(ctx), expr(ctx.value), query(ctx.query()), ctx.NOT() != null);
  }

  @Override
  public Object visitExists(ExistsContext ctx) {
    return new Expression.Exists(pos(ctx), query(ctx.query()));
  }

  @Override
  public Object visitInList(InListContext ctx) {
    return new Expression.InList(pos(ctx), expr(ctx.value), exprs(ctx.expression()), ctx.NOT() != null);
  }

  @Override
  public Object visitLike(LikeContext ctx) {
    return new Expression.Like(pos(ctx), expr(ctx.value), expr(ctx.pattern), expr(ctx.escape), ctx.NOT() != null);
  }

  @Override
  public Object visitNullPredicate(NullPredicateContext ctx) {
    return new Expression.IsNull(pos(ctx), expr(ctx.value), ctx.NOT() != null);
  }

  @Override
  public Object visitValueDefault(ValueDefaultContext ctx) {
    return visit(ctx.primaryExpression());
  }

  @Override
  public Object visitArithmeticUnary(ArithmeticUnaryContext ctx) {
    Expression.UnaryOperator op = ctx.op.getType() == RunnelParser.MINUS ? Expression.UnaryOperator.MINUS : Expression.UnaryOperator.PLUS;
    return new Expression.Unary(pos(ctx), op, expr(ctx.valueExpression()));
  }

  @Override
  public Object visitArithmeticBinary(ArithmeticBinaryContext ctx) {
    Expression.BinaryOperator op =
        switch (ctx.op.getType()) {
          case RunnelParser.ASTERISK -> Expression.BinaryOperator.TIMES;
          case RunnelParser.SLASH -> Expression.BinaryOperator.DIVIDE;
          case RunnelParser.PERCENT -> Expression.BinaryOperator.MODULO;
          case RunnelParser.PLUS -> Expression.BinaryOperator.PLUS;
          default -> Expression.BinaryOperator.MINUS;
        };
    return new Expression.Binary(pos(ctx), op, expr(ctx.left), expr(ctx.right));
  }

  @Override
  public Object visitConcatenation(ConcatenationContext ctx) {
    return chain(ctx, ConcatenationContext.class, c -> c.left, c -> c.right, Expression.BinaryOperator.CONCAT);
  }

  @Override
  public Object visitNullLiteral(NullLiteralContext ctx) {
    return new Expression.NullLiteral(pos(ctx));
  }

  @Override
  public Object visitIntervalLiteral(IntervalLiteralContext ctx) {
    return new Expression.IntervalLiteral(pos(ctx), unquote(ctx.string()), name(ctx.identifier()).value().toUpperCase(Locale.ROOT));
  }

  @Override
  public Object visitTypedLiteral(TypedLiteralContext ctx) {
    return new Expression.TypedLiteral(pos(ctx), ctx.getStart().getText().toUpperCase(Locale.ROOT), unquote(ctx.string()));
  }

  @Override
  public Object visitNumericLiteral(NumericLiteralContext ctx) {
    return new Expression.NumericLiteral(pos(ctx), ctx.getText());
  }

  @Override
  public Object visitBooleanLiteral(BooleanLiteralContext ctx) {
    return new Expression.BooleanLiteral(pos(ctx), ctx.TRUE() != null);
  }

  @Override
  public Object visitStringLiteral(StringLiteralContext ctx) {
    return new Expression.StringLiteral(pos(ctx), unquote(ctx.string()));
  }

  @Override
  public Object visitCaseExpression(CaseExpressionContext ctx) {
    List<Expression.WhenClause> whens = new ArrayList<>();
    for (WhenClauseContext w : ctx.whenClause()) {
      whens.add(new Expression.WhenClause(expr(w.condition), expr(w.result)));
    }
    return new Expression.Case(pos(ctx), expr(ctx.operand), whens, expr(ctx.elseExpression));
  }

  @Override
  public Object visitCast(CastContext ctx) {
    return new Expression.Cast(pos(ctx), expr(ctx.expression()), type(ctx.type()));
  }

  @Override
  public Object visitExtract(ExtractContext ctx) {
    return new Expression.Extract(pos(ctx), name(ctx.identifier()).value().toUpperCase(Locale.ROOT), expr(ctx.valueExpression()));
  }

  @Override
  public Object visitSubstringFrom(SubstringFromContext ctx) {
    return call(ctx, "SUBSTRING", exprs(ctx.valueExpression()));
  }

  @Override
  public Object visitPosition(PositionContext ctx) {
    return call(ctx, "POSITION", exprs(ctx.valueExpression()));
  }

  @Override
  public Object visitTrim(TrimContext ctx) {
    if (ctx.LEADING() != null || ctx.TRAILING() != null) {
      throw RunnelException.user(ErrorCode.UNSUPPORTED, pos(ctx), "TRIM(LEADING|TRAILING ...) is not supported; TRIM(s) trims both ends");
    }
    return call(ctx, "TRIM", List.of(expr(ctx.valueExpression())));
  }

  @Override
  public Object visitRowConstructor(RowConstructorContext ctx) {
    return call(ctx, "ROW", exprs(ctx.expression()));
  }

  private Expression call(ParserRuleContext ctx, String name, List<Expression> args) {
    return new Expression.FunctionCall(pos(ctx), new Name(pos(ctx), name, false), args, false, false, null);
  }

  @Override
  public Object visitFunctionInvocationExpression(FunctionInvocationExpressionContext ctx) {
    return visit(ctx.functionInvocation());
  }

  @Override
  public Object visitMatchSemantics(MatchSemanticsContext ctx) {
    boolean isFinal = ctx.semantics.getType() == RunnelParser.FINAL;
    String word = isFinal ? "FINAL" : "RUNNING";
    if (matchPart == MatchPart.NONE) {
      throw new RunnelException(
          ErrorCode.INVALID_MATCH_EXPRESSION, pos(ctx), word + " applies only in MATCH_RECOGNIZE's MEASURES and DEFINE", "Elsewhere, write the call without " + word + ".");
    }
    if (isFinal && matchPart == MatchPart.DEFINE) {
      throw new RunnelException(
          ErrorCode.INVALID_MATCH_EXPRESSION, pos(ctx), "FINAL cannot be used in DEFINE", "A condition sees the match only up to the current row: write RUNNING, or neither.");
    }
    return new Expression.MatchSemantics(pos(ctx), isFinal, (Expression.FunctionCall) visit(ctx.functionInvocation()));
  }

  @Override
  public Object visitFunctionCallVariableStar(FunctionCallVariableStarContext ctx) {
    Name variable = name(ctx.variable);
    if (matchPart == MatchPart.NONE) {
      throw new RunnelException(
          ErrorCode.INVALID_MATCH_EXPRESSION,
          pos(ctx.variable),
          "'" + variable.value() + ".*' as an argument names a pattern variable's rows, which only MATCH_RECOGNIZE's MEASURES and DEFINE have",
          "Write COUNT(*) to count rows.");
    }
    List<Expression> args = List.of(new Expression.VariableStar(pos(ctx.variable), variable));
    return new Expression.FunctionCall(pos(ctx), functionName(ctx.functionName()), args, false, false, filter(ctx.filterClause()), over(ctx.overClause()));
  }

  @Override
  public Object visitFunctionCallStar(FunctionCallStarContext ctx) {
    return new Expression.FunctionCall(pos(ctx), functionName(ctx.functionName()), List.of(), false, true, filter(ctx.filterClause()), over(ctx.overClause()));
  }

  @Override
  public Object visitFunctionCall(FunctionCallContext ctx) {
    boolean distinct = ctx.setQuantifier() != null && ctx.setQuantifier().DISTINCT() != null;
    return new Expression.FunctionCall(
        pos(ctx), functionName(ctx.functionName()), exprs(ctx.expression()), distinct, false, filter(ctx.filterClause()), over(ctx.overClause()));
  }

  private Expression.Over over(OverClauseContext ctx) {
    if (ctx == null) {
      return null;
    }
    List<Query.OrderItem> orderBy = new ArrayList<>();
    for (SortItemContext s : ctx.sortItem()) {
      orderBy.add(orderItem(s));
    }
    Expression.Frame frame = null;
    WindowFrameContext w = ctx.windowFrame();
    if (w != null) {
      FrameStartContext start = w.frameStart();
      Expression preceding;
      if (start.UNBOUNDED() != null) {
        preceding = null;
      } else if (start.CURRENT() != null) {
        preceding = new Expression.NumericLiteral(pos(start), "0");
      } else {
        preceding = expr(start.expression());
      }
      frame = new Expression.Frame(pos(w), w.frameType.getType() == RunnelParser.ROWS, preceding);
    }
    return new Expression.Over(pos(ctx), exprs(ctx.partition), orderBy, frame);
  }

  private Name functionName(FunctionNameContext ctx) {
    return ctx.identifier() != null ? name(ctx.identifier()) : new Name(pos(ctx), ctx.getText().toUpperCase(Locale.ROOT), false);
  }

  private Expression filter(FilterClauseContext ctx) {
    return ctx == null ? null : expr(ctx.booleanExpression());
  }

  @Override
  public Object visitColumnReference(ColumnReferenceContext ctx) {
    return new Expression.Identifier(pos(ctx), List.of(name(ctx.identifier())));
  }

  @Override
  public Object visitDereference(DereferenceContext ctx) {
    Expression base = expr(ctx.base);
    Name field = name(ctx.fieldName);
    if (base instanceof Expression.Identifier id && !(ctx.base instanceof ParenthesizedExpressionContext)) {
      List<Name> parts = new ArrayList<>(id.parts());
      parts.add(field);
      return new Expression.Identifier(id.pos(), parts);
    }
    return new Expression.FieldAccess(pos(ctx), base, field);
  }

  @Override
  public Object visitParenthesizedExpression(ParenthesizedExpressionContext ctx) {
    return expr(ctx.expression());
  }

  @Override
  public Object visitUnquotedIdentifier(UnquotedIdentifierContext ctx) {
    return new Name(pos(ctx), ctx.getText(), false);
  }

  @Override
  public Object visitBackQuotedIdentifier(BackQuotedIdentifierContext ctx) {
    String text = ctx.getText();
    return new Name(pos(ctx), text.substring(1, text.length() - 1).replace("``", "`"), true);
  }

  @Override
  public Object visitQuotedIdentifier(QuotedIdentifierContext ctx) {
    String text = ctx.getText();
    return new Name(pos(ctx), text.substring(1, text.length() - 1).replace("\"\"", "\""), true);
  }

  static String unquote(StringContext ctx) {
    String text = ctx.getText();
    return text.substring(1, text.length() - 1).replace("''", "'");
  }
}
