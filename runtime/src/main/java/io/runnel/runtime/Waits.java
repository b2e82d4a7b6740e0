package io.runnel.runtime;

/** Waiting on behalf of a statement: an interrupt ends the wait as a timeout does, with the flag kept. */
final class Waits {
  private Waits() {}

  /** A wait that says whether what it waited for happened. */
  interface Wait {
    boolean await() throws InterruptedException;
  }

  /** What {@code wait} says; false if the thread was interrupted, which stays marked. */
  static boolean interruptibly(Wait wait) {
    try {
      return wait.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
