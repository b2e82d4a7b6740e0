package io.runnel.server;

import io.runnel.Column;
import io.runnel.StatementResult;
import io.runnel.UserStatements;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.ast.Name;
import io.runnel.parser.ast.Statement;
import io.runnel.server.Users.Right;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * CREATE USER, DROP USER, GRANT, REVOKE and SHOW USERS on the server's {@link Users}: the handler the
 * server gives its engine. The server has checked that the request comes from an admin ({@link Rights}).
 */
final class UserStatementHandler implements UserStatements {
  /** CREATE USER's result: the user and its token, shown this once. */
  static final List<Column> CREATED = List.of(new Column("user", "VARCHAR"), new Column("token", "VARCHAR"));
  /** SHOW USERS' result: never a token or a hash. */
  static final List<Column> LISTED = List.of(new Column("name", "VARCHAR"), new Column("rights", "VARCHAR"));

  private final Users users;

  UserStatementHandler(Users users) {
    this.users = users;
  }

  @Override
  public StatementResult execute(Statement.UserStatement statement) {
    try {
      if (statement instanceof Statement.CreateUser c) {
        return create(c);
      }
      if (statement instanceof Statement.DropUser d) {
        return drop(d);
      }
      if (statement instanceof Statement.Grant g) {
        return change(g.user(), rights(g.rights()), Set.of());
      }
      if (statement instanceof Statement.Revoke r) {
        return change(r.user(), Set.of(), rights(r.rights()));
      }
      return show();
    } catch (IOException e) {
      throw new RunnelException(
          ErrorCode.IO_ERROR, statement.pos(), "Cannot write the server's users: " + e.getMessage(), "The data directory's server/users.json must be writable; nothing was changed.", e);
    }
  }

  private StatementResult create(Statement.CreateUser c) throws IOException {
    String name = c.user().value();
    Set<Right> rights = rights(c.rights());
    String token = users.create(name, rights, false, c.user().pos());
    return new StatementResult.Table(
        CREATED,
        List.of(List.of(name, token)),
        "User " + name + " may " + Right.labels(rights) + ". Its token is shown this once: the server keeps only its SHA-256.");
  }

  private StatementResult drop(Statement.DropUser d) throws IOException {
    String name = d.user().value();
    Users.checkName(name, d.user().pos());
    if (users.remove(name)) {
      return new StatementResult.Ok("Dropped user " + name + ": its token is refused from now on");
    }
    if (d.ifExists()) {
      return new StatementResult.Ok("Nothing to drop: user " + name + " does not exist");
    }
    throw users.unknown(name, d.user().pos());
  }

  private StatementResult change(Name user, Set<Right> granted, Set<Right> revoked) throws IOException {
    Set<Right> rights = users.change(user.value(), granted, revoked, user.pos());
    return new StatementResult.Ok("User " + user.value() + " may " + Right.labels(rights) + " (its token is unchanged)");
  }

  private StatementResult show() {
    List<List<Object>> rows = new ArrayList<>();
    users.list().forEach((name, rights) -> rows.add(List.of(name, Right.labels(rights))));
    return new StatementResult.Table(LISTED, rows);
  }

  private static Set<Right> rights(List<Statement.UserRight> named) {
    Set<Right> rights = EnumSet.noneOf(Right.class);
    for (Statement.UserRight r : named) {
      rights.add(
          switch (r) {
            case READ -> Right.READ;
            case WRITE -> Right.WRITE;
            case MANAGE -> Right.MANAGE;
            case ADMIN -> Right.ADMIN;
          });
    }
    return rights;
  }
}
