package io.runnel.runtime;

import io.runnel.MaterializedView;
import io.runnel.StatementResult;
import io.runnel.operators.api.LateSink;
import io.runnel.operators.dag.Vertex;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.ast.Pos;
import io.runnel.parser.ast.Query;
import io.runnel.parser.ast.Statement;
import io.runnel.planner.PlannedQuery;
import io.runnel.planner.Planner;
import io.runnel.planner.catalog.CatalogObject;
import io.runnel.planner.catalog.RelationDef;
import io.runnel.runtime.log.Directories;
import io.runnel.runtime.query.QueryLauncher;
import io.runnel.runtime.query.RunningQuery;
import io.runnel.runtime.store.RelationStore;
import io.runnel.runtime.view.PointLookup;
import io.runnel.runtime.view.ViewStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Materialized views: {@code CREATE [OR REPLACE] MATERIALIZED VIEW}, {@code DROP MATERIALIZED VIEW}, and
 * their read side. A view is a relation whose log is the changelog its persistent query writes, exactly
 * once like any persistent query's output; its current rows are kept by a {@link ViewStore} that follows
 * that log. A query that reads only views and does not ask for changes ({@code EMIT CHANGES}) is answered
 * from their current rows, at once, reading only the row a key names where its filter names one; with
 * {@code EMIT CHANGES} it reads their changelogs from the start: the current rows, then every change.
 *
 * <p>Replacing a view is {@link ViewReplacements}'s.
 *
 * <p>Called with the engine's lock held, except the handles, which are thread-safe.
 */
final class MaterializedViews {
  private final Relations relations;
  private final QueryRegistry registry;
  private final QueryLauncher launcher;
  private final ViewHandle.Upstream upstream;
  private final java.util.function.Consumer<RunningQuery> awaitBounded;
  private final ViewReplacements replacements;
  private final Map<String, ViewHandle> handles = new HashMap<>();
  /** The incarnation (version) of each view the catalog log replayed. */
  private final Map<String, Long> replayed = new HashMap<>();
  /** Replacements the catalog log noted, by incarnation, while it is replayed, until a view entry shows it took over. */
  private final Map<Long, ReplacingEntry> begun = new HashMap<>();
  /** The versions that new ones replaced, while the catalog log is replayed. */
  private final List<Leftover> superseded = new ArrayList<>();

  /** A version of view {@code name} whose log and query's state (if {@code query} is not null) are to go. */
  private record Leftover(String name, long incarnation, String query) {}

  /**
   * {@code awaitBounded} waits for a query over files to end (see {@link StatementRunner#awaitBounded});
   * {@code lock} is the engine's, let go of while a new version catches up.
   */
  MaterializedViews(
      Relations relations,
      QueryRegistry registry,
      QueryLauncher launcher,
      ViewHandle.Upstream upstream,
      java.util.function.Consumer<RunningQuery> awaitBounded,
      EngineLock lock) {
    this.relations = relations;
    this.awaitBounded = awaitBounded;
    this.registry = registry;
    this.launcher = launcher;
    this.upstream = upstream;
    this.replacements = new ViewReplacements(relations, registry, lock, this);
  }

  static boolean owns(String entry) {
    return entry.startsWith(ViewEntry.PREFIX) || entry.startsWith(ReplacingEntry.PREFIX);
  }

  /**
   * Replays a view's entry of the catalog log: its relation, and its query for the registry to start; or
   * the note that a replacement began, which the view entry of its incarnation follows if it took over.
   */
  void replay(String entry) {
    if (entry.startsWith(ReplacingEntry.PREFIX)) {
      ReplacingEntry r = ReplacingEntry.decode(entry);
      begun.put(r.incarnation(), r);
      registry.taken(r.query());
      return;
    }
    ViewEntry v = ViewEntry.decode(entry);
    begun.remove(v.incarnation());
    if (relations.catalog().find(v.name()).isPresent()) {
      if (relations.catalog().find(v.name()).get() instanceof RelationDef d && d.isMaterializedView() && replayed.containsKey(key(v.name()))) {
        superseded.add(new Leftover(v.name(), replayed.get(key(v.name())), v.replaces()));
      }
      relations.drop(v.name(), true); // the version before: replaying never deletes (see deleteLeftovers)
    }
    relations.create(v.definition(), (int) v.incarnation());
    replayed.put(key(v.name()), v.incarnation());
    if (v.replaces() != null) {
      registry.replay("TERMINATE " + v.replaces());
    }
    registry.replay(v.query().encode());
  }

