package io.runnel.runtime;

import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.ast.Pos;
import io.runnel.parser.ast.Statement;
import io.runnel.runtime.query.RunningQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** How persistent queries feed each other through the relations they read and write. */
final class QueryGraph {
  private QueryGraph() {}

  /**
   * Refuses a query whose output would flow back into what it reads, directly ({@code INSERT INTO s SELECT
   * ... FROM s}) or through other persistent queries: it would feed on itself until the disk is full.
   */
  static void refuseLoop(Collection<RegisteredQuery> queries, Statement.Insert insert, String target, List<String> sources) {
    Set<String> reached = new HashSet<>();
    List<String> frontier = new ArrayList<>(List.of(key(target)));
    while (!frontier.isEmpty()) {
      String relation = frontier.remove(frontier.size() - 1);
      if (!reached.add(relation)) {
        continue;
      }
      for (String source : sources) {
        if (key(source).equals(relation)) {
          String via = relation.equals(key(target)) ? "" : " (through the persistent queries that read " + target + ")";
          throw new RunnelException(
              ErrorCode.UNSUPPORTED,
              insert.target().pos(),
              "The query reads " + source + " and would write into it" + via + ": its output would feed on itself",
              "Write into another stream.");
        }
      }
      for (RegisteredQuery e : queries) {
        // a standing SELECT (a subscription to a view's changes, say) writes into no relation: it carries no loop
        if (e.stored != null && e.target != null && e.running != null && !e.running.isDone() && e.sources.stream().anyMatch(s -> key(s).equals(relation))) {
          frontier.add(key(e.target));
        }
      }
    }
  }

  /** How a wait is waited: holding the engine's lock, or not. */
  interface Waiter {
    boolean await(Waits.Wait wait);
  }

  /**
   * Waits until every persistent query whose output flows into {@code relations}, directly or through
   * other persistent queries, has processed what was appended to its inputs before this call: the
   * farthest upstream first, so that each one's output is in place before the next one is waited for. A
   * read that starts after an insert then sees the insert's effect. Fails (RUN-1404) naming the query that
   * did not catch up within {@code timeoutMillis}; 0 waits for nothing. Each wait is {@code waiter}'s.
   */
  static void awaitUpstream(Collection<RegisteredQuery> queries, Collection<String> relations, long timeoutMillis, Pos pos, Waiter waiter) {
    if (timeoutMillis <= 0) {
      return;
    }
    Map<String, Integer> depth = new HashMap<>(); // query id -> its longest distance upstream of the read
    List<String> frontier = new ArrayList<>();
    relations.forEach(r -> frontier.add(key(r)));
    for (int level = 1; !frontier.isEmpty() && level <= queries.size(); level++) {
      List<String> next = new ArrayList<>();
      for (RegisteredQuery e : queries) {
        if (e.stored != null && e.running != null && e.target != null && frontier.contains(key(e.target))) {
          depth.merge(e.id, level, Math::max);
          e.sources.forEach(s -> next.add(key(s)));
        }
      }
      frontier.clear();
      frontier.addAll(next);
    }
    List<String> upstreamFirst = new ArrayList<>(depth.keySet());
    upstreamFirst.sort((a, b) -> depth.get(b) - depth.get(a));
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    for (String id : upstreamFirst) {
      RunningQuery q = queries.stream().filter(e -> e.id.equals(id)).findFirst().orElseThrow().running;
      if (!waiter.await(() -> q.sync(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))))) {
        throw new RunnelException(
            ErrorCode.UPSTREAM_TIMEOUT,
            pos,
            "Query " + id + ", whose output this query reads, did not catch up with its input within " + timeoutMillis + " ms",
            "SHOW QUERIES shows its lag. Read again later, or SET 'read.wait' = '0' to read without waiting.");
      }
    }
  }

  /**
   * The query that keeps {@code relation} from being dropped, and how it uses it ("reading", "writing
   * into", "writing its late rows to"), or null.
   */
  static String[] user(Collection<RegisteredQuery> queries, String relation) {
    for (RegisteredQuery e : queries) {
      // a query failed on its disk starts again: what it reads and writes must stay
      boolean live = e.running != null ? !e.running.isDone() || e.failedOnDisk() : e.stored != null;
      if (!live) {
        continue;
      }
      if (e.sources.stream().anyMatch(s -> s.equalsIgnoreCase(relation))) {
        return new String[] {e.id, "reading"};
      }
      if (relation.equalsIgnoreCase(e.target)) {
        return new String[] {e.id, "writing into"};
      }
      if (relation.equalsIgnoreCase(e.lateStream)) {
        return new String[] {e.id, "writing its late rows to"};
      }
    }
    return null;
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
