package io.runnel.runtime;

import io.runnel.EngineConfig;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.planner.catalog.Catalog;
import io.runnel.planner.catalog.RelationDef;
import io.runnel.runtime.ingest.Connector;
import io.runnel.runtime.ingest.Connectors;
import io.runnel.runtime.log.CatalogLog;
import io.runnel.runtime.log.Directories;
import io.runnel.runtime.log.Rolling;
import io.runnel.runtime.store.PartitionedStore;
import io.runnel.runtime.store.RelationStore;
import io.runnel.runtime.store.Retention;
import io.runnel.runtime.store.RetentionSweeper;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The catalog with what backs it on disk: the catalog log, one log per stream and table, and the
 * connectors filling them. Guarded by the engine's lock, except the stores, which are thread-safe.
 */
final class Relations implements AutoCloseable {
  private final Path dataDir;
  private final EngineConfig config;
  private final Catalog catalog = new Catalog();
  private final DataDirectoryLock lock;
  private final CatalogLog catalogLog;
  private final List<String> replayed;
  /** The catalog log's format: 1 before it began with a {@code FORMAT} entry. */
  private final int format;
  private int entryCount;
  /** The directory of each open stream and table, under {@code streams/}. */
  private final Map<String, String> directories = new HashMap<>();
  private final Map<String, RelationStore> stores = new HashMap<>();
  private final Map<String, Connector> connectors = new HashMap<>();
  private final SystemErrors errors;
  private final SystemLate late;
  /** Applies streams' retention when they open and every minute after. */
  private final RetentionSweeper retention;

  Relations(Path dataDir, EngineConfig config) {
    this.dataDir = dataDir;
    this.config = config;
    this.lock = DataDirectoryLock.acquire(dataDir);
    try {
      this.catalogLog = CatalogLog.open(dataDir.resolve("catalog"));
    } catch (RuntimeException | Error e) {
      lock.close();
      throw e;
    }
    List<String> entries = catalogLog.readAll();
    if (entries.isEmpty()) {
      catalogLog.append(CatalogEntries.format());
      entries = List.of(CatalogEntries.format());
    }
    this.format = CatalogEntries.formatOf(entries.get(0));
    if (format > CatalogEntries.FORMAT_VERSION) {
      catalogLog.close();
      lock.close();
      throw new RunnelException(
          ErrorCode.IO_ERROR,
          null,
          "The catalog of " + dataDir + " has format " + format + "; this version of Runnel reads formats up to " + CatalogEntries.FORMAT_VERSION,
          "Open it with the newer Runnel that wrote it.");
    }
    this.replayed = entries;
    this.entryCount = entries.size();
    catalog.add(SystemErrors.DEFINITION);
    RelationStore errorStore = openStore(SystemErrors.DEFINITION, key(SystemErrors.NAME));
    stores.put(key(SystemErrors.NAME), errorStore);
    this.errors = new SystemErrors(errorStore, config.clock());
    catalog.add(SystemLate.DEFINITION);
    RelationStore lateStore = openStore(SystemLate.DEFINITION, key(SystemLate.NAME));
    stores.put(key(SystemLate.NAME), lateStore);
    this.late = new SystemLate(lateStore, config.clock());
    this.retention = new RetentionSweeper(RETENTION_PERIOD_MILLIS, (name, e) -> errors.report("retention", "cannot apply the retention of " + name + ": " + e.getMessage(), name));
  }

  private static final long RETENTION_PERIOD_MILLIS = 60_000;

  SystemLate late() {
    return late;
  }

  /**
   * Where late rows go: the stream {@code name}, or sys.late when it is null. Fails when the stream a
   * session named no longer exists.
   */
  SystemLate lateStream(String name) {
    if (name == null) {
      return late;
    }
    if (catalog.find(name).isEmpty()) {
      throw new RunnelException(
          ErrorCode.UNKNOWN_RELATION, null, "The late stream '" + name + "' no longer exists", "SET 'window.late-stream' to another stream, or RESET it.");
    }
    return new SystemLate(store(name), config.clock());
  }

  Catalog catalog() {
    return catalog;
  }

  SystemErrors errors() {
    return errors;
  }

  RelationStore store(String name) {
    RelationStore store = stores.get(key(name));
    if (store == null) {
      throw RunnelException.user(ErrorCode.UNKNOWN_RELATION, null, "No log for '" + name + "'");
    }
    return store;
  }

  /** The entries the catalog log held when the engine opened, in order (an entry's index is its ordinal). */
  List<String> catalogEntries() {
    return replayed;
  }

  void log(String entry) {
    catalogLog.append(entry);
    entryCount++;
  }

  /** Where the checkpoints of persistent query {@code queryId} go. */
  Path checkpointDir(String queryId) {
    return dataDir.resolve("checkpoints").resolve(queryId);
  }

  /** Where the input journal of persistent query {@code queryId} goes. */
  Path journalDir(String queryId) {
    return dataDir.resolve("journal").resolve(queryId);
  }

  /** The ordinal the next entry of the catalog log will have. */
  int nextOrdinal() {
    return entryCount;
  }