  /**
   * Once the catalog log is replayed, deletes what replacements left behind: the log, checkpoints and
   * journal of each new version that never took over (given up, or cut short by a crash), and the log of
   * each version replaced, with its query's checkpoints and journal (a crash may have come before they were
   * deleted). Each is a name of its own, which nothing else is given, so deleting it again is harmless. What
   * cannot be deleted is reported in sys.errors, and tried again when the engine next opens.
   */
  void deleteLeftovers() {
    begun.values().forEach(r -> superseded.add(new Leftover(r.name(), r.incarnation(), r.query())));
    for (Leftover l : superseded) {
      deleteQuietly(l.name(), relations.viewIncarnationDir(l.name(), l.incarnation()), l.query());
    }
    begun.clear();
    superseded.clear();
  }

  /** Deletes a version's log {@code dir} and the checkpoints and journal of its query {@code queryId} (if not null). */
  void deleteQuietly(String view, java.nio.file.Path dir, String queryId) {
    try {
      Directories.deleteRecursively(dir);
      if (queryId != null) {
        registry.freeState(queryId);
      }
    } catch (RuntimeException e) {
      relations.errors().report("catalog", "what a version of view " + view + " left could not be deleted (" + dir + "): " + e.getMessage(), null);
    }
  }

  /** Opens the read side of every view the catalog log replayed. */
  void startAll() {
    for (CatalogObject o : relations.catalog().all()) {
      if (o instanceof RelationDef def && def.isMaterializedView()) {
        ViewStore store = new ViewStore(def.name(), replayed.get(key(def.name())), def.schema(), relations.store(def.name()), def.view().key());
        store.start();
        handles.put(key(def.name()), new ViewHandle(def, store, upstream));
      }
    }
  }

  StatementResult create(Statement.CreateMaterializedView mv, String text, SessionOptions options) {
    Optional<CatalogObject> existing = relations.catalog().find(mv.name().value());
    if (existing.isPresent()) {
      String kind = StatementRunner.kindOf(existing.get());
      if (mv.ifNotExists()) {
        return new StatementResult.Ok(kind + " " + existing.get().name() + " already exists");
      }
      if (!mv.orReplace()) {
        throw new RunnelException(
            ErrorCode.DUPLICATE_OBJECT, mv.name().pos(), kind + " '" + existing.get().name() + "' already exists", "Use CREATE OR REPLACE MATERIALIZED VIEW, or DROP it first.");
      }
      if (!(existing.get() instanceof RelationDef d && d.isMaterializedView())) {
        throw new RunnelException(
            ErrorCode.DUPLICATE_OBJECT,
            mv.name().pos(),
            "'" + existing.get().name() + "' is a " + kind.toLowerCase(Locale.ROOT) + ": only a materialized view is replaced by one",
            "Choose another name, or DROP " + kind.toUpperCase(Locale.ROOT) + " " + existing.get().name() + " first.");
      }
      replacements.refuseWhileReplacing(existing.get().name(), mv.name().pos(), "replaced");
      refuseReaders(existing.get().name(), mv.name().pos(), "replaced", true);
      return replacements.replace(mv, text, options, (RelationDef) existing.get());
    }
    String name = mv.name().value();
    Planner planner = options.planner(relations.catalog());
    PlannedQuery shape = planner.plan(mv.query()); // its columns, its changelog and which columns identify a row
    RelationDef.View view = new RelationDef.View(shape.updating(), shape.uniqueKey());
    RelationDef def = RelationDef.materializedView(name, shape.schema(), view, text);
    Statement.Insert insert = QueryRegistry.insertOf(mv);
    PlannedQuery plan = planner.planInsert(insert, def);
    replacements.refuseReadingReplaced(plan.sources(), mv.pos());
    int incarnation = relations.nextOrdinal();
    RelationStore log = relations.openIncarnation(def, incarnation);
    RegisteredQuery query = null;
    ViewStore store = null;
    try {
      query = registry.prepare(insert, text, plan, options, log);
      store = new ViewStore(name, incarnation, def.schema(), log, view.key());
      store.start();
    } catch (RuntimeException | Error e) {
      try {
        if (query != null) {
          registry.discard(query);
        }
        if (store != null) {
          store.close();
        }
        log.close();
      } finally {
        deleteQuietly(name, relations.incarnationDir(def, incarnation), query == null ? null : query.id);
      }
      throw e;
    }
    relations.log(new ViewEntry(name, incarnation, view, def.schema(), null, query.stored).encode());
    registry.commit(query);
    relations.add(def, incarnation, log);
    handles.put(key(name), new ViewHandle(def, store, upstream));
    awaitIfOverFiles(plan, query);
    return new StatementResult.PersistentQuery(query.running, name, "Created materialized view " + name + ", kept up to date by query " + query.id);
  }

