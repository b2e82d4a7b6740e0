package io.runnel.runtime.log;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The catalog as an event log of text entries, replayed in order when the engine opens. */
public final class CatalogLog implements AutoCloseable {
  private final ChronicleLog log;

  private CatalogLog(ChronicleLog log) {
    this.log = log;
  }

  public static CatalogLog open(Path dir) {
    return new CatalogLog(ChronicleLog.open(dir));
  }

  public void append(String entry) {
    byte[] bytes = entry.getBytes(StandardCharsets.UTF_8);
    log.append(bytes, bytes.length);
  }

  public List<String> readAll() {
    List<String> entries = new ArrayList<>();
    log.forEach(bytes -> entries.add(new String(bytes, StandardCharsets.UTF_8)));
    return entries;
  }

  @Override
  public void close() {
    log.close();
  }
}
