package io.runnel.planner.physical;

/**
 * Which changes a node's output holds: inserts only, or inserts, updates and deletes. Printed as Flink
 * prints it: {@code [I]} or {@code [I,UB,UA,D]}.
 */
public enum ChangelogMode {
  INSERT_ONLY("[I]"),
  UPDATING("[I,UB,UA,D]");

  private final String text;

  ChangelogMode(String text) {
    this.text = text;
  }

  @Override
  public String toString() {
    return text;
  }
}
