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

  /** The subscription ended because reading the changelog failed: {@code failure} says why. */
  default void failed(Throwable failure) {}
}
