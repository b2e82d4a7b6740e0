package io.runnel.shell;

import org.jline.utils.WCWidth;

/**
 * Text from the data as a terminal should get it. Control characters are shown, not obeyed: an ESC in a
 * value would otherwise recolour or move the cursor of the user's terminal, and a newline or tab would
 * break a table. They print as Java escapes: {@code \n}, {@code \r}, {@code \t}, and <code>&#92;u001b</code> for the
 * others (C0, DEL, C1, and the bidirectional overrides that reorder what follows them). A backslash in the
 * data prints as itself. Widths are counted in terminal columns: East Asian wide and fullwidth characters
 * take two, combining marks none.
 */
final class TerminalText {
  private TerminalText() {}

  /** {@code s} with its control characters written as escapes; {@code s} itself when it has none. */
  static String escape(String s) {
    int i = 0;
    while (i < s.length() && !isControl(s.charAt(i))) {
      i++;
    }
    if (i == s.length()) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length() + 8).append(s, 0, i);
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!isControl(c)) {
        sb.append(c);
        continue;
      }
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> sb.append(String.format("\\u%04x", (int) c));
      }
    }
    return sb.toString();
  }

  private static boolean isControl(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
  }

  /** How many terminal columns {@code s} takes, for text already {@linkplain #escape escaped}. */
  static int width(String s) {
    int width = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      width += Math.max(0, WCWidth.wcwidth(cp)); // -1 is a control character: none are left after escape
      i += Character.charCount(cp);
    }
    return width;
  }

  /** {@code s} followed by spaces up to {@code width} columns. */
  static String pad(String s, int width) {
    int w = width(s);
    return w >= width ? s : s + " ".repeat(width - w);
  }
}
