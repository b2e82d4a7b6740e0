package io.runnel;

import io.runnel.parser.ast.Statement;

/**
 * Runs the statements that manage a server's users: {@code CREATE USER}, {@code DROP USER}, {@code GRANT},
 * {@code REVOKE} and {@code SHOW USERS}. An engine has users only when its {@link EngineConfig} names a
 * handler, as a server does for the engine it serves; without one these statements fail with {@code
 * RUN-1710}. The engine checks no rights: whoever may run statements on it may run these, so the server
 * checks that a request comes from an admin before it hands the statements to the engine.
 */
@FunctionalInterface
public interface UserStatements {
  /**
   * The result of {@code statement}, run in its turn among the statements around it. Called with the
   * engine's lock held, on the thread running the statement: it must not call back into the engine. What
   * the statement gets wrong is thrown as a {@link io.runnel.parser.RunnelException} with the position of
   * the offending name; any other exception reaches the caller as an internal error.
   */
  StatementResult execute(Statement.UserStatement statement);
}
