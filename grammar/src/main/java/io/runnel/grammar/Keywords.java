package io.runnel.grammar;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.antlr.v4.runtime.Vocabulary;

/** The dialect's keywords, for completion and highlighting. */
public final class Keywords {
  private static final List<String> ALL = load();

  private Keywords() {}

  /** Every keyword, upper-case, sorted. */
  public static List<String> all() {
    return ALL;
  }

  public static boolean isKeyword(String word) {
    return Collections.binarySearch(ALL, word.toUpperCase(java.util.Locale.ROOT)) >= 0;
  }

  private static List<String> load() {
    Vocabulary vocabulary = RunnelLexer.VOCABULARY;
    List<String> words = new ArrayList<>();
    for (int t = 1; t <= vocabulary.getMaxTokenType(); t++) {
      String literal = vocabulary.getLiteralName(t);
      if (literal != null && literal.length() > 2 && Character.isLetter(literal.charAt(1))) {
        words.add(literal.substring(1, literal.length() - 1));
      }
    }
    Collections.sort(words);
    return List.copyOf(words);
  }
}
