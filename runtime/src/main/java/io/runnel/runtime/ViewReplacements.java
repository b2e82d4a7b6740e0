package io.runnel.runtime;

import io.runnel.StatementResult;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.ast.Pos;
import io.runnel.parser.ast.Statement;
import io.runnel.planner.PlannedQuery;
import io.runnel.planner.Planner;
import io.runnel.planner.catalog.RelationDef;
import io.runnel.runtime.query.RunningQuery;
import io.runnel.runtime.store.RelationStore;
import io.runnel.runtime.view.ViewStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code CREATE OR REPLACE MATERIALIZED VIEW} of a view that exists: the new version is built beside the
 * old one, from the start of its inputs, while the old one keeps answering; once the new one has caught
 * up, one catalog entry ({@link ViewEntry}) makes it the view and ends the old version's query, and reads
 * turn to the new version at once. The statement waits for that without the engine's lock: the view is
 * reserved meanwhile ({@link Replacement}), so that no other statement changes it or what its new version
 * reads, and the replacement checks, with the lock again, that nothing it relies on changed before it takes
 * over. A replacement given up leaves nothing: the catalog log notes it before it writes anything ({@link
 * ReplacingEntry}), so that what a crash cuts short is deleted when the engine opens.
 *
 * <p>The other half of {@link MaterializedViews}, which creates, drops and reads views. Called with the
 * engine's lock held.
 */
final class ViewReplacements {
  private final Relations relations;
  private final QueryRegistry registry;
  private final EngineLock lock;
  private final MaterializedViews views;
  /** The views whose replacement is under way, by name. */
  private final Map<String, Replacement> replacing = new HashMap<>();

  /** {@code lock} is the engine's, let go of while a new version catches up. */
  ViewReplacements(Relations relations, QueryRegistry registry, EngineLock lock, MaterializedViews views) {
    this.relations = relations;
    this.registry = registry;
    this.lock = lock;
    this.views = views;
  }

  /**
   * A view's new version while it catches up. It reserves the view: until it takes over or is given up, no
   * other statement replaces or drops the view or starts a persistent query reading it (its log goes when
   * the new version takes over), and none drops what the new version reads or writes its late rows to.
   */
  private static final class Replacement {
    final String name;
    final int incarnation;
    final String queryId;
    final RelationDef def;
    /** What the new version reads and writes its late rows to, lower case. */
    final Set<String> uses;
    RelationStore log;
    RegisteredQuery query;
    ViewStore store;
    boolean givenUp;

    Replacement(String name, int incarnation, String queryId, RelationDef def, Set<String> uses) {
      this.name = name;
      this.incarnation = incarnation;
      this.queryId = queryId;
      this.def = def;
      this.uses = uses;
    }
  }

