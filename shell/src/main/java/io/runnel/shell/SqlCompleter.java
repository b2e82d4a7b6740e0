package io.runnel.shell;

import io.runnel.CatalogSnapshot;
import io.runnel.Column;
import io.runnel.Runnel;
import io.runnel.grammar.Keywords;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/** Completes keywords, stream/table/view names, their columns and function names, from the live catalog. */
final class SqlCompleter implements Completer {
  private final Runnel engine;

  SqlCompleter(Runnel engine) {
    this.engine = engine;
  }

  @Override
  public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
    for (String w : words(engine.catalog())) {
      candidates.add(new Candidate(w));
    }
  }

  static TreeSet<String> words(CatalogSnapshot catalog) {
    TreeSet<String> words = new TreeSet<>(Keywords.all());
    for (Map<String, List<Column>> objects : List.of(catalog.streams(), catalog.tables(), catalog.views())) {
      objects.forEach((name, columns) -> {
        words.add(name);
        columns.forEach(c -> words.add(c.name()));
      });
    }
    words.addAll(catalog.functions());
    return words;
  }
}
