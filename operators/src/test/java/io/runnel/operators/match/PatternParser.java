package io.runnel.operators.match;

import java.util.ArrayList;
import java.util.List;

/** Reads the SQL row pattern syntax back into a {@link RowPattern}, variables named A to Z: for tests. */
final class PatternParser {
  private final String s;
  private int i;

  private PatternParser(String s) {
    this.s = s;
  }

  static RowPattern parse(String pattern) {
    PatternParser p = new PatternParser(pattern);
    RowPattern r = p.alternation();
    p.skipSpaces();
    if (p.i != p.s.length()) {
      throw new IllegalArgumentException("unexpected '" + p.s.substring(p.i) + "' in " + pattern);
    }
    return r;
  }

  private RowPattern alternation() {
    List<RowPattern> alternatives = new ArrayList<>();
    alternatives.add(sequence());
    while (eat("|")) {
      alternatives.add(sequence());
    }
    return alternatives.size() == 1 ? alternatives.get(0) : new RowPattern.Alt(alternatives);
  }

  private RowPattern sequence() {
    List<RowPattern> parts = new ArrayList<>();
    while (true) {
      skipSpaces();
      if (i == s.length() || "|),".indexOf(s.charAt(i)) >= 0 || s.startsWith("-}", i)) {
        break;
      }
      parts.add(quantified());
    }
    return parts.size() == 1 ? parts.get(0) : new RowPattern.Concat(parts);
  }

  private RowPattern quantified() {
    RowPattern p = primary();
    while (true) {
      skipSpaces();
      int min;
      int max;
      if (eat("*")) {
        min = 0;
        max = -1;
      } else if (eat("+")) {
        min = 1;
        max = -1;
      } else if (eat("?")) {
        min = 0;
        max = 1;
      } else if (i < s.length() && s.charAt(i) == '{' && !s.startsWith("{-", i)) {
        i++;
        String body = s.substring(i, s.indexOf('}', i));
        i += body.length() + 1;
        int comma = body.indexOf(',');
        if (comma < 0) {
          min = max = Integer.parseInt(body.trim());
        } else {
          String lo = body.substring(0, comma).trim();
          String hi = body.substring(comma + 1).trim();
          min = lo.isEmpty() ? 0 : Integer.parseInt(lo);
          max = hi.isEmpty() ? -1 : Integer.parseInt(hi);
        }
      } else {
        return p;
      }
      boolean reluctant = i < s.length() && s.charAt(i) == '?';
      if (reluctant) {
        i++;
      }
      p = new RowPattern.Quantified(p, min, max, reluctant);
    }
  }

  private RowPattern primary() {
    skipSpaces();
    if (eat("PERMUTE(")) {
      List<RowPattern> parts = new ArrayList<>();
      do {
        parts.add(alternation());
      } while (eat(","));
      expect(")");
      return new RowPattern.Permute(parts);
    }
    if (eat("{-")) {
      RowPattern inner = alternation();
      expect("-}");
      return new RowPattern.Exclude(inner);
    }
    if (eat("(")) {
      if (eat(")")) {
        return RowPattern.empty();
      }
      RowPattern inner = alternation();
      expect(")");
      return inner;
    }
    if (eat("^")) {
      return new RowPattern.Start();
    }
    if (eat("$")) {
      return new RowPattern.End();
    }
    char c = s.charAt(i);
    if (c >= 'A' && c <= 'Z') {
      i++;
      return new RowPattern.Var(c - 'A');
    }
    throw new IllegalArgumentException("unexpected '" + s.substring(i) + "' in " + s);
  }

  private void skipSpaces() {
    while (i < s.length() && s.charAt(i) == ' ') {
      i++;
    }
  }

  private boolean eat(String token) {
    skipSpaces();
    if (s.startsWith(token, i)) {
      i += token.length();
      return true;
    }
    return false;
  }

  private void expect(String token) {
    if (!eat(token)) {
      throw new IllegalArgumentException("expected " + token + " at " + i + " in " + s);
    }
  }
}
