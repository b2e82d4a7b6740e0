package io.runnel.runtime.connector;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads a CSV or JSON-lines file sequentially as batches of rows of a schema. A line that does not parse
 * is handed to the {@link ErrorHandler} with its line number and reason, and reading goes on: lines are
 * split on bytes and decoded one by one (see {@link LineReader}), so invalid UTF-8, binary data or a line
 * of more than {@value #MAX_LINE_BYTES} bytes spoils only its own line, and every other line arrives, in
 * order.
 */
public final class FileSource implements AutoCloseable {
  /** Receives a bad line: the file, its (first) line number, why, and its text. */
  @FunctionalInterface
  public interface ErrorHandler {
    void error(String file, long line, String reason, String raw);
  }

  /** The longest line (or CSV record spanning lines) read: 1 MiB. A longer one is skipped and reported with its size. */
  public static final int MAX_LINE_BYTES = 1 << 20;

  private static final JsonFactory JSON = new JsonFactory();

  private final Path path;
  private final boolean json;
  private final Schema schema;
  private final int batchSize;
  private final ErrorHandler errors;
  private final LineReader lines;
  private final CsvRecordReader csv;
  /** A failure to read met after some rows of a batch: they are returned first, and it is thrown next time. */
  private IOException failed;

  public FileSource(Path path, String format, Map<String, String> options, Schema schema, int batchSize, ErrorHandler errors)
      throws IOException {
    this(path, format, options, schema, batchSize, errors, MAX_LINE_BYTES);
  }

  /** A source whose lines may be at most {@code maxLineBytes} long. */
  FileSource(Path path, String format, Map<String, String> options, Schema schema, int batchSize, ErrorHandler errors, int maxLineBytes)
      throws IOException {
    this.path = path;
    this.json = format.equalsIgnoreCase("json");
    this.schema = schema;
    this.batchSize = batchSize;
    this.errors = errors;
    this.lines = new LineReader(Files.newInputStream(path), maxLineBytes);
    this.csv = json ? null : new CsvRecordReader(lines, maxLineBytes);
    if (!json && "true".equalsIgnoreCase(options.getOrDefault("csv.header", "false"))) {
      csv.next();
    }
  }

  /** The next batch of good rows, or null at the end of the file. */
  public Batch next() throws IOException {
    if (failed != null) {
      IOException e = failed;
      failed = null;
      throw e;
    }
    BatchBuilder builder = new BatchBuilder(schema, Math.min(batchSize, 1024));
    boolean more = true;
    try {
      while (builder.size() < batchSize && more) {
        more = json ? nextJson(builder) : nextCsv(builder);
      }
    } catch (IOException e) {
      if (builder.size() == 0) {
        throw e;
      }
      failed = e; // the rows read before it are good: hand them on first
      more = false;
    }
    return builder.size() == 0 && !more ? null : builder.build();
  }

  private boolean nextCsv(BatchBuilder builder) throws IOException {
    CsvRecordReader.CsvRecord record = csv.next();
    if (record == null) {
      return false;
    }
    if (record.error() == null && record.fields().size() == 1 && record.fields().get(0) == null && record.raw().isEmpty()) {
      return true; // a blank line
    }
    try {
      if (record.error() != null) {
        throw new RowParseException(record.error());
      }
      List<String> fields = record.fields();
      if (fields.size() != schema.size()) {
        throw new RowParseException("expected " + schema.size() + " fields, found " + fields.size());
      }
      Object[] values = new Object[schema.size()];
      for (int c = 0; c < values.length; c++) {
        String f = fields.get(c);
        values[c] = f == null ? null : TextValues.parse(f, schema.type(c), schema.name(c));
      }
      builder.add(values);
    } catch (RowParseException e) {
      errors.error(path.toString(), record.line(), e.getMessage(), record.raw());
    } catch (RuntimeException e) {
      // a value no parser expected: it spoils its line, not the rest of the file
      errors.error(path.toString(), record.line(), "cannot be read: " + e, record.raw());
    }
    return true;
  }

  private boolean nextJson(BatchBuilder builder) throws IOException {
    LineReader.Line line = lines.next();
    if (line == null) {
      return false;
    }
    if (line.bad()) {
      errors.error(path.toString(), line.number(), line.error(), line.raw());
      return true;
    }
    if (line.text().isBlank()) {
      return true;
    }
    try {
      builder.add(JsonRows.parse(JSON, line.text(), schema));
    } catch (RowParseException e) {
      errors.error(path.toString(), line.number(), e.getMessage(), InputText.cut(line.text()));
    } catch (RuntimeException e) {
      // a value no parser expected: it spoils its line, not the rest of the file
      errors.error(path.toString(), line.number(), "cannot be read: " + e, InputText.cut(line.text()));
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }

  /** One JSON object as a row: fields matched to columns by name, ignoring case. */
  static final class JsonRows {
    private JsonRows() {}

    static Object[] parse(JsonFactory factory, String line, Schema schema) throws RowParseException {
      try (JsonParser p = factory.createParser(line)) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          throw new RowParseException("invalid JSON: expected an object");
        }
        Object[] row = readObject(p, schema.fields());
        if (p.nextToken() != null) {
          throw new RowParseException("invalid JSON: text after the object");
        }
        return row;
      } catch (IOException e) {
        throw new RowParseException("invalid JSON: " + e.getMessage().split("\n")[0]);
      }
    }

    private static Object[] readObject(JsonParser p, List<DataType.Field> fields) throws IOException, RowParseException {
      Object[] row = new Object[fields.size()];
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        int index = -1;
        for (int i = 0; i < fields.size(); i++) {
          if (fields.get(i).name().equalsIgnoreCase(name)) {
            index = i;
            break;
          }
        }
        if (index < 0) {
          p.skipChildren();
          continue;
        }
        row[index] = value(p, value, fields.get(index));
      }
      return row;
    }

    private static Object value(JsonParser p, JsonToken token, DataType.Field field) throws IOException, RowParseException {
      DataType type = field.type();
      if (token == JsonToken.VALUE_NULL) {
        return null;
      }
      if (type.kind() == io.runnel.operators.types.TypeKind.ROW) {
        if (token != JsonToken.START_OBJECT) {
          throw new RowParseException("column '" + field.name() + "': expected an object");
        }
        return readObject(p, type.fields());
      }
      if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
        throw new RowParseException("column '" + field.name() + "': expected a " + type.withNullable(true) + ", found " + (token == JsonToken.START_ARRAY ? "an array" : "an object"));
      }
      boolean number = token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT;
      switch (type.kind()) {
        case TIMESTAMP, TIMESTAMP_LTZ -> {
          if (token == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
          }
        }
        case BOOLEAN -> {
          if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
            return token == JsonToken.VALUE_TRUE ? 1L : 0L;
          }
        }
        case INT, BIGINT, DOUBLE, DECIMAL -> {
          if (!number) {
            throw TextValues.bad(p.getText(), type, field.name());
          }
        }
        default -> {}
      }
      return TextValues.parse(p.getText(), type, field.name());
    }
  }
}
