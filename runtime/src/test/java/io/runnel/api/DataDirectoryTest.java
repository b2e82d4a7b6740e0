package io.runnel.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.Change;
import io.runnel.Runnel;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.runtime.log.CatalogLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a data directory keeps across restarts, and who may open it. */
class DataDirectoryTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  private static List<List<Object>> rows(Runnel runnel, String sql) throws InterruptedException {
    return Subscriptions.changes(runnel, sql).stream().map(Change::values).toList();
  }

  @Test
  void aStreamDroppedAndCreatedAgainKeepsItsNewDataAcrossRestarts() throws Exception {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.executeAll("CREATE STREAM s (x BIGINT); INSERT INTO s VALUES (1), (2); DROP STREAM s;"
          + "CREATE STREAM s (x BIGINT, y VARCHAR); INSERT INTO s VALUES (3, 'new')");
    }
    for (int restart = 0; restart < 2; restart++) {
      try (Runnel runnel = Runnel.open(dir)) {
        assertEquals(List.of(List.of(3L, "new")), rows(runnel, "SELECT x, y FROM s"), "restart " + restart);
      }
    }
  }

  @Test
  void aSecondEngineOnTheSameDirectoryIsRefusedNamingTheOwner() {
    try (Runnel runnel = Runnel.open(dir)) {
      RunnelException e = assertThrows(RunnelException.class, () -> Runnel.open(dir));
      assertEquals(ErrorCode.DATA_DIRECTORY_IN_USE, e.code());
      assertTrue(e.getMessage().contains("process " + ProcessHandle.current().pid()), e.getMessage());
      runnel.execute("CREATE STREAM still_mine (x BIGINT)");
    }
    try (Runnel again = Runnel.open(dir)) { // closing the first engine freed the directory
      assertTrue(again.catalog().streams().containsKey("still_mine"));
    }
  }

  @Test
  void anEntryThatNoLongerReplaysIsReportedAndTheRestOpens() throws Exception {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.executeAll("CREATE STREAM s (x BIGINT); INSERT INTO s VALUES (7)");
    }
    // an entry this version cannot replay (as when a definition's meaning changed between versions)
    try (CatalogLog log = CatalogLog.open(dir.resolve("catalog"))) {
      log.append("CREATE STREAM broken (x NO_SUCH_TYPE)");
    }
    try (Runnel runnel = Runnel.open(dir)) {
      assertEquals(List.of(List.of(7L)), rows(runnel, "SELECT x FROM s"));
      assertTrue(!runnel.catalog().streams().containsKey("broken"));
      List<List<Object>> errors = rows(runnel, "SELECT source, reason FROM sys.errors");
      assertEquals(1, errors.size(), errors.toString());
      assertEquals("catalog", errors.get(0).get(0));
      assertTrue(errors.get(0).get(1).toString().contains("could not be replayed"), errors.toString());
    }
  }

  @Test
  void aCatalogOfAFutureFormatIsRefused() {
    try (CatalogLog log = CatalogLog.open(dir.resolve("catalog"))) {
      log.append("FORMAT 99");
    }
    RunnelException e = assertThrows(RunnelException.class, () -> Runnel.open(dir));
    assertTrue(e.getMessage().contains("format 99"), e.getMessage());
    try (CatalogLog log = CatalogLog.open(dir.resolve("catalog"))) {
      assertEquals(List.of("FORMAT 99"), log.readAll(), "nothing was written to it");
    }
  }

}