  /**
   * {@code CREATE OR REPLACE} of view {@code old}: builds the new version beside it, waits without the
   * engine's lock until it has caught up (the view reserved meanwhile), checks with the lock again that
   * nothing it relies on changed, and makes it the view; or gives it up, leaving nothing of it.
   */
  StatementResult replace(Statement.CreateMaterializedView mv, String text, SessionOptions options, RelationDef old) {
    String name = old.name();
    Planner planner = options.planner(relations.catalog());
    PlannedQuery shape = planner.plan(mv.query());
    RelationDef.View view = new RelationDef.View(shape.updating(), shape.uniqueKey());
    RelationDef def = RelationDef.materializedView(name, shape.schema(), view, text);
    Statement.Insert insert = QueryRegistry.insertOf(mv);
    PlannedQuery plan = planner.planInsert(insert, def);
    refuseReadingReplaced(plan.sources(), mv.pos());
    registry.refuseLoop(insert, plan);
    Map<String, RelationStore> inputs = new HashMap<>();
    plan.sources().forEach(source -> inputs.put(key(source), relations.store(source)));
    Set<String> uses = new HashSet<>(inputs.keySet());
    if (options.lateStream() != null) {
      uses.add(key(options.lateStream()));
    }
    Replacement r = new Replacement(name, relations.nextOrdinal(), registry.nextId(), def, uses);
    // noted before anything of the new version is on disk: what a crash leaves of it goes when the engine opens
    relations.log(new ReplacingEntry(name, r.incarnation, r.queryId).encode());
    replacing.put(key(name), r);
    try {
      r.log = relations.openIncarnation(def, r.incarnation);
      r.query = registry.prepare(insert, text, plan, options, r.log, r.queryId);
      r.store = new ViewStore(name, r.incarnation, def.schema(), r.log, view.key());
      r.store.start();
      awaitCaughtUp(r, plan, options, mv.pos());
      recheck(r, old, insert, plan, inputs, options, mv.pos());
    } catch (RuntimeException | Error e) {
      giveUp(r);
      throw e;
    }
    replacing.remove(key(name));
    String replaced = registry.writerOf(name);
    relations.log(new ViewEntry(name, r.incarnation, view, def.schema(), replaced, r.query.stored).encode());
    registry.commit(r.query);
    if (replaced != null) {
      registry.retire(replaced);
    }
    // a standing query reading the old version's changelog ends: run again, it reads the new one
    registry.endSelectsReading(
        name, new RunnelException(ErrorCode.VIEW_REPLACED, null, "Materialized view " + name + " was replaced by a new version", "Run the query again to read the new version."));
    Runnable removeOld = relations.replace(def, r.incarnation, r.log);
    views.handle(name).swap(def, r.store).retire(removeOld);
    views.awaitIfOverFiles(plan, r.query);
    return new StatementResult.PersistentQuery(r.query.running, name, "Replaced materialized view " + name + ", kept up to date by query " + r.query.id);
  }

