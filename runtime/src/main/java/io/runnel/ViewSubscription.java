package io.runnel;

/** A subscription to a materialized view's changes; closing it stops them. */
public interface ViewSubscription extends AutoCloseable {

  /** The position of the next change the subscriber will be handed. */
  ViewPosition position();

  @Override
  void close();
}
