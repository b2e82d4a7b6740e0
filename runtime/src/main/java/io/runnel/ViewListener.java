package io.runnel;

import java.util.List;

/**
 * Receives a materialized view's changes, on the subscription's own thread, one at a time and in the
 * changelog's order.
 */
@FunctionalInterface
public interface ViewListener {

  /**
   * The view's rows as of {@code position}: changes from that position follow. Called first by a
   * subscription from the current rows, and again whenever the view is replaced by a new version.
   */
  default void snapshot(ViewPosition position, List<List<Object>> rows) {}

  /** The change at {@code position}. */
  void change(ViewPosition position, Change change);

  /**
   * The subscription has handed over everything the changelog held when it last looked: {@code next} is
   * the position of the change that comes next, once it is appended. Called after a snapshot or a run of
   * changes, when the subscription finds nothing more, before it waits; not called while it is behind. A
   * listener that gathers changes to pass them on together (one network write for many) passes them on now.
   */
  default void caughtUp(ViewPosition next) {}

  /** The subscription ended because reading the changelog failed: {@code failure} says why. */
  default void failed(Throwable failure) {}
}
