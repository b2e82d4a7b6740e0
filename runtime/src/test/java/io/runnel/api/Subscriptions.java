package io.runnel.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.Change;
import io.runnel.QueryHandle;
import io.runnel.QueryOptions;
import io.runnel.Runnel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** What tests read from a standing query. */
final class Subscriptions {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private Subscriptions() {}

  /** A list that receives every change of {@code q} from now on (safe to read while the query runs). */
  static List<Change> collect(QueryHandle q) {
    List<Change> changes = Collections.synchronizedList(new ArrayList<>());
    q.subscribe(changes::add);
    return changes;
  }

  /** The changes of {@code sql} over whole logs, once it has caught up with them; the query then ends. */
  static List<Change> changes(Runnel runnel, String sql) throws InterruptedException {
    try (QueryHandle q = runnel.query(sql, QueryOptions.fromEarliest())) {
      List<Change> changes = collect(q);
      assertTrue(q.sync(WAIT), "the query caught up with its logs");
      synchronized (changes) {
        return new ArrayList<>(changes);
      }
    }
  }

  /** The values of each change of {@code sql} over whole logs ({@link #changes}), as {@code [a, b]}. */
  static List<String> rows(Runnel runnel, String sql) throws InterruptedException {
    return changes(runnel, sql).stream().map(c -> c.values().toString()).toList();
  }

  /** Deletes a directory a test made and everything in it. */
  static void deleteRecursively(Path root) throws java.io.IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
