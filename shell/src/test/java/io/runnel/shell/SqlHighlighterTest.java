package io.runnel.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.Test;

class SqlHighlighterTest {
  /** An 80 KB statement: a generated OR of 5,000 terms. */
  private static String longStatement() {
    StringBuilder sql = new StringBuilder("SELECT * FROM bid WHERE auction = 0");
    for (int i = 1; i < 5000; i++) {
      sql.append(i % 10 == 0 ? "\n OR auction = " : " OR auction = ").append(i);
    }
    return sql.append(';').toString();
  }

  @Test
  void pastingALongStatementLexesEachCharacterAboutOnce() {
    String sql = longStatement();
    SqlHighlighter highlighter = new SqlHighlighter();
    AttributedString shown = null;
    // as a terminal without bracketed paste delivers it: the buffer grows a chunk at a time
    for (int end = 100; end < sql.length() + 100; end += 100) {
      shown = highlighter.highlight(null, sql.substring(0, Math.min(end, sql.length())));
    }
    assertEquals(sql, shown.toString());
    // lexing the whole buffer each time would be ~800 x 40 KB; the cache lexes each chunk and a token or so
    assertTrue(highlighter.lexedChars() < 2L * sql.length(), "lexed " + highlighter.lexedChars() + " chars for " + sql.length());
    assertEquals(new SqlHighlighter().highlight(null, sql), shown);
  }

  @Test
  void editsInTheMiddleGiveTheSameColorsAsAFreshHighlight() {
    SqlHighlighter highlighter = new SqlHighlighter();
    highlighter.highlight(null, "SELECT price FROM bid WHERE x = 1");
    highlighter.highlight(null, "SELECT 'price FROM bid WHERE x = 1");
    AttributedString edited = highlighter.highlight(null, "SELECT 'price' FROM bid WHERE x = 12");
    assertEquals(new SqlHighlighter().highlight(null, "SELECT 'price' FROM bid WHERE x = 12"), edited);
    assertEquals(AttributedStyle.BOLD.foreground(AttributedStyle.BLUE), edited.styleAt(15));
    assertEquals(AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN), edited.styleAt(8));
  }

  @Test
  void aHugeStringLiteralDoesNotOverflowTheRegexEngine() {
    String sql = "SELECT '" + "x''y ".repeat(20_000) + "' FROM bid";
    AttributedString shown = new SqlHighlighter().highlight(null, sql);
    assertEquals(sql, shown.toString());
    assertEquals(AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN), shown.styleAt(50_000));
  }
}
