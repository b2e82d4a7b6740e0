package io.runnel.shell;

import io.runnel.grammar.Keywords;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/** Colors keywords, strings, numbers and comments as the user types. */
final class SqlHighlighter implements Highlighter {
  private static final Pattern TOKEN =
      Pattern.compile("'(?:[^']|'')*'?|--[^\\n]*|\\b\\d+(?:\\.\\d*)?(?:[eE][+-]?\\d+)?\\b|[A-Za-z_][A-Za-z_0-9$]*|`[^`]*`?|\"[^\"]*\"?|\\s+|.", Pattern.DOTALL);

  @Override
  public AttributedString highlight(LineReader reader, String buffer) {
    AttributedStringBuilder sb = new AttributedStringBuilder();
    Matcher m = TOKEN.matcher(buffer);
    while (m.find()) {
      String t = m.group();
      AttributedStyle style = AttributedStyle.DEFAULT;
      if (t.startsWith("'")) {
        style = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
      } else if (t.startsWith("--")) {
        style = AttributedStyle.DEFAULT.foreground(AttributedStyle.BRIGHT).italic();
      } else if (Character.isDigit(t.charAt(0))) {
        style = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
      } else if (Character.isLetter(t.charAt(0)) && Keywords.isKeyword(t)) {
        style = AttributedStyle.BOLD.foreground(AttributedStyle.BLUE);
      }
      sb.styled(style, t);
    }
    return sb.toAttributedString();
  }

  @Override
  public void setErrorPattern(Pattern errorPattern) {}

  @Override
  public void setErrorIndex(int errorIndex) {}
}
