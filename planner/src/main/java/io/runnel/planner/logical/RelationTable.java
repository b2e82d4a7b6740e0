package io.runnel.planner.logical;

import io.runnel.planner.catalog.RelationDef;
import io.runnel.planner.validate.TypeMapping;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.impl.AbstractTable;

/** A stream or table as Calcite sees it: a row type, and the definition it came from. */
final class RelationTable extends AbstractTable {
  private final RelationDef def;

  RelationTable(RelationDef def) {
    this.def = def;
  }

  RelationDef def() {
    return def;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    return new TypeMapping(typeFactory).toRel(def.schema());
  }
}
