package io.runnel.tests.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.Runnel;
import io.runnel.StatementResult;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs generated statements ({@link SqlGenerator}) through the embedded engine: each gives a result or a
 * {@link RunnelException} with a user error code and, unless it is about the disk or the engine, a position, within a
 * time bound; no internal error and no other throwable. {@code -Drunnel.fuzz.statements=100000} runs
 * more, {@code -Drunnel.fuzz.seed=N} another sequence.
 */
class SqlFuzzTest {
  private static final int STATEMENTS = Integer.getInteger("runnel.fuzz.statements", 3000);
  private static final long SEED = Long.getLong("runnel.fuzz.seed", 20240607L);
  private static final long SECONDS_PER_STATEMENT = 20;
  /** User errors that are not about a place in the statement (the disk, the engine); every other one must say where. */
  private static final Set<ErrorCode> UNPLACED = Set.of(ErrorCode.IO_ERROR, ErrorCode.ENGINE_CLOSED, ErrorCode.DATA_DIRECTORY_IN_USE);

  @TempDir Path dir;

  @Test
  void generatedStatementsGiveAResultOrAUserError() throws Exception {
    List<String> failures = new ArrayList<>();
    java.util.Map<String, Integer> outcomes = new java.util.TreeMap<>();
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.execute("CREATE STREAM bid (auction BIGINT, price BIGINT, bidder VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)");
      runnel.execute("CREATE STREAM person (id BIGINT, name VARCHAR, ts TIMESTAMP(3))");
      runnel.execute("INSERT INTO bid VALUES (1, 10, 'a', TIMESTAMP '2020-01-01 00:00:00'), (2, 20, 'b', TIMESTAMP '2020-01-01 00:00:01')");
      SqlGenerator generator = new SqlGenerator(SEED);
      for (int i = 0; i < STATEMENTS && failures.size() < 10; i++) {
        String sql = generator.next();
        Future<List<StatementResult>> run = executor.submit(() -> runnel.executeAll(sql));
        String problem;
        try {
          stopQueries(run.get(SECONDS_PER_STATEMENT, TimeUnit.SECONDS));
          outcomes.merge("ok", 1, Integer::sum);
          problem = null;
        } catch (TimeoutException e) {
          // the engine is stuck on this statement: nothing after it can run
          failures.add("statement " + i + " took over " + SECONDS_PER_STATEMENT + " s: " + abbreviate(sql));
          break;
        } catch (ExecutionException e) {
          problem = check(e.getCause());
          outcomes.merge(e.getCause() instanceof RunnelException r ? r.code().name() : "other", 1, Integer::sum);
        }
        if (problem != null) {
          failures.add("statement " + i + ": " + problem + "\n    " + abbreviate(sql));
        }
      }
    } finally {
      executor.shutdownNow();
    }
    assertTrue(failures.isEmpty(), "seed " + SEED + ":\n" + String.join("\n", failures));
    // the statements reach every stage: some run, some are refused by the parser, some by the validator
    assertTrue(outcomes.getOrDefault("ok", 0) > STATEMENTS / 10, outcomes.toString());
    assertTrue(outcomes.getOrDefault("SYNTAX_ERROR", 0) > STATEMENTS / 20, outcomes.toString());
    assertTrue(outcomes.getOrDefault("STATEMENT_TOO_COMPLEX", 0) > 0, outcomes.toString());
    assertTrue(outcomes.getOrDefault("UNKNOWN_COLUMN", 0) + outcomes.getOrDefault("TYPE_MISMATCH", 0) > STATEMENTS / 20, outcomes.toString());
    System.out.println("SqlFuzzTest outcomes: " + outcomes);
  }

  private static void stopQueries(List<StatementResult> results) {
    for (StatementResult r : results) {
      if (r instanceof StatementResult.Query q) {
        q.handle().cancel();
      } else if (r instanceof StatementResult.PersistentQuery p) {
        p.handle().cancel();
      }
    }
  }

  /** What is wrong with {@code thrown}, or null when it is a proper user error. */
  private static String check(Throwable thrown) {
    if (!(thrown instanceof RunnelException e)) {
      return "threw " + thrown;
    }
    if (e.code().kind() == ErrorCode.Kind.INTERNAL) {
      return "internal error " + e.describe() + (e.getCause() == null ? "" : " caused by " + e.getCause());
    }
    if (!UNPLACED.contains(e.code()) && e.pos() == null) {
      return "no position: " + e.describe();
    }
    return null;
  }

  private static String abbreviate(String sql) {
    return sql.length() <= 300 ? sql : sql.substring(0, 300) + "... (" + sql.length() + " chars)";
  }
}
