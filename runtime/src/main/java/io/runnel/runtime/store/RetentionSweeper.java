package io.runnel.runtime.store;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Applies each registered stream's retention every {@code period}, on a daemon thread of its own. A store
 * is unregistered before it is closed: {@link #unregister} waits for a sweep that is using it. A sweep
 * that fails is reported to {@code failed} (the stream's name and the error) and tried again next time.
 */
public final class RetentionSweeper implements AutoCloseable {
  private record Entry(RelationStore store, Retention retention) {}

  private final Map<String, Entry> stores = new LinkedHashMap<>(); // guarded by this
  private final BiConsumer<String, RuntimeException> failed;
  private final ScheduledExecutorService timer;

  public RetentionSweeper(long periodMillis, BiConsumer<String, RuntimeException> failed) {
    this.failed = requireNonNull(failed, "failed is null");
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "runnel-retention");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(this::sweep, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  /** Applies {@code retention} to {@code store} now, and every period from now on. */
  public synchronized void register(String name, RelationStore store, Retention retention) {
    if (retention.isNone()) {
      return;
    }
    stores.put(name, new Entry(store, retention));
    apply(name, store, retention);
  }

  public synchronized void unregister(String name) {
    stores.remove(name);
  }

  /** Applies every registered retention once. */
  public synchronized void sweep() {
    stores.forEach((name, e) -> apply(name, e.store(), e.retention()));
  }

  private void apply(String name, RelationStore store, Retention retention) {
    try {
      store.applyRetention(retention);
    } catch (RuntimeException e) {
      failed.accept(name, e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    synchronized (this) {
      stores.clear();
    }
  }
}
