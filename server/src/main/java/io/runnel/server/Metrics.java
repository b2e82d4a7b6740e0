package io.runnel.server;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.runnel.Column;
import io.runnel.QueryStats;
import io.runnel.Runnel;
import io.runnel.StatementResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * {@code GET /metrics}, in the Prometheus text format, through the Prometheus Java client: per query its
 * rows in and out, lag, watermark, state size and late rows (read from the engine at each scrape, once);
 * the open event streams and the clients cut off; and per endpoint the requests and their latencies.
 */
final class Metrics {
  /** One query as a scrape reads it. */
  private record QueryRow(String id, double rowsIn, double rowsOut, double lagRows, double watermarkSeconds, double stateBytes, double lateRows) {}

  private final Runnel runnel;
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Histogram requests;
  /** The queries the scrape under way read. */
  private List<QueryRow> queries = List.of();

  Metrics(Runnel runnel, IntSupplier subscribers, Supplier<Map<String, Long>> cutOff) {
    this.runnel = runnel;
    requests =
        Histogram.builder()
            .name("runnel_http_request_duration_seconds")
            .help("Requests served, by endpoint and status, and how long they took (an event stream: until it ended)")
            .labelNames("endpoint", "status")
            .register(registry);
    GaugeWithCallback.builder().name("runnel_event_streams").help("Event streams open (subscribers to views' changes)").callback(cb -> cb.call(subscribers.getAsInt())).register(registry);
    CounterWithCallback.builder()
        .name("runnel_event_streams_cut_off")
        .help("Event stream clients cut off, by reason (write-timeout: a write to the client did not complete within the write timeout)")
        .labelNames("reason")
        .callback(cb -> cutOff.get().forEach((reason, n) -> cb.call(n, reason)))
        .register(registry);
    counter("runnel_query_rows_in", "Rows a query has read", QueryRow::rowsIn);
    counter("runnel_query_rows_out", "Rows a query has emitted", QueryRow::rowsOut);
    counter("runnel_query_late_rows", "Rows a query found late", QueryRow::lateRows);
    gauge("runnel_query_lag_rows", "Rows appended to a query's inputs that it has not read yet", QueryRow::lagRows);
    gauge("runnel_query_watermark_seconds", "A query's watermark, in seconds since the epoch (NaN before its first)", QueryRow::watermarkSeconds);
    gauge("runnel_query_state_bytes", "The heap a query's state takes, estimated", QueryRow::stateBytes);
  }

  private void counter(String name, String help, ToDoubleFunction<QueryRow> value) {
    CounterWithCallback.builder().name(name).help(help).labelNames("query").callback(cb -> queries.forEach(q -> cb.call(value.applyAsDouble(q), q.id()))).register(registry);
  }

  private void gauge(String name, String help, ToDoubleFunction<QueryRow> value) {
    GaugeWithCallback.builder().name(name).help(help).labelNames("query").callback(cb -> queries.forEach(q -> cb.call(value.applyAsDouble(q), q.id()))).register(registry);
  }

  /** A request to {@code endpoint} (a route, not a path: bounded in number) ended with {@code status} after {@code nanos}. */
  void observe(String endpoint, int status, long nanos) {
    requests.labelValues(endpoint, Integer.toString(status)).observe(nanos / 1e9);
  }

  /** Every metric, in the Prometheus text format. */
  synchronized String scrape() throws IOException {
    queries = readQueries();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  private List<QueryRow> readQueries() {
    StatementResult.Table table = (StatementResult.Table) runnel.execute("SHOW QUERIES");
    List<String> names = table.columns().stream().map(Column::name).toList();
    List<QueryRow> rows = new ArrayList<>();
    for (List<Object> r : table.rows()) {
      String id = (String) r.get(names.indexOf("id"));
      double late = Double.NaN;
      try {
        QueryStats stats = runnel.handle(id).stats();
        late = stats.lateRows();
      } catch (RuntimeException e) {
        // ended between the listing and now
      }
      rows.add(
          new QueryRow(
              id,
              number(r.get(names.indexOf("rows_in"))),
              number(r.get(names.indexOf("rows_out"))),
              number(r.get(names.indexOf("lag_rows"))),
              watermarkSeconds(r.get(names.indexOf("watermark"))),
              number(r.get(names.indexOf("state_bytes"))),
              late));
    }
    return rows;
  }

  private static double number(Object v) {
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  private static double watermarkSeconds(Object v) {
    if (v == null) {
      return Double.NaN;
    }
    try {
      return LocalDateTime.parse(v.toString().replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli() / 1e3;
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }
}
