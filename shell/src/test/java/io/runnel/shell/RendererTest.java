package io.runnel.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.runnel.Change;
import io.runnel.Column;
import io.runnel.Values;
import io.runnel.operators.batch.RowKind;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RendererTest {
  static final List<Column> COLUMNS = List.of(new Column("name", "VARCHAR"), new Column("n", "BIGINT"));

  static Change change(RowKind kind, Object... values) {
    return new Change(kind, Arrays.asList(values));
  }

  @Test
  void anUpdatingResultIsPrintedAsItStands() {
    List<Change> changes = List.of(
        change(RowKind.INSERT, "a", 1L), change(RowKind.INSERT, "b", 1L), change(RowKind.UPDATE_BEFORE, "a", 1L),
        change(RowKind.UPDATE_AFTER, "a", 2L), change(RowKind.DELETE, "b", 1L));
    assertEquals("name\tn\na\t2\n", Renderer.changes(COLUMNS, changes, Format.TSV));
    assertEquals("+I\ta\t1\n+I\tb\t1\n-U\ta\t1\n+U\ta\t2\n-D\tb\t1\n", Renderer.changes(COLUMNS, changes, Format.CHANGELOG));
  }

  @Test
  void tablesAreAlignedWithBordersAndACount() {
    String table = Renderer.rows(COLUMNS, List.of(Arrays.asList("long name", 7L), Arrays.asList(null, 12345L)), Format.TABLE);
    assertEquals(
        """
        +-----------+-------+
        | name      | n     |
        +-----------+-------+
        | long name | 7     |
        | NULL      | 12345 |
        +-----------+-------+
        (2 rows)
        """,
        table);
    assertEquals("+------+---+\n| name | n |\n+------+---+\n(0 rows)\n", Renderer.rows(COLUMNS, List.of(), Format.TABLE));
  }

  @Test
  void wideCharactersKeepTheTableAligned() {
    String table = Renderer.rows(COLUMNS, List.of(Arrays.asList("東京", 1L), Arrays.asList("ab", 22L), Arrays.asList("cafe\u0301", 3L)), Format.TABLE);
    assertEquals(
        """
        +------+----+
        | name | n  |
        +------+----+
        | 東京 | 1  |
        | ab   | 22 |
        | cafe\u0301 | 3  |
        +------+----+
        (3 rows)
        """,
        table);
  }

  @Test
  void controlCharactersInDataAreEscapedNotSentToTheTerminal() {
    List<List<Object>> rows = List.of(Arrays.asList("\u001b[31mred", 1L), Arrays.asList("two\nlines", 2L));
    String table = Renderer.rows(COLUMNS, rows, Format.TABLE);
    assertEquals(
        """
        +---------------+---+
        | name          | n |
        +---------------+---+
        | \\u001b[31mred | 1 |
        | two\\nlines    | 2 |
        +---------------+---+
        (2 rows)
        """,
        table);
    assertEquals("name\tn\n\\u001b[31mred\t1\ntwo\\nlines\t2\n", Renderer.rows(COLUMNS, rows, Format.TSV));
    assertEquals("+I\t\\u001b[31mred\t1\n", Renderer.changes(COLUMNS, List.of(change(RowKind.INSERT, "\u001b[31mred", 1L)), Format.CHANGELOG));
    assertEquals("{\"name\":\"\\u001b[31mred\",\"n\":1}\n", Renderer.rows(COLUMNS, rows.subList(0, 1), Format.JSON));
  }

  @Test
  void valuesPrintAsUsersExpect() {
    assertEquals("NULL", Values.text(null));
    assertEquals("2015-07-15 00:00:00.250", Values.text(LocalDateTime.of(2015, 7, 15, 0, 0, 0, 250_000_000)));
    assertEquals("1E+3", new BigDecimal("1E+3").toString());
    assertEquals("1000", Values.text(new BigDecimal("1E+3")));
    assertEquals("(a, (1, NULL))", Values.text(List.of("a", Arrays.asList(1L, null))));
    assertEquals("{\"name\":\"say \\\"hi\\\"\",\"n\":null}\n", Renderer.rows(COLUMNS, List.of(Arrays.asList("say \"hi\"", null)), Format.JSON));
  }
}
