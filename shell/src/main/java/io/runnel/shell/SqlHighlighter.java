package io.runnel.shell;

import io.runnel.grammar.Keywords;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Colors keywords, strings, numbers and comments as the user types. JLine asks for the whole buffer at
 * every keystroke, so the tokens of the last buffer are kept and only the part from the first changed
 * character on is lexed again: typing or pasting into a long buffer costs what was added, not the buffer.
 */
final class SqlHighlighter implements Highlighter {
  // no repeated group: Java's regex engine recurses per repetition of one, and overflows on a long
  // literal; a doubled quote inside a string just ends one green token and starts the next
  private static final Pattern TOKEN =
      Pattern.compile("'[^']*'?|--[^\\n]*|\\b\\d+(?:\\.\\d*)?(?:[eE][+-]?\\d+)?\\b|[A-Za-z_][A-Za-z_0-9$]*|`[^`]*`?|\"[^\"]*\"?|\\s+|.", Pattern.DOTALL);

  private static final AttributedStyle STRING = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
  private static final AttributedStyle COMMENT = AttributedStyle.DEFAULT.foreground(AttributedStyle.BRIGHT).italic();
  private static final AttributedStyle NUMBER = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
  private static final AttributedStyle KEYWORD = AttributedStyle.BOLD.foreground(AttributedStyle.BLUE);

  /** A token of the last buffer: [start, end) and its style. */
  private record Token(int start, int end, AttributedStyle style) {}

  private String last = "";
  private List<Token> tokens = new ArrayList<>();
  private long lexedChars; // for tests: how much lexing the cache saves

  @Override
  public synchronized AttributedString highlight(LineReader reader, String buffer) {
    int same = commonPrefix(last, buffer);
    // a token is kept when it and the character after it (which may have ended it) are unchanged
    int keep = 0;
    while (keep < tokens.size() && tokens.get(keep).end() + 1 <= same) {
      keep++;
    }
    List<Token> next = new ArrayList<>(tokens.subList(0, keep));
    int from = keep == 0 ? 0 : next.get(keep - 1).end();
    lexedChars += buffer.length() - from;
    Matcher m = TOKEN.matcher(buffer).useTransparentBounds(true).useAnchoringBounds(false);
    m.region(from, buffer.length());
    while (m.find()) {
      next.add(new Token(m.start(), m.end(), style(m.group())));
    }
    last = buffer;
    tokens = next;
    AttributedStringBuilder sb = new AttributedStringBuilder(buffer.length());
    for (Token t : next) {
      sb.styled(t.style(), buffer.substring(t.start(), t.end()));
    }
    return sb.toAttributedString();
  }

  private static AttributedStyle style(String t) {
    if (t.startsWith("'")) {
      return STRING;
    } else if (t.startsWith("--")) {
      return COMMENT;
    } else if (Character.isDigit(t.charAt(0))) {
      return NUMBER;
    } else if (Character.isLetter(t.charAt(0)) && Keywords.isKeyword(t)) {
      return KEYWORD;
    }
    return AttributedStyle.DEFAULT;
  }

  private static int commonPrefix(String a, String b) {
    int n = Math.min(a.length(), b.length());
    int i = 0;
    while (i < n && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    return i;
  }

  /** Characters lexed since this highlighter was made. */
  synchronized long lexedChars() {
    return lexedChars;
  }

  @Override
  public void setErrorPattern(Pattern errorPattern) {}

  @Override
  public void setErrorIndex(int errorIndex) {}
}
