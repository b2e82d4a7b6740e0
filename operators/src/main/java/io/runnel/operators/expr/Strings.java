package io.runnel.operators.expr;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** String functions. Patterns given as literals are compiled once; others are cached per pattern text. */
final class Strings {
  private Strings() {}

  static RowFunction bind(Expr.Call call) {
    return switch (call.function()) {
      case LIKE -> {
        Map<String, Pattern> cache = new ConcurrentHashMap<>();
        yield a -> {
          String escape = a.length > 2 ? (String) a[2] : null;
          Pattern p = cache.computeIfAbsent(a[1] + "\u0000" + escape, k -> likePattern((String) a[1], escape));
          return p.matcher((String) a[0]).matches() ? 1L : 0L;
        };
      }
      case SIMILAR_TO -> {
        Map<String, Pattern> cache = new ConcurrentHashMap<>();
        yield a -> cache.computeIfAbsent((String) a[1], Pattern::compile).matcher((String) a[0]).matches() ? 1L : 0L;
      }
      case LOWER -> a -> ((String) a[0]).toLowerCase(java.util.Locale.ROOT);
      case UPPER -> a -> ((String) a[0]).toUpperCase(java.util.Locale.ROOT);
      case CHAR_LENGTH -> a -> (long) ((String) a[0]).codePointCount(0, ((String) a[0]).length());
      case SUBSTRING -> a -> substring((String) a[0], ((Number) a[1]).longValue(), a.length > 2 ? ((Number) a[2]).longValue() : Long.MAX_VALUE);
      case CONCAT -> a -> {
        StringBuilder sb = new StringBuilder();
        for (Object o : a) {
          sb.append((String) o);
        }
        return sb.toString();
      };
      case TRIM -> a -> ((String) a[0]).strip();
      case POSITION -> a -> position((String) a[0], (String) a[1]);
      case REPLACE -> a -> ((String) a[0]).replace((String) a[1], (String) a[2]);
      case REGEXP_EXTRACT -> new RegexpExtract()::extract;
      case SPLIT_INDEX -> a -> splitIndex((String) a[0], (String) a[1], ((Number) a[2]).longValue());
      default -> throw new IllegalArgumentException(call.function().name());
    };
  }

  /**
   * {@code REGEXP_EXTRACT(s, pattern[, group])}. Values repeat in real data (URLs, agents, codes), and a
   * regex search costs hundreds of nanoseconds, so results are remembered, keyed by the input string, while
   * the pattern and group stay the same; a pattern that keeps changing turns the table off. The table is
   * two-way set-associative: {@value #SETS} sets of two slots (some 400 KiB), an input going to the slot
   * of its set used less recently. Over the URLs of Nexmark's bids (10,000, looked up once per batch each)
   * that misses about one lookup in 18, where a direct-mapped table of 16,384 slots missed one in 4.
   */
  static final class RegexpExtract {
    static final int SETS = 16_384;
    private static final Object NO_MATCH = new Object();
    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();
    /** Slots 2i and 2i+1 are set i's: the input, its hash code, and its result (or NO_MATCH). */
    private final String[] inputs = new String[2 * SETS];
    private final int[] hashes = new int[2 * SETS];
    private final Object[] results = new Object[2 * SETS];
    /** Per set: the slot (0 or 1) used last. */
    private final byte[] lastUsed = new byte[SETS];
    private String pattern;
    private int group;
    private int patternChanges;
    /** How many regex searches ran, for tests. */
    int searches;

    Object extract(Object[] a) {
      Pattern p;
      try {
        p = patterns.computeIfAbsent((String) a[1], Pattern::compile);
      } catch (PatternSyntaxException e) {
        return null;
      }
      int g = a.length > 2 ? (int) ((Number) a[2]).longValue() : 1;
      String s = (String) a[0];
      if (!p.pattern().equals(pattern) || g != group) {
        pattern = p.pattern();
        group = g;
        java.util.Arrays.fill(inputs, null);
        patternChanges++;
      }
      if (patternChanges > 16) {
        return find(p, s, g);
      }
      int h = s.hashCode();
      int set = (h ^ (h >>> 16)) & (SETS - 1);
      int slot = 2 * set;
      for (int way = 0; way < 2; way++) {
        if (hashes[slot + way] == h && s.equals(inputs[slot + way])) {
          lastUsed[set] = (byte) way;
          Object r = results[slot + way];
          return r == NO_MATCH ? null : r;
        }
      }
      String r = find(p, s, g);
      int way = 1 - lastUsed[set];
      inputs[slot + way] = s;
      hashes[slot + way] = h;
      results[slot + way] = r == null ? NO_MATCH : r;
      lastUsed[set] = (byte) way;
      return r;
    }

    private String find(Pattern p, String s, int group) {
      searches++;
      Matcher m = p.matcher(s);
      if (!m.find() || group < 0 || group > m.groupCount()) {
        return null;
      }
      return m.group(group);
    }
  }

  /**
   * 1-based SQL SUBSTRING in characters (code points, as CHAR_LENGTH counts them, so a character outside the
   * BMP is never split): positions before 1 count, but yield nothing.
   */
  static String substring(String s, long start, long length) {
    if (length < 0) {
      throw new EvalException("negative substring length " + length);
    }
    long chars = s.codePointCount(0, s.length());
    long from = start - 1;
    long to = length == Long.MAX_VALUE ? chars : from + length;
    from = Math.max(from, 0);
    to = Math.min(to, chars);
    if (from >= to) {
      return "";
    }
    if (chars == s.length()) {
      return s.substring((int) from, (int) to);
    }
    int begin = s.offsetByCodePoints(0, (int) from);
    return s.substring(begin, s.offsetByCodePoints(begin, (int) (to - from)));
  }

  /** The 1-based position, in characters (code points), of {@code needle} in {@code haystack}, or 0. */
  static long position(String needle, String haystack) {
    int index = haystack.indexOf(needle);
    return index < 0 ? 0 : haystack.codePointCount(0, index) + 1;
  }

  static String splitIndex(String s, String separator, long index) {
    if (index < 0 || separator.isEmpty()) {
      return null;
    }
    int start = 0;
    for (long i = 0; i < index; i++) {
      int next = s.indexOf(separator, start);
      if (next < 0) {
        return null;
      }
      start = next + separator.length();
    }
    int end = s.indexOf(separator, start);
    return end < 0 ? s.substring(start) : s.substring(start, end);
  }

  static Pattern likePattern(String pattern, String escape) {
    if (escape != null && escape.codePointCount(0, escape.length()) != 1) {
      throw new EvalException("LIKE escape must be one character, not '" + escape + "'");
    }
    StringBuilder regex = new StringBuilder();
    // by code point, so that a character outside the BMP is quoted whole and '_' matches it whole
    int[] chars = pattern.codePoints().toArray();
    int escapeChar = escape == null ? -1 : escape.codePointAt(0);
    for (int i = 0; i < chars.length; i++) {
      int c = chars[i];
      if (c == escapeChar && i + 1 < chars.length) {
        regex.append(Pattern.quote(Character.toString(chars[++i])));
      } else if (c == '%') {
        regex.append(".*");
      } else if (c == '_') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(Character.toString(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }
}
