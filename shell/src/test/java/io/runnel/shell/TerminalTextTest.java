package io.runnel.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class TerminalTextTest {
  @Test
  void controlCharactersAreShownAsEscapes() {
    assertEquals("\\u001b[31mred\\u001b[0m", TerminalText.escape("\u001b[31mred\u001b[0m"));
    assertEquals("a\\nb\\tc\\rd\\u0007\\u007f\\u009b", TerminalText.escape("a\nb\tc\rd\u0007\u007f\u009b"));
    assertEquals("\\u202eabc", TerminalText.escape("\u202eabc"));
    String plain = "東京 café \\ ok";
    assertSame(plain, TerminalText.escape(plain));
  }

  @Test
  void widthCountsTerminalColumns() {
    assertEquals(5, TerminalText.width("hello"));
    assertEquals(4, TerminalText.width("東京"), "East Asian wide: two columns each");
    assertEquals(4, TerminalText.width("ＡＢ"), "fullwidth forms: two columns each");
    assertEquals(4, TerminalText.width("cafe\u0301"), "a combining mark takes none");
    assertEquals(0, TerminalText.width(""));
  }

  @Test
  void padFillsToColumnsNotChars() {
    assertEquals("東京  |", TerminalText.pad("東京", 6) + "|");
    assertEquals("東京|", TerminalText.pad("東京", 3) + "|");
  }
}
