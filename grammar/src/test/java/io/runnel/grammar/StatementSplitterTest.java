package io.runnel.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatementSplitterTest {
  @Test
  void splitsOnTopLevelSemicolonsOnly() {
    List<StatementSplitter.Piece> pieces = StatementSplitter.split("SELECT 'a;b' FROM t; -- c;\n SHOW `x;y`;\nDESCRIBE t");
    assertEquals(List.of("SELECT 'a;b' FROM t", "SHOW `x;y`", "DESCRIBE t"), pieces.stream().map(StatementSplitter.Piece::text).toList());
    assertEquals(2, pieces.get(1).line());
    assertEquals(2, pieces.get(1).column());
  }

  @Test
  void charactersOutsideTheBasicPlaneKeepTheirStatementWhole() {
    List<StatementSplitter.Piece> pieces = StatementSplitter.split("SELECT '😀' FROM t; SELECT '𝄞𝄞', x FROM t;\nSELECT 1 AS \"🙂\"");
    assertEquals(
        List.of("SELECT '😀' FROM t", "SELECT '𝄞𝄞', x FROM t", "SELECT 1 AS \"🙂\""), pieces.stream().map(StatementSplitter.Piece::text).toList());
  }

  @Test
  void knowsWhenAStatementIsComplete() {
    assertTrue(StatementSplitter.isComplete("SELECT 1;"));
    assertTrue(StatementSplitter.isComplete("SELECT 1; -- done"));
    assertFalse(StatementSplitter.isComplete("SELECT 1"));
    assertFalse(StatementSplitter.isComplete("SELECT ';"));
    assertFalse(StatementSplitter.isComplete("SELECT 1;\nSELECT 2"));
  }

  @Test
  void keywordsComeFromTheGrammar() {
    assertTrue(Keywords.isKeyword("select"));
    assertTrue(Keywords.all().contains("WATERMARK"));
    assertFalse(Keywords.isKeyword("price"));
  }
}
