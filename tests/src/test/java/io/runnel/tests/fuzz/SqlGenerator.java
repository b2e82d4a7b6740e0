package io.runnel.tests.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Generates statements of the dialect from its grammar, seeded: DDL, queries with expressions, windows and
 * grouping, INSERT, SET, SHOW, DESCRIBE (QUERY), EXPLAIN; extremes (deep nesting, long chains, huge literals and lists,
 * characters from every Unicode plane); and garbage made by deleting, duplicating or swapping tokens.
 */
final class SqlGenerator {
  private static final String[] COLUMNS = {"auction", "price", "bidder", "ts", "id", "name", "b.price", "p.name", "nope"};
  private static final String[] FUNCTIONS = {"ABS", "UPPER", "LOWER", "CHAR_LENGTH", "COALESCE", "FLOOR", "CEIL", "MOD", "CONCAT", "NOSUCH"};
  private static final String[] AGGREGATES = {"COUNT", "SUM", "MIN", "MAX", "AVG"};
  private static final String[] TYPES = {"BIGINT", "INT", "VARCHAR", "DOUBLE", "BOOLEAN", "DECIMAL(10, 2)", "TIMESTAMP(3)", "DATE", "ROW<a INT>", "NOTYPE"};
  private static final String[] OPERATORS = {"+", "-", "*", "/", "%", "||", "=", "<>", "<", ">=", "AND", "OR"};
  /** One character from each Unicode plane in use, and a few awkward BMP ones. */
  private static final String[] UNICODE = {
    "é", "東京", "\u0000", "\u200B", "\uFEFF", "😀", "𝄞", "\uD840\uDC00", "\uD880\uDC00", "\uDB40\uDC01", "\uDB80\uDC00", "\uDBC0\uDC00", "'", "''", ";", "--", "/*"
  };

  private final Random random;
  private int names;

  SqlGenerator(long seed) {
    this.random = new Random(seed);
  }

  String next() {
    int kind = random.nextInt(100);
    String sql;
    if (kind < 45) {
      sql = select(2);
    } else if (kind < 55) {
      sql = extreme();
    } else if (kind < 62) {
      sql = createStream();
    } else if (kind < 66) {
      sql = "CREATE VIEW " + freshName() + " AS " + select(2);
    } else if (kind < 72) {
      sql = "INSERT INTO bid VALUES (" + expr(1) + ", " + expr(1) + ", " + expr(1) + ", " + expr(1) + ")";
    } else if (kind < 76) {
      sql = "INSERT INTO " + pick("bid", "person", "nope") + " " + select(1);
    } else if (kind < 80) {
      sql = "EXPLAIN " + select(2);
    } else if (kind < 83) {
      sql = "SET '" + pick("scan.startup.mode", "parallelism", "nope", "") + "' = '" + pick("earliest", "latest", "2", "-1", "x") + "'";
    } else if (kind < 86) {
      sql = "SHOW " + pick("STREAMS", "TABLES", "VIEWS", "QUERIES", "FUNCTIONS", "NOTHING");
    } else if (kind < 88) {
      sql = "DESCRIBE " + pick("bid", "person", "nope", "QUERY q1", "QUERY q2", "QUERY nope");
    } else {
      sql = select(2);
    }
    return random.nextInt(4) == 0 ? mutate(sql) : sql;
  }

  private String freshName() {
    return "f" + names++;
  }

  private String createStream() {
    StringBuilder sb = new StringBuilder("CREATE " + pick("STREAM", "TABLE") + " " + freshName() + " (");
    int n = 1 + random.nextInt(4);
    for (int i = 0; i < n; i++) {
      sb.append(i > 0 ? ", " : "").append("c").append(i).append(' ').append(pick(TYPES));
    }
    if (random.nextBoolean()) {
      sb.append(", WATERMARK FOR c0 AS c0 - INTERVAL '").append(random.nextInt(10)).append("' SECOND");
    }
    if (random.nextInt(4) == 0) {
      sb.append(", PRIMARY KEY (c0)");
    }
    sb.append(")");
    if (random.nextInt(3) == 0) {
      sb.append(" WITH ('connector' = '").append(pick("nexmark", "nope", "file")).append("', 'rate' = '").append(pick("1", "-5", "x")).append("')");
    }
    return sb.toString();
  }

