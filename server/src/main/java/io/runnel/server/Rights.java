package io.runnel.server;

import io.runnel.parser.SqlParser;
import io.runnel.parser.ast.Query;
import io.runnel.parser.ast.Statement;
import io.runnel.server.Users.Right;
import java.util.EnumSet;
import java.util.Set;

/** The rights a request's statements need, read off the statements before any runs. */
final class Rights {
  /** The option whose SET creates a stream when it names one that does not exist. */
  private static final String LATE_STREAM = "window.late-stream";

  private Rights() {}

  /** The rights {@code sql} needs; a statement that does not parse fails here, as it would when run. */
  static Set<Right> of(String sql) {
    Set<Right> needed = EnumSet.noneOf(Right.class);
    for (Statement s : SqlParser.parseScript(sql)) {
      needed.add(of(s));
    }
    return needed;
  }

  private static Right of(Statement s) {
    if (s instanceof Statement.UserStatement) {
      return Right.ADMIN; // SHOW USERS too: who may do what is the admin's to know
    }
    if (s instanceof Statement.Show || s instanceof Statement.Describe || s instanceof Statement.Explain || s instanceof Statement.QueryStatement) {
      return Right.READ;
    }
    if (s instanceof Statement.Set set) {
      return LATE_STREAM.equalsIgnoreCase(set.key()) ? Right.MANAGE : Right.READ;
    }
    if ((s instanceof Statement.Insert insert && insert.query() instanceof Query.Values) || s instanceof Statement.InsertWatermark) {
      return Right.WRITE;
    }
    return Right.MANAGE;
  }
}
