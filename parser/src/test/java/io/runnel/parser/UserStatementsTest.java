package io.runnel.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.parser.ast.Expression;
import io.runnel.parser.ast.Name;
import io.runnel.parser.ast.Pos;
import io.runnel.parser.ast.Query;
import io.runnel.parser.ast.Statement;
import io.runnel.parser.ast.Statement.UserRight;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The statements that manage a server's users, their errors, and the words they add staying names elsewhere. */
class UserStatementsTest {

  @Test
  void createUserNamesItsRightsInAnyCase() {
    assertEquals(
        new Statement.CreateUser(new Pos(1, 1), new Name(new Pos(1, 13), "ann", false), List.of(UserRight.READ, UserRight.WRITE)),
        SqlParser.parseStatement("CREATE USER ann WITH RIGHTS read, WRITE"));
    var quoted = (Statement.CreateUser) SqlParser.parseStatement("create user \"ci-bot\" with rights Manage, admin;");
    assertEquals(new Name(new Pos(1, 13), "ci-bot", true), quoted.user());
    assertEquals(List.of(UserRight.MANAGE, UserRight.ADMIN), quoted.rights());
  }

  @Test
  void dropGrantRevokeAndShow() {
    assertEquals(new Statement.DropUser(new Pos(1, 1), new Name(new Pos(1, 11), "ann", false), false), SqlParser.parseStatement("DROP USER ann"));
    assertEquals(new Statement.DropUser(new Pos(2, 3), new Name(new Pos(2, 23), "bob", false), true), SqlParser.parseStatement("\n  drop user if exists bob"));
    assertEquals(
        new Statement.Grant(new Pos(1, 1), List.of(UserRight.WRITE, UserRight.MANAGE), new Name(new Pos(1, 24), "ann", false)),
        SqlParser.parseStatement("GRANT write, manage TO ann"));
    assertEquals(
        new Statement.Revoke(new Pos(1, 1), List.of(UserRight.ADMIN), new Name(new Pos(1, 19), "ann", false)),
        SqlParser.parseStatement("REVOKE admin FROM ann"));
    assertEquals(new Statement.ShowUsers(new Pos(1, 1)), SqlParser.parseStatement("SHOW USERS"));
    List<Statement> script = SqlParser.parseScript("CREATE USER a WITH RIGHTS read; GRANT write TO a; SHOW USERS; DROP USER a");
    assertEquals(4, script.size());
    script.forEach(s -> assertInstanceOf(Statement.UserStatement.class, s));
  }

  @Test
  void anUnknownRightIsRefusedAtItsPositionWithTheRightsListed() {
    RunnelException e = assertThrows(RunnelException.class, () -> SqlParser.parseStatement("GRANT reed TO ann"));
    assertEquals(ErrorCode.UNKNOWN_RIGHT, e.code());
    assertEquals(new Pos(1, 7), e.pos());
    assertEquals("No right 'reed'", e.reason());
    assertEquals("Did you mean read? The rights are read, write, manage, admin.", e.hint());
    assertEquals("RUN-1708: line 1:7: No right 'reed'", e.getMessage());

    RunnelException far = assertThrows(RunnelException.class, () -> SqlParser.parseStatement("CREATE USER ann WITH RIGHTS read,\n  everything"));
    assertEquals(ErrorCode.UNKNOWN_RIGHT, far.code());
    assertEquals(new Pos(2, 3), far.pos());
    assertEquals("The rights are read, write, manage, admin.", far.hint(), "nothing close to suggest");

    RunnelException revoke = assertThrows(RunnelException.class, () -> SqlParser.parseStatement("REVOKE read, writ FROM ann"));
    assertEquals(new Pos(1, 14), revoke.pos());
    assertTrue(revoke.hint().startsWith("Did you mean write?"), revoke.hint());
  }

  @Test
  void aUserNeedsAtLeastOneRightAndTheWordsInOrder() {
    RunnelException none = assertThrows(RunnelException.class, () -> SqlParser.parseStatement("CREATE USER ann WITH RIGHTS"));
    assertEquals(ErrorCode.SYNTAX_ERROR, none.code());
    assertEquals(new Pos(1, 28), none.pos());
    assertTrue(none.reason().startsWith("mismatched input '<EOF>'. Expecting: <identifier>"), none.reason());

    RunnelException noWith = assertThrows(RunnelException.class, () -> SqlParser.parseStatement("CREATE USER ann"));
    assertEquals(new Pos(1, 16), noWith.pos());
    assertEquals("mismatched input '<EOF>'. Expecting: 'WITH'", noWith.reason());

    RunnelException to = assertThrows(RunnelException.class, () -> SqlParser.parseStatement("GRANT read ann"));
    assertEquals(new Pos(1, 12), to.pos());
    assertEquals("mismatched input 'ann'. Expecting: ',', 'TO'", to.reason());

    RunnelException from = assertThrows(RunnelException.class, () -> SqlParser.parseStatement("REVOKE read TO ann"));
    assertEquals(new Pos(1, 13), from.pos());
    assertEquals("mismatched input 'TO'. Expecting: ',', 'FROM'", from.reason());
  }

  @Test
  void theNewWordsStayNamesOfColumnsAndRelations() {
    var select = (Query.Select) ((Statement.QueryStatement) SqlParser.parseStatement("SELECT user, users, rights, grant, revoke, to FROM user")).query();
    List<String> columns =
        select.items().stream().map(i -> ((Expression.Identifier) ((Query.SingleColumn) i).expression()).dotted()).toList();
    assertEquals(List.of("user", "users", "rights", "grant", "revoke", "to"), columns);

    var table = (Statement.CreateTable) SqlParser.parseStatement("CREATE TABLE users (user VARCHAR, rights VARCHAR, PRIMARY KEY (user))");
    assertEquals("users", table.name().value());
    assertEquals(List.of("user", "rights"), table.columns().stream().map(c -> c.name().value()).toList());
    assertEquals("user", table.primaryKey().get(0).value());

    var insert = (Statement.Insert) SqlParser.parseStatement("INSERT INTO grant (user, to) SELECT user, to FROM revoke WHERE user = 'ann'");
    assertEquals("grant", insert.target().value());
    assertEquals(List.of("user", "to"), insert.columns().stream().map(Name::value).toList());
    assertEquals("user", assertInstanceOf(Statement.Describe.class, SqlParser.parseStatement("DESCRIBE user")).name().value());
    var drop = assertInstanceOf(Statement.Drop.class, SqlParser.parseStatement("DROP TABLE users"));
    assertEquals(Statement.ObjectKind.TABLE, drop.kind());
    assertEquals(new Statement.DropUser(new Pos(1, 1), new Name(new Pos(1, 11), "user", false), false), SqlParser.parseStatement("DROP USER user"));
  }
}
