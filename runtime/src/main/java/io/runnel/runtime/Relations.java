package io.runnel.runtime;

import io.runnel.EngineConfig;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.planner.catalog.Catalog;
import io.runnel.planner.catalog.RelationDef;
import io.runnel.runtime.ingest.Connector;
import io.runnel.runtime.ingest.Connectors;
import io.runnel.runtime.log.CatalogLog;
import io.runnel.runtime.store.PartitionedStore;
import io.runnel.runtime.store.RelationStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The catalog with what backs it on disk: the catalog log, one log per stream and table, and the
 * connectors filling them. Guarded by the engine's lock, except the stores, which are thread-safe.
 */
final class Relations implements AutoCloseable {
  private final Path dataDir;
  private final EngineConfig config;
  private final Catalog catalog = new Catalog();
  private final CatalogLog catalogLog;
  private final Map<String, RelationStore> stores = new HashMap<>();
  private final Map<String, Connector> connectors = new HashMap<>();
  private final SystemErrors errors;
  private final SystemLate late;

  Relations(Path dataDir, EngineConfig config) {
    this.dataDir = dataDir;
    this.config = config;
    this.catalogLog = CatalogLog.open(dataDir.resolve("catalog"));
    catalog.add(SystemErrors.DEFINITION);
    RelationStore errorStore = openStore(SystemErrors.DEFINITION);
    stores.put(key(SystemErrors.NAME), errorStore);
    this.errors = new SystemErrors(errorStore, config.clock());
    catalog.add(SystemLate.DEFINITION);
    RelationStore lateStore = openStore(SystemLate.DEFINITION);
    stores.put(key(SystemLate.NAME), lateStore);
    this.late = new SystemLate(lateStore, config.clock());
  }

  SystemLate late() {
    return late;
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

  List<String> catalogEntries() {
    return catalogLog.readAll();
  }

  void log(String entry) {
    catalogLog.append(entry);
  }

  /** Adds a stream or table and opens its log; {@code startConnector} is false while replaying. */
  void create(RelationDef def) {
    catalog.add(def);
    stores.put(key(def.name()), openStore(def));
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

  void drop(String name) {
    Connector connector = connectors.remove(key(name));
    if (connector != null) {
      connector.stop();
    }
    RelationStore store = stores.remove(key(name));
    if (store != null) {
      store.close();
    }
    catalog.remove(name);
    deleteRecursively(streamDir(name));
  }

  private RelationStore openStore(RelationDef def) {
    boolean bounded = def.connector().equals("file") || (def.connector().equals("nexmark") && def.properties().containsKey("events"));
    int[] keys = def.primaryKey().stream().mapToInt(Integer::intValue).toArray();
    return PartitionedStore.open(streamDir(def.name()), def.schema(), bounded, def.partitions(), keys);
  }

  private Path streamDir(String name) {
    return dataDir.resolve("streams").resolve(key(name));
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new RunnelException(ErrorCode.IO_ERROR, null, "Cannot delete " + dir + ": " + e.getMessage(), null, e);
    }
  }

  @Override
  public void close() {
    connectors.values().forEach(Connector::stop);
    connectors.clear();
    stores.values().forEach(RelationStore::close);
    stores.clear();
    catalogLog.close();
  }
}
