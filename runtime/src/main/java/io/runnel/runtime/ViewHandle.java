package io.runnel.runtime;

import io.runnel.Column;
import io.runnel.MaterializedView;
import io.runnel.ViewListener;
import io.runnel.ViewPosition;
import io.runnel.ViewSubscription;
import io.runnel.operators.types.Schema;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.planner.catalog.RelationDef;
import io.runnel.runtime.query.QueryLauncher;
import io.runnel.runtime.view.ViewFeed;
import io.runnel.runtime.view.ViewStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A materialized view as the embedded API hands it out: it stays the same object while versions of the
 * view come and go ({@link #swap}), and answers from the current one.
 */
final class ViewHandle implements MaterializedView {
  /** Waits for the persistent queries upstream of a view; true if they caught up in time. */
  interface Upstream {
    boolean await(String view, Duration timeout) throws InterruptedException;
  }

  private final String name;
  private final Upstream upstream;
  private final Set<ViewFeed> feeds = ConcurrentHashMap.newKeySet();
  private volatile Version current;
  private volatile boolean dropped;

  /** A version of the view: its definition and its rows, swapped together. */
  private record Version(RelationDef def, ViewStore store) {}

  ViewHandle(RelationDef def, ViewStore first, Upstream upstream) {
    this.name = def.name();
    this.current = new Version(def, first);
    this.upstream = upstream;
  }

  ViewStore current() {
    return current.store();
  }

  /** Makes {@code next} (of {@code nextDef}) the version reads answer from; returns the one before. */
  ViewStore swap(RelationDef nextDef, ViewStore next) {
    ViewStore before = current.store();
    current = new Version(nextDef, next);
    feeds.forEach(ViewFeed::wake);
    return before;
  }

  /** The view is gone: subscriptions end, reads fail. */
  void dropped() {
    dropped = true;
    feeds.forEach(ViewFeed::close);
    feeds.clear();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<Column> columns() {
    return QueryLauncher.columns(current.def().schema());
  }

  @Override
  public List<String> key() {
    RelationDef def = current.def();
    List<Integer> key = def.view().key();
    return key == null ? List.of() : key.stream().map(def.schema()::name).toList();
  }

  @Override
  public boolean keyed() {
    return current.def().view().key() != null;
  }

  @Override
  public Optional<List<Object>> lookup(Object... key) {
    Version version = live();
    ViewStore store = version.store();
    RelationDef d = version.def();
    List<Integer> columns = d.view().key();
    if (columns == null) {
      throw new RunnelException(
          ErrorCode.UNSUPPORTED, null, "View " + name + " has no key to look rows up by", "Scan it, or give its query a GROUP BY so that its rows have a key.");
    }
    if (key.length != columns.size()) {
      throw new RunnelException(
          ErrorCode.COLUMN_COUNT_MISMATCH, null, "View " + name + " is keyed by " + key() + ": give " + columns.size() + " value" + (columns.size() == 1 ? "" : "s") + ", not " + key.length, null);
    }
    Schema schema = d.schema();
    Object[] physical = new Object[key.length];
    for (int i = 0; i < key.length; i++) {
      int c = columns.get(i);
      physical[i] = JavaValues.toPhysical(key[i], schema.type(c), schema.name(c));
    }
    Object[] row = store.lookup(Arrays.asList(physical));
    return row == null ? Optional.empty() : Optional.of(ViewFeed.javaRow(row, schema));
  }

  @Override
  public List<List<Object>> scan() {
    ViewStore store = live().store();
    return ViewFeed.javaRows(store.snapshot().rows(), store.schema());
  }

  @Override
  public ViewPosition position() {
    ViewStore store = live().store();
    return new ViewPosition(store.version(), store.position());
  }

  @Override
  public boolean sync(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (!upstream.await(name, timeout)) {
      return false;
    }
    return live().store().awaitLogEnd(deadline);
  }

  @Override
  public ViewSubscription subscribe(ViewListener listener) {
    return subscribe(null, listener);
  }

  @Override
  public ViewSubscription subscribe(ViewPosition from, ViewListener listener) {
    ViewStore store = live().store();
    if (from != null && from.version() == store.version() && from.change() > store.log().rowCount(0)) {
      throw new RunnelException(
          ErrorCode.INVALID_INPUT,
          null,
          "Position " + from.change() + " is past the end of view " + name + "'s changelog (" + store.log().rowCount(0) + " changes)",
          "Subscribe from a position a subscription handed out, or from the view's current rows.");
    }
    ViewFeed feed = new ViewFeed(name, this::current, from, listener);
    feeds.add(feed);
    feed.start();
    return new ViewSubscription() {
      @Override
      public ViewPosition position() {
        return feed.position();
      }

      @Override
      public void close() {
        feeds.remove(feed);
        feed.close();
      }
    };
  }

  private Version live() {
    if (dropped) {
      throw RunnelException.user(ErrorCode.UNKNOWN_RELATION, null, "Materialized view " + name + " was dropped");
    }
    Version version = current;
    ViewStore store = version.store();
    if (store.failure() != null) {
      throw new RunnelException(ErrorCode.IO_ERROR, null, "Reading the changelog of view " + name + " failed: " + store.failure().getMessage(), null, store.failure());
    }
    return version;
  }
}
