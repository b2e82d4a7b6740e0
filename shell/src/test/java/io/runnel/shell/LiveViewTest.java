package io.runnel.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.runnel.Change;
import io.runnel.Column;
import io.runnel.operators.batch.RowKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveViewTest {
  static final List<Column> COLUMNS = List.of(new Column("city", "VARCHAR"), new Column("n", "BIGINT"));

  static List<List<Object>> rows(int count) {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      rows.add(Arrays.asList("c" + i, (long) i));
    }
    return rows;
  }

  @Test
  void aTableTallerThanTheScreenShowsItsTopAndCountsTheRest() {
    String shown = LiveView.table(COLUMNS, rows(20), 10);
    assertEquals(
        """
        +------+---+
        | city | n |
        +------+---+
        | c1   | 1 |
        | c2   | 2 |
        | c3   | 3 |
        | c4   | 4 |
        +------+---+
        (20 rows, 16 not shown)
        """,
        shown);
    assertEquals(9, shown.lines().count(), "one line is left for the status");
  }

  @Test
  void aTableThatFitsIsShownWhole() {
    assertEquals(Renderer.rows(COLUMNS, rows(4), Format.TABLE), LiveView.table(COLUMNS, rows(4), 10));
    assertEquals(Renderer.rows(COLUMNS, rows(50), Format.TABLE), LiveView.table(COLUMNS, rows(50), 0), "unknown height");
    assertEquals("+------+---+\n| city | n |\n+------+---+\n(50 rows, 50 not shown)\n", LiveView.table(COLUMNS, rows(50), 3));
  }

  @Test
  void scrollingRowsAreEscapedAndPaddedToColumns() {
    int[] widths = {6, 3};
    assertEquals("東京    7", LiveView.row(new Change(RowKind.INSERT, Arrays.asList("東京", 7L)), widths, false));
    assertEquals("+I  \\u001b[2J  7", LiveView.row(new Change(RowKind.INSERT, Arrays.asList("\u001b[2J", 7L)), widths, true));
  }
}