  /**
   * Adds a stream or table and opens its log. {@code ordinal} is that of the catalog entry creating it:
   * each incarnation of a name gets a directory of its own ({@code streams/<name>@<ordinal>}), so that a
   * stream dropped and created again never shares files with the one before (catalogs of format 1 used
   * {@code streams/<name>}).
   */
  void create(RelationDef def, int ordinal) {
    add(def, ordinal, openStore(def, directory(def, ordinal)));
  }

  /** Adds {@code def}, whose log {@code store} {@link #openIncarnation} opened for ordinal {@code ordinal}. */
  void add(RelationDef def, int ordinal, RelationStore store) {
    catalog.add(def);
    directories.put(key(def.name()), directory(def, ordinal));
    stores.put(key(def.name()), store);
    retention.register(key(def.name()), store, new Retention(def.retentionMillis(), def.retentionBytes()));
  }

  /**
   * Opens the log that a new incarnation of {@code def} will have once its catalog entry is written with
   * ordinal {@code ordinal}. The catalog still names the incarnation before it until {@link #replace}.
   */
  RelationStore openIncarnation(RelationDef def, int ordinal) {
    return openStore(def, directory(def, ordinal));
  }

  /** Where the log of the incarnation of {@code def} created by entry {@code ordinal} lives. */
  Path incarnationDir(RelationDef def, int ordinal) {
    return dataDir.resolve("streams").resolve(directory(def, ordinal));
  }

  /** Where the log of version {@code incarnation} of materialized view {@code name} lives (see {@link #incarnationDir}). */
  Path viewIncarnationDir(String name, long incarnation) {
    return dataDir.resolve("streams").resolve(key(name) + "@" + incarnation);
  }

  /** The directory, under {@code streams/}, of the incarnation of {@code def} created by entry {@code ordinal}. */
  private String directory(RelationDef def, int ordinal) {
    // materialized views came after format 1: theirs always name the incarnation
    return format == 1 && !def.isMaterializedView() ? key(def.name()) : key(def.name()) + "@" + ordinal;
  }

  /**
   * Makes {@code def}, whose log {@code store} {@link #openIncarnation} opened for ordinal {@code ordinal},
   * the relation of its name in place of the incarnation before, and returns what removes the one before:
   * it closes its log and deletes its files, and runs when nothing reads them any more.
   */
  Runnable replace(RelationDef def, int ordinal, RelationStore store) {
    retention.unregister(key(def.name()));
    RelationStore old = stores.put(key(def.name()), store);
    retention.register(key(def.name()), store, new Retention(def.retentionMillis(), def.retentionBytes()));
    String oldDirectory = directories.put(key(def.name()), directory(def, ordinal));
    catalog.remove(def.name());
    catalog.add(def);
    return () -> {
      old.close();
      deleteRecursively(dataDir.resolve("streams").resolve(oldDirectory));
    };
  }

  /** True for a relation read from its start whatever a query asks: a table's or a view's rows are its content. */
  boolean readWhole(String name) {
    return catalog.find(name).orElse(null) instanceof RelationDef def && def.readWhole();
  }

  /** Starts the connector that fills {@code def}, if it has one and it has not finished before. */
  void startConnector(RelationDef def) {
    RelationStore store = store(def.name());
    if (store.sealed()) {
      return;
    }
    Connector connector = Connectors.create(def, store, errors, config, () -> log(CatalogEntries.sealed(def.name())));
    if (connector != null) {
      connectors.put(key(def.name()), connector);
      connector.start();
    }
  }

  /**
   * Removes a stream or table and, unless {@code replaying}, deletes its files. Replaying the catalog never
   * deletes: a dropped incarnation's files went when it was dropped, and under format 1 the directory may
   * now hold the data of a later incarnation of the same name.
   */
  void drop(String name, boolean replaying) {
    Connector connector = connectors.remove(key(name));
    if (connector != null) {
      connector.stop();
    }
    retention.unregister(key(name));
    RelationStore store = stores.remove(key(name));
    if (store != null) {
      store.close();
    }
    catalog.remove(name);
    String directory = directories.remove(key(name));
    if (!replaying && directory != null) {
      deleteRecursively(dataDir.resolve("streams").resolve(directory));
    }
  }

  private RelationStore openStore(RelationDef def, String directory) {
    boolean bounded = def.bounded();
    // a view's log is its changelog, read from positions: it is never compacted and needs no placement by key
    int[] keys = def.isMaterializedView() ? new int[0] : def.primaryKey().stream().mapToInt(Integer::intValue).toArray();
    Rolling rolling = def.secondlyRollCycle() ? Rolling.SECONDLY : Rolling.DAILY;
    // a table with an event time is versioned: its history is what temporal joins read
    boolean compact = def.rowtime() < 0;
    return PartitionedStore.open(dataDir.resolve("streams").resolve(directory), def.schema(), bounded, def.partitions(), keys, rolling, compact);
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  private static void deleteRecursively(Path dir) {
    try {
      Directories.deleteRecursively(dir);
    } catch (UncheckedIOException e) {
      throw new RunnelException(ErrorCode.IO_ERROR, null, "Cannot delete " + dir + ": " + e.getCause().getMessage(), null, e);
    }
  }

  @Override
  public void close() {
    retention.close();
    connectors.values().forEach(Connector::stop);
    connectors.clear();
    stores.values().forEach(RelationStore::close);
    stores.clear();
    catalogLog.close();
    lock.close();
  }
}
