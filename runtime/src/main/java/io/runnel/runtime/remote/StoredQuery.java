package io.runnel.runtime.remote;

import io.runnel.Change;
import io.runnel.Column;
import io.runnel.QueryHandle;
import io.runnel.QueryStats;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * A persistent query the server runs, as a client sees it after starting it: its id. It runs on the server,
 * not here; SHOW QUERIES and GET /metrics follow it.
 */
final class StoredQuery implements QueryHandle {
  private final String id;

  StoredQuery(String id) {
    this.id = id;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public List<Column> columns() {
    return List.of();
  }

  @Override
  public boolean updating() {
    return false;
  }

  @Override
  public void subscribe(Consumer<Change> consumer) {
    throw notHere();
  }

  @Override
  public Iterator<Change> changes() {
    throw notHere();
  }

  @Override
  public boolean awaitTermination(Duration timeout) {
    return false;
  }

  @Override
  public boolean isDone() {
    return false;
  }

  @Override
  public boolean bounded() {
    return false;
  }

  @Override
  public boolean sync(Duration timeout) {
    return false;
  }

  @Override
  public Throwable failure() {
    return null;
  }

  @Override
  public QueryStats stats() {
    return new QueryStats(0, 0, Long.MIN_VALUE, 0, 0);
  }

  /** Leaves it running: it is the server's. */
  @Override
  public void cancel() {}

  private RunnelException notHere() {
    return new RunnelException(ErrorCode.UNSUPPORTED, null, "Query " + id + " writes into its target on the server", "Read the target, or follow it with a SELECT.");
  }
}