  /**
   * Waits until a new version of a view holds what the old one does: the persistent queries upstream of
   * it, then its own, have processed what their inputs held, and its rows hold what its query wrote. The
   * engine's lock is let go of while it waits: when this returns, the caller holds it again, but what it
   * read under it may have changed.
   */
  private void awaitCaughtUp(Replacement r, PlannedQuery plan, SessionOptions options, Pos pos) {
    long wait = options.readWaitMillis() > 0 ? options.readWaitMillis() : SessionOptions.DEFAULT_READ_WAIT_MILLIS;
    long deadline = System.nanoTime() + wait * 1_000_000L;
    registry.awaitUpstream(plan.sources(), wait, pos);
    RunningQuery running = r.query.running;
    ViewStore store = r.store;
    boolean caughtUp = lock.outside(() -> running.sync(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))) && store.awaitLogEnd(deadline));
    if (r.givenUp) { // the engine closed meanwhile; taking the lock back says so first
      throw RunnelException.user(ErrorCode.ENGINE_CLOSED, pos, "The engine closed while the new version of view " + r.name + " caught up");
    }
    if (running.failure() != null) {
      Throwable f = running.failure();
      throw f instanceof RunnelException e ? e : new RunnelException(ErrorCode.INTERNAL_ERROR, pos, "The new version of the view failed: " + f, null, f);
    }
    if (!caughtUp) {
      throw new RunnelException(
          ErrorCode.UPSTREAM_TIMEOUT,
          pos,
          "The new version of the view did not catch up with its input within " + wait + " ms; the old one stays",
          "SET 'read.wait' to a longer time (say '10 min') and replace it again.");
    }
  }

  /**
   * With the engine's lock again after the wait, checks that nothing the new version relies on changed
   * meanwhile. What would change it was refused while the view was reserved (its replacement or drop, a
   * drop of what the new version reads, a persistent query reading it), and is checked all the same; what
   * is not refused is caught here: a view it reads through, or a function it calls, dropped or defined
   * again, so that its query no longer plans, or plans otherwise.
   */
  private void recheck(Replacement r, RelationDef old, Statement.Insert insert, PlannedQuery plan, Map<String, RelationStore> inputs, SessionOptions options, Pos pos) {
    if (relations.catalog().find(r.name).orElse(null) != old || views.handle(r.name) == null) {
      throw new RunnelException(
          ErrorCode.VIEW_BEING_REPLACED, pos, "Materialized view " + r.name + " was dropped or replaced while its new version caught up", "Create it again.");
    }
    PlannedQuery again;
    try {
      again = options.planner(relations.catalog()).planInsert(insert, r.def);
    } catch (RunnelException e) {
      throw new RunnelException(
          e.code(), e.pos(), "The new version of materialized view " + r.name + " no longer plans, so the old version stays: " + e.reason(), e.hint(), e);
    }
    boolean sameInputs = again.sources().size() == inputs.size();
    for (String source : again.sources()) {
      sameInputs &= relations.catalog().find(source).orElse(null) instanceof RelationDef && relations.store(source) == inputs.get(key(source));
    }
    if (!sameInputs || !PlanFacts.fingerprint(again).equals(PlanFacts.fingerprint(plan))) {
      throw new RunnelException(
          ErrorCode.VIEW_BEING_REPLACED,
          pos,
          "What the new version of materialized view " + r.name + " reads changed while it caught up, so the old version stays",
          "Replace it again: the new version is built from what there is now.");
    }
    views.refuseReaders(r.name, pos, "replaced", true);
    registry.refuseLoop(insert, plan);
  }

  /**
   * Gives up replacement {@code r}, once: its query stops, and its log, checkpoints and journal are
   * deleted; the view is free again. A file that cannot be deleted is reported in sys.errors, and goes when
   * the engine opens again (the catalog log noted the replacement).
   */
  private void giveUp(Replacement r) {
    if (r.givenUp) {
      return;
    }
    r.givenUp = true;
    replacing.remove(key(r.name), r);
    try {
      if (r.query != null) {
        registry.discard(r.query);
      }
      if (r.store != null) {
        r.store.close();
      }
      if (r.log != null) {
        r.log.close();
      }
    } finally {
      views.deleteQuietly(r.name, relations.viewIncarnationDir(r.name, r.incarnation), r.queryId);
    }
  }

  /**
   * Refuses (RUN-1407) to replace or drop ({@code what}) {@code relation} while a replacement under way
   * relies on it: it is the view being replaced, or what its new version reads or writes late rows to.
   */
  void refuseWhileReplacing(String relation, Pos pos, String what) {
    Replacement own = replacing.get(key(relation));
    if (own != null) {
      throw beingReplaced(own, pos, "Materialized view " + own.name + " is being replaced: its new version is catching up");
    }
    for (Replacement r : replacing.values()) {
      if (r.uses.contains(key(relation))) {
        throw beingReplaced(r, pos, relation + " cannot be " + what + " while materialized view " + r.name + " is being replaced: its new version uses it");
      }
    }
  }

  /** Refuses (RUN-1407) a new persistent query reading {@code sources} if one is a view being replaced: its log goes when the new version takes over. */
  void refuseReadingReplaced(Collection<String> sources, Pos pos) {
    for (String source : sources) {
      Replacement r = replacing.get(key(source));
      if (r != null) {
        throw beingReplaced(r, pos, "Materialized view " + r.name + " is being replaced: no persistent query starts reading it until its new version has taken over");
      }
    }
  }

  private static RunnelException beingReplaced(Replacement r, Pos pos, String reason) {
    return new RunnelException(
        ErrorCode.VIEW_BEING_REPLACED,
        pos,
        reason,
        "Try again when it finishes: a CREATE OR REPLACE MATERIALIZED VIEW " + r.name + " waits for its new version at most the 'read.wait' of its session.");
  }

  /**
   * Gives up every replacement under way (the engine is closing): a statement waiting for one fails when
   * it takes the engine's lock back.
   */
  void giveUpAll() {
    new ArrayList<>(replacing.values()).forEach(this::giveUp);
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
