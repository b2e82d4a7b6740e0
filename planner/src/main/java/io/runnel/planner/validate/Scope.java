package io.runnel.planner.validate;

import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.Suggestions;
import io.runnel.parser.ast.Expression;
import io.runnel.parser.ast.Name;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;

/**
 * The columns an expression can refer to: the fields of the relation being read, each with the name of
 * the relation (or its alias) it comes from.
 */
public final class Scope {

  /** One visible column: {@code index} is its position in the input row. */
  public record Entry(String qualifier, String name, int index, RelDataType type) {}

  private final List<Entry> entries;
  private final String description; // for messages: "bid", "the query"
  private final Scope outer; // a subquery's enclosing query, whose columns its own hide; or null

  public Scope(List<Entry> entries, String description) {
    this(entries, description, null);
  }

  private Scope(List<Entry> entries, String description, Scope outer) {
    this.entries = List.copyOf(entries);
    this.description = description;
    this.outer = outer;
  }

  public static Scope empty() {
    return new Scope(List.of(), "VALUES");
  }

  public static Scope of(String qualifier, RelDataType rowType) {
    List<Entry> entries = new ArrayList<>();
    for (var field : rowType.getFieldList()) {
      entries.add(new Entry(qualifier, field.getName(), field.getIndex(), field.getType()));
    }
    return new Scope(entries, qualifier == null ? "the query" : qualifier);
  }

  /**
   * The columns of a join's two sides: {@code left}'s as they are, {@code right}'s after the {@code leftWidth}
   * columns of the left side, each under its own qualifier.
   */
  public static Scope join(Scope left, int leftWidth, Scope right) {
    List<Entry> entries = new ArrayList<>(left.entries);
    for (Entry e : right.entries) {
      entries.add(new Entry(e.qualifier(), e.name(), leftWidth + e.index(), e.type()));
    }
    return new Scope(entries, "the join of " + left.description + " and " + right.description);
  }

  /**
   * The columns of a subquery ({@code inner}) inside the query whose columns are {@code outer}, read as one
   * row: the outer query's {@code outerWidth} columns first, then the subquery's. A name is looked up in the
   * subquery first and in the enclosing query only when the subquery has no such column.
   */
  public static Scope nested(Scope outer, int outerWidth, Scope inner) {
    List<Entry> entries = new ArrayList<>();
    for (Entry e : inner.entries) {
      entries.add(new Entry(e.qualifier(), e.name(), outerWidth + e.index(), e.type()));
    }
    return new Scope(entries, inner.description, outer);
  }

  /** The same columns with the types of {@code rowType}'s fields at their indexes (nullable after an outer join). */
  public Scope withTypes(RelDataType rowType) {
    List<Entry> typed = new ArrayList<>();
    for (Entry e : entries) {
      typed.add(new Entry(e.qualifier(), e.name(), e.index(), rowType.getFieldList().get(e.index()).getType()));
    }
    return new Scope(typed, description, outer);
  }

  /** The name of the column at input index {@code index}. */
  public String nameOf(int index) {
    for (Entry e : entries) {
      if (e.index() == index) {
        return e.name();
      }
    }
    throw new IllegalArgumentException("no column " + index);
  }

  public List<Entry> entries() {
    return entries;
  }

  /**
   * Resolves an identifier to a column and the number of its parts consumed (1 for {@code price}, 2 for
   * {@code b.price}); the remaining parts are ROW field accesses.
   */
  public Resolved resolve(Expression.Identifier id) {
    if (outer == null) {
      return resolveHere(id);
    }
    try {
      return resolveHere(id);
    } catch (RunnelException notHere) {
      if (notHere.code() != ErrorCode.UNKNOWN_COLUMN) {
        throw notHere;
      }
      try {
        return outer.resolve(id);
      } catch (RunnelException notOuter) {
        throw notHere;
      }
    }
  }

  private Resolved resolveHere(Expression.Identifier id) {
    List<Name> parts = id.parts();
    if (parts.size() > 1) {
      List<Entry> qualified = match(parts.get(0).value(), parts.get(1).value());
      if (qualified.size() == 1) {
        return new Resolved(qualified.get(0), 2);
      }
    }
    Name first = parts.get(0);
    List<Entry> matches = match(null, first.value());
    if (matches.size() == 1) {
      return new Resolved(matches.get(0), 1);
    }
    if (matches.size() > 1) {
      throw new RunnelException(
          ErrorCode.AMBIGUOUS_COLUMN,
          id.pos(),
          "Column '" + first.value() + "' is ambiguous",
          "Qualify it with the name or alias of its stream.");
    }
    if (parts.size() > 1 && !hasQualifier(first.value())) {
      List<String> qualifiers = entries.stream().map(Entry::qualifier).filter(q -> q != null).distinct().toList();
      String closest = Suggestions.closest(first.value(), qualifiers);
      throw new RunnelException(
          ErrorCode.UNKNOWN_COLUMN,
          id.pos(),
          "'" + first.value() + "' in '" + id.dotted() + "' is neither a column nor a stream, table or alias in FROM",
          closest != null ? "Did you mean '" + closest + "." + parts.get(1).value() + "'?" : qualifiers.isEmpty() ? null : "FROM has: " + String.join(", ", qualifiers) + ".");
    }
    List<String> names = entries.stream().map(Entry::name).toList();
    String missing = parts.size() > 1 && hasQualifier(first.value()) ? parts.get(1).value() : first.value();
    String closest = Suggestions.closest(missing, names);
    String hint =
        closest != null
            ? "Did you mean '" + closest + "'?"
            : names.isEmpty() ? null : "Available columns: " + String.join(", ", names) + ".";
    throw new RunnelException(
        ErrorCode.UNKNOWN_COLUMN,
        id.pos(),
        "Column '" + missing + "' not found in " + description,
        hint);
  }

  private boolean hasQualifier(String qualifier) {
    return entries.stream().anyMatch(e -> qualifier.equalsIgnoreCase(e.qualifier()));
  }

  private List<Entry> match(String qualifier, String name) {
    List<Entry> exact = new ArrayList<>();
    List<Entry> loose = new ArrayList<>();
    for (Entry e : entries) {
      if (qualifier != null && !qualifier.equalsIgnoreCase(e.qualifier())) {
        continue;
      }
      if (e.name().equals(name)) {
        exact.add(e);
      } else if (e.name().equalsIgnoreCase(name)) {
        loose.add(e);
      }
    }
    return exact.isEmpty() ? loose : exact;
  }

  /** A resolved column reference. */
  public record Resolved(Entry entry, int partsUsed) {}
}
