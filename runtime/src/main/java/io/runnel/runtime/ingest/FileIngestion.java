package io.runnel.runtime.ingest;

import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.Batches;
import io.runnel.planner.catalog.RelationDef;
import io.runnel.runtime.connector.FileSource;
import io.runnel.runtime.store.RelationStore;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads a CSV or JSON-lines file into its stream on its own thread, then seals the stream. A malformed
 * line is reported and skipped. After a crash it resumes: the rows already in the log are the first good
 * lines of the file, so that many are skipped.
 */
final class FileIngestion extends ConnectorThread {
  private final RelationDef def;
  private final RelationStore store;
  private final ErrorReporter errors;
  private final int batchSize;

  FileIngestion(RelationDef def, RelationStore store, ErrorReporter errors, int batchSize, Runnable onSealed) {
    super("runnel-file-" + def.name(), store, errors, def.properties().get("path"), onSealed);
    this.def = def;
    this.store = store;
    this.errors = errors;
    this.batchSize = Math.max(batchSize, 1024);
  }

  @Override
  protected void fill() throws IOException {
    Path path = Path.of(def.properties().get("path"));
    // rows already in the log (before a restart) are the first good lines of the file: skip that many
    long[] skipping = {store.rowCount()};
    try (FileSource source =
        new FileSource(path, def.properties().get("format"), def.properties(), def.schema(), batchSize,
            (file, line, reason, raw) -> {
              // errors of lines ingested before a restart were reported then
              if (skipping[0] <= 0) {
                errors.report(file + ":" + line, reason, raw);
              }
            })) {
      Batch batch;
      while (!stopped && (batch = source.next()) != null) {
        if (skipping[0] > 0) {
          long drop = Math.min(skipping[0], batch.size());
          skipping[0] -= drop;
          if (drop == batch.size()) {
            continue;
          }
          batch = Batches.slice(batch, (int) drop, batch.size());
        }
        store.append(batch);
      }
    }
  }
}