  /** Over files only, the view is complete when its query ends: waits for that, and ends the query. */
  void awaitIfOverFiles(PlannedQuery plan, RegisteredQuery query) {
    if (plan.scannedSources().stream().allMatch(r -> relations.store(r).bounded())) {
      awaitBounded.accept(query.running);
      registry.finish(query.id);
    }
  }

  /** Drops view {@code def}: its query ends for good, its read side closes, its log is deleted. */
  StatementResult drop(RelationDef def, Pos pos) {
    replacements.refuseWhileReplacing(def.name(), pos, "dropped");
    refuseReaders(def.name(), pos, "dropped", false);
    String writer = registry.writerOf(def.name());
    if (writer != null) {
      registry.terminate(writer);
    }
    ViewHandle handle = handles.remove(key(def.name()));
    if (handle != null) {
      handle.dropped();
      handle.current().close();
    }
    relations.drop(def.name(), false);
    relations.log(CatalogEntries.drop(def.name()));
    return new StatementResult.Ok("Dropped materialized view " + def.name());
  }

  /**
   * Refuses to drop or replace a view while other queries read it (persistent ones only, for a
   * replacement): they would lose their input.
   */
  void refuseReaders(String view, Pos pos, String what, boolean persistentOnly) {
    List<String> readers = registry.readers(view, persistentOnly);
    if (!readers.isEmpty()) {
      throw new RunnelException(
          ErrorCode.UNSUPPORTED,
          pos,
          "View " + view + " cannot be " + what + " while " + (readers.size() == 1 ? "query " : "queries ") + String.join(", ", readers) + " read" + (readers.size() == 1 ? "s" : "") + " it",
          "TERMINATE QUERY " + readers.get(0) + " first" + (readers.size() > 1 ? ", and the others" : "") + ".");
    }
  }

  /** The read side of view {@code name}, or null if there is no such view. */
  ViewHandle handle(String name) {
    return handles.get(key(name));
  }

  /** Refuses a replacement or drop of {@code relation} while a replacement relies on it (see {@link ViewReplacements}). */
  void refuseWhileReplacing(String relation, Pos pos, String what) {
    replacements.refuseWhileReplacing(relation, pos, what);
  }

  /** Refuses a persistent query reading a view being replaced (see {@link ViewReplacements}). */
  void refuseReadingReplaced(Collection<String> sources, Pos pos) {
    replacements.refuseReadingReplaced(sources, pos);
  }

