package io.runnel;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The read side of a materialized view ({@code CREATE MATERIALIZED VIEW}): its current rows, kept up to
 * date by its persistent query, looked up by key, scanned, and subscribed to.
 *
 * <p>Reads answer from the rows the view holds now, without waiting, and never see half of a batch of
 * changes. A read that must see an insert made just before it calls {@link #sync} first. Its changelog is a
 * log with positions: a subscription starts from the view's current rows or from a position, and a
 * subscriber that comes back with the position after the last change it saw misses nothing and sees
 * nothing twice. Each subscription reads the log on a thread of its own, so a slow subscriber never slows
 * the view's query: it falls behind and catches up from the log.
 *
 * <p>{@code CREATE OR REPLACE MATERIALIZED VIEW} builds the new version beside this one, which keeps
 * answering until the new one has caught up; then reads answer from the new version, and each
 * subscription is handed the new version's rows by {@link ViewListener#snapshot}. Positions are those of one
 * version's changelog ({@link ViewPosition#version()}).
 *
 * <p>Values are Java values, as in {@link Change#values()}. All methods are thread-safe.
 */
public interface MaterializedView {

  String name();

  List<Column> columns();

  /**
   * The columns that identify a row, in order: the query's GROUP BY columns, say. Empty for a view with one
   * row (a global aggregate) and for one whose query names no such columns (then {@link #keyed()} is false).
   */
  List<String> key();

  /** True when rows are identified by {@link #key()}; false for a bag of rows, which has no lookups. */
  boolean keyed();

  /**
   * The row whose key columns hold {@code key} (one value per {@link #key()} column, converted as {@link
   * Runnel#insert} converts values), or empty. Fails with a {@link io.runnel.parser.RunnelException} when
   * the view has no key or the values do not fit it.
   */
  Optional<List<Object>> lookup(Object... key);

  /** Every row the view holds now, in the order of the changes that last touched them. */
  List<List<Object>> scan();

  /** How far into its changelog the rows the view holds now are. */
  ViewPosition position();

  /**
   * Waits until the view holds every change that follows from what was appended to its inputs before
   * this call: its persistent query (and those upstream of it) have processed it, and the view has taken
   * the changes in. True if that happened within {@code timeout}.
   */
  boolean sync(Duration timeout) throws InterruptedException;

  /** Subscribes from the view's current rows: {@link ViewListener#snapshot} first, then every change. */
  ViewSubscription subscribe(ViewListener listener);

  /**
   * Subscribes from {@code from}: every change from that position of the changelog on. A position of
   * another version of the view (it was replaced since) starts from the current rows instead, by {@link
   * ViewListener#snapshot}. Fails for a position past the end of the changelog.
   */
  ViewSubscription subscribe(ViewPosition from, ViewListener listener);
}