  private String select(int depth) {
    StringBuilder sb = new StringBuilder("SELECT ");
    if (random.nextInt(5) == 0) {
      sb.append("DISTINCT ");
    }
    boolean grouped = random.nextInt(3) == 0;
    int items = 1 + random.nextInt(3);
    for (int i = 0; i < items; i++) {
      sb.append(i > 0 ? ", " : "").append(grouped && i > 0 ? aggregate(depth) : expr(depth));
      if (random.nextBoolean()) {
        sb.append(" AS a").append(i);
      }
    }
    if (random.nextInt(8) != 0) {
      sb.append(" FROM ").append(relation(depth));
    }
    if (random.nextBoolean()) {
      sb.append(" WHERE ").append(expr(depth));
    }
    if (grouped) {
      sb.append(" GROUP BY ").append(expr(depth));
      if (random.nextInt(3) == 0) {
        sb.append(" HAVING ").append(aggregate(depth)).append(" > ").append(literal());
      }
    }
    if (random.nextInt(10) == 0) {
      sb.append(" EMIT CHANGES");
    }
    if (random.nextInt(15) == 0) {
      sb.append(" UNION ").append(random.nextBoolean() ? "ALL " : "").append(select(depth - 1));
    }
    return sb.toString();
  }

  private String relation(int depth) {
    return switch (random.nextInt(7)) {
      case 0 -> "TABLE(TUMBLE(TABLE bid, DESCRIPTOR(ts), INTERVAL '" + random.nextInt(20) + "' SECOND))";
      case 1 -> "TABLE(HOP(TABLE bid, DESCRIPTOR(ts), INTERVAL '1' SECOND, INTERVAL '" + random.nextInt(20) + "' SECOND))";
      case 2 -> "bid AS b JOIN person AS p ON b.auction = p.id";
      case 3 -> depth > 0 ? "(" + select(depth - 1) + ") AS sub" : "bid";
      case 4 -> "person";
      case 5 -> "nope";
      default -> "bid";
    };
  }

  private String aggregate(int depth) {
    String f = pick(AGGREGATES);
    return f.equals("COUNT") && random.nextBoolean() ? "COUNT(*)" : f + "(" + expr(depth - 1) + ")";
  }

  String expr(int depth) {
    if (depth <= 0) {
      return random.nextBoolean() ? pick(COLUMNS) : literal();
    }
    return switch (random.nextInt(12)) {
      case 0, 1 -> expr(depth - 1) + " " + pick(OPERATORS) + " " + expr(depth - 1);
      case 2 -> pick(FUNCTIONS) + "(" + expr(depth - 1) + (random.nextBoolean() ? ", " + expr(depth - 1) : "") + ")";
      case 3 -> "CASE WHEN " + expr(depth - 1) + " THEN " + expr(depth - 1) + " ELSE " + expr(depth - 1) + " END";
      case 4 -> "CAST(" + expr(depth - 1) + " AS " + pick(TYPES) + ")";
      case 5 -> expr(depth - 1) + pick(" IS NULL", " IS NOT NULL", " BETWEEN 1 AND 10", " IN (1, 2, 3)", " LIKE 'a%'");
      case 6 -> pick("NOT ", "-", "") + "(" + expr(depth - 1) + ")";
      case 7 -> "ROW(" + expr(depth - 1) + ", " + expr(depth - 1) + ")";
      case 8 -> aggregate(depth) + " OVER (PARTITION BY " + pick(COLUMNS) + " ORDER BY ts ROWS BETWEEN " + random.nextInt(5) + " PRECEDING AND CURRENT ROW)";
      case 9 -> "EXTRACT(" + pick("YEAR", "HOUR", "NOPE") + " FROM " + expr(depth - 1) + ")";
      default -> random.nextBoolean() ? pick(COLUMNS) : literal();
    };
  }

