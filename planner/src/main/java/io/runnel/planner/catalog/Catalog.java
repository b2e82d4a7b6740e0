package io.runnel.planner.catalog;

import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.Suggestions;
import io.runnel.parser.ast.Pos;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The streams, tables and views the planner can see. Names are case-insensitive and keep the spelling
 * they were created with. Not thread-safe: the engine guards it.
 */
public final class Catalog {
  private final Map<String, CatalogObject> objects = new LinkedHashMap<>();
  private final Map<String, FunctionDef> functions = new LinkedHashMap<>();

  /** The user-defined function named {@code name} (any case), if there is one. */
  public Optional<FunctionDef> findFunction(String name) {
    return Optional.ofNullable(functions.get(key(name)));
  }

  public void addFunction(FunctionDef function) {
    if (functions.putIfAbsent(key(function.name()), function) != null) {
      throw new IllegalStateException(function.name() + " already exists");
    }
  }

  public void removeFunction(String name) {
    functions.remove(key(name));
  }

  public Collection<FunctionDef> functions() {
    return List.copyOf(functions.values());
  }

  public Optional<CatalogObject> find(String name) {
    return Optional.ofNullable(objects.get(key(name)));
  }

  /** The object named {@code name}, or an UNKNOWN_RELATION error at {@code pos} naming the closest match. */
  public CatalogObject resolve(String name, Pos pos) {
    CatalogObject object = objects.get(key(name));
    if (object != null) {
      return object;
    }
    List<String> names = new ArrayList<>();
    for (CatalogObject o : objects.values()) {
      names.add(o.name());
    }
    String closest = Suggestions.closest(name, names);
    String hint =
        closest != null
            ? "Did you mean '" + closest + "'?"
            : names.isEmpty()
                ? "Create it first with CREATE STREAM or CREATE TABLE."
                : "Known: " + String.join(", ", names.stream().sorted().toList()) + ".";
    throw new RunnelException(
        ErrorCode.UNKNOWN_RELATION, pos, "Stream, table or view '" + name + "' does not exist", hint);
  }

  public void add(CatalogObject object) {
    String key = key(object.name());
    if (objects.containsKey(key)) {
      throw new IllegalStateException(object.name() + " already exists");
    }
    objects.put(key, object);
  }

  public void remove(String name) {
    objects.remove(key(name));
  }

  public Collection<CatalogObject> all() {
    return List.copyOf(objects.values());
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