  /** The read side of view {@code name}, for the embedded API. */
  MaterializedView view(String name) {
    ViewHandle handle = handles.get(key(name));
    if (handle == null) {
      CatalogObject object = relations.catalog().resolve(name, null);
      throw new RunnelException(
          ErrorCode.UNSUPPORTED, null, "'" + object.name() + "' is a " + StatementRunner.kindOf(object).toLowerCase(Locale.ROOT) + ", not a materialized view", "Query it with SELECT.");
    }
    return handle;
  }

  /**
   * True when {@code query} is answered at once from views' current rows: it reads views only, and does
   * not ask for their changes with {@code EMIT CHANGES}.
   */
  boolean answersAtOnce(Query query, PlannedQuery plan) {
    if (plan.sources().isEmpty() || (query instanceof Query.Select s && (s.emitChanges() || s.emitEvery() != null))) {
      return false;
    }
    return plan.sources().stream().allMatch(r -> handles.containsKey(key(r)));
  }

  /**
   * Answers {@code plan} from its views' current rows: first waits until they hold what their inputs held
   * when it was called (read your writes, for at most {@code 'read.wait'}), then runs the query over one
   * snapshot of each view; where its filter names a key, over that key's row only.
   */
  RunningQuery answer(String id, String sql, PlannedQuery plan, SessionOptions options, Pos pos, LateSink late) {
    long wait = options.readWaitMillis();
    long deadline = System.nanoTime() + wait * 1_000_000L;
    registry.awaitUpstream(plan.sources(), wait, pos);
    Map<String, ViewStore> stores = new HashMap<>();
    for (String view : plan.sources()) {
      ViewHandle handle = handles.get(key(view));
      if (handle == null) { // dropped by another statement while this one waited
        throw RunnelException.user(ErrorCode.UNKNOWN_RELATION, pos, "Materialized view '" + view + "' was dropped while the query waited for it");
      }
      ViewStore store = handle.current();
      awaitRows(store, deadline, wait, pos);
      stores.put(key(view), store);
    }
    Map<String, ViewStore.Snapshot> snapshots = new HashMap<>();
    Map<Integer, List<List<Object>>> rows = new HashMap<>();
    for (Vertex v : plan.dag().vertices()) {
      if (v instanceof Vertex.Source s) {
        ViewStore store = stores.get(key(s.relation()));
        RelationDef def = (RelationDef) relations.catalog().resolve(s.relation(), pos);
        List<Object> key = PointLookup.keyOf(plan.dag(), s, def.view().key());
        List<Object[]> read;
        if (key == null) {
          read = snapshots.computeIfAbsent(key(s.relation()), k -> store.snapshot()).rows();
        } else {
          Object[] row = store.lookup(key);
          read = row == null ? List.of() : List.<Object[]>of(row);
        }
        List<List<Object>> values = new ArrayList<>(read.size());
        read.forEach(r -> values.add(Arrays.asList(r)));
        rows.put(s.id(), values);
      }
    }
    RunningQuery query = launcher.over(id, sql, plan, rows, late);
    query.setSources(plan.sources(), true);
    return query;
  }

  private static void awaitRows(ViewStore store, long deadline, long wait, Pos pos) {
    if (wait <= 0) {
      return;
    }
    if (!Waits.interruptibly(() -> store.awaitLogEnd(deadline))) {
      throw new RunnelException(
          ErrorCode.UPSTREAM_TIMEOUT,
          pos,
          "View " + store.name() + " did not take in its changes within " + wait + " ms",
          "Read again later, or SET 'read.wait' = '0' to read without waiting.");
    }
  }

  /**
   * Closes every view's read side and gives up every replacement under way (the engine is closing): a
   * statement waiting for one fails when it takes the engine's lock back.
   */
  void closeAll() {
    handles.values().forEach(h -> {
      h.dropped();
      h.current().close();
    });
    handles.clear();
    replacements.giveUpAll();
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