  private String literal() {
    return switch (random.nextInt(12)) {
      case 0 -> String.valueOf(random.nextInt());
      case 1 -> String.valueOf(random.nextLong());
      case 2 -> random.nextInt(100) + "." + random.nextInt(100);
      case 3 -> "1E" + (random.nextInt(700) - 350);
      case 4 -> "'" + text() + "'";
      case 5 -> "NULL";
      case 6 -> pick("TRUE", "FALSE");
      case 7 -> "TIMESTAMP '2020-0" + (1 + random.nextInt(9)) + "-0" + (1 + random.nextInt(9)) + " 10:00:00'";
      case 8 -> "INTERVAL '" + random.nextInt(100) + "' " + pick("SECOND", "MINUTE", "HOUR", "DAY");
      case 9 -> "DATE '2021-02-0" + (1 + random.nextInt(9)) + "'";
      default -> String.valueOf(random.nextInt(1000));
    };
  }

  private String text() {
    StringBuilder sb = new StringBuilder();
    int n = random.nextInt(4);
    for (int i = 0; i < n; i++) {
      sb.append(random.nextBoolean() ? "ab" : pick(UNICODE).replace("'", "''"));
    }
    return sb.toString();
  }

  /** Deep nesting, long chains, huge literals and lists, and every Unicode plane. */
  private String extreme() {
    int n = switch (random.nextInt(3)) {
      case 0 -> 150 + random.nextInt(100); // around the nesting limit
      case 1 -> 1000 + random.nextInt(2000);
      default -> 20_000;
    };
    return switch (random.nextInt(11)) {
      case 0 -> "SELECT " + "(".repeat(n) + "price" + ")".repeat(n) + " FROM bid";
      case 1 -> "SELECT " + "ABS(".repeat(n) + "price" + ")".repeat(n) + " FROM bid";
      case 2 -> "SELECT " + "CASE WHEN price > 0 THEN ".repeat(n) + "1" + " END".repeat(n) + " FROM bid";
      case 3 -> "SELECT * FROM bid WHERE auction = 0" + chain(" OR auction = ", n);
      case 4 -> "SELECT bidder" + " || 'x'".repeat(Math.min(n, 5000)) + " FROM bid";
      case 5 -> "SELECT auction FROM bid" + " UNION ALL SELECT auction FROM bid".repeat(Math.min(n, 300));
      case 6 -> "SELECT '" + "x".repeat(n * 10) + "' FROM bid";
      case 7 -> "SELECT " + "9".repeat(Math.min(n, 5000)) + " FROM bid";
      case 8 -> "SELECT * FROM bid WHERE auction IN (0" + chain(", ", n) + ")";
      case 9 -> "SELECT 1" + " + 1".repeat(n) + " FROM bid";
      default -> "SELECT '" + String.join("", UNICODE).replace("'", "''") + "', `" + pick("😀", "𝄞", "\uDB40\uDC01") + "` FROM bid";
    };
  }

  private String chain(String separator, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i < n; i++) {
      sb.append(separator).append(i);
    }
    return sb.toString();
  }

  /** Deletes, duplicates or swaps a few tokens (split on spaces), or cuts the statement short. */
  private String mutate(String sql) {
    List<String> tokens = new ArrayList<>(Arrays.asList(sql.split(" ")));
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits && tokens.size() > 1; e++) {
      int i = random.nextInt(tokens.size());
      switch (random.nextInt(4)) {
        case 0 -> tokens.remove(i);
        case 1 -> tokens.add(i, tokens.get(i));
        case 2 -> {
          int j = random.nextInt(tokens.size());
          String t = tokens.get(i);
          tokens.set(i, tokens.get(j));
          tokens.set(j, t);
        }
        default -> tokens.subList(i, tokens.size()).clear();
      }
    }
    return String.join(" ", tokens);
  }

  @SafeVarargs
  private <T> T pick(T... options) {
    return options[random.nextInt(options.length)];
  }
}
