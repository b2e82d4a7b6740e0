package io.runnel.server;

import io.runnel.MaterializedView;
import io.runnel.QueryHandle;
import io.runnel.Runnel;
import io.runnel.StatementResult;
import io.runnel.ViewPosition;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.SqlParser;
import io.runnel.parser.ast.Statement;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The requests that stay open: a view's changes and a standing query's, as Server-Sent Events or over a
 * WebSocket ({@link EventStream}). Each open stream is known here: one timer checks them all a few times
 * per write timeout (for writes that do not complete, and heartbeats), and stopping the server ends them.
 */
final class Streams implements EventStream.Owner {
  private final Runnel runnel;
  private final ScheduledExecutorService timers;
  private final Duration writeTimeout;
  private final long bufferBytes;
  /** Clients cut off, by reason. */
  private final Map<String, AtomicLong> cutOff = new ConcurrentHashMap<>();
  /** The event streams open, ended when the server stops. */
  private final Set<EventStream> live = ConcurrentHashMap.newKeySet();
  private final ScheduledFuture<?> checks;
  /** Threads that wait for pushed queries to end. */
  private final ExecutorService waiters =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "runnel-push-waiter");
            t.setDaemon(true);
            return t;
          });

  Streams(Runnel runnel, ScheduledExecutorService timers, Duration writeTimeout, long bufferBytes) {
    this.runnel = runnel;
    this.timers = timers;
    this.writeTimeout = writeTimeout;
    this.bufferBytes = bufferBytes;
    cutOff.put(EventStream.WRITE_TIMEOUT, new AtomicLong());
    // a write is found stuck within a quarter of the write timeout after it is due
    long every = Math.max(10, Math.min(1_000, writeTimeout.toMillis() / 4));
    checks = timers.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
  }

  /** A stream on {@code sink}, known here until it ends. */
  EventStream open(Outbox.Sink sink) {
    EventStream stream = new EventStream(sink, bufferBytes, writeTimeout, timers, this);
    live.add(stream);
    return stream;
  }

  private void check() {
    long now = System.nanoTime();
    for (EventStream s : live) {
      try {
        s.check(now);
      } catch (RuntimeException e) {
        s.close(e); // checking the others goes on
      }
    }
  }

  @Override
  public void closed(EventStream stream) {
    live.remove(stream);
  }

  @Override
  public void cutOff(String reason) {
    cutOff.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
  }

  /** How many clients were cut off, by reason. */
  Map<String, Long> cutOff() {
    Map<String, Long> counts = new TreeMap<>();
    cutOff.forEach((reason, n) -> counts.put(reason, n.get()));
    return counts;
  }

  /** How many streams are open. */
  int size() {
    return live.size();
  }

  /** A WebSocket following view {@code name} from position {@code from} (null: from its current rows). */
  ViewSocket socket(String name, String from) {
    return new ViewSocket(runnel.view(name), EventStream.position(from), this);
  }

  /**
   * POST /v1/push: the changes of a standing query as Server-Sent Events, for as long as the client stays
   * (or the query ends). The statements are SETs, then one SELECT (one that reads a materialized view ends
   * once it has given the view's rows).
   */
  void push(String sql, Request request, Response response, Callback callback) {
    List<Statement> statements = SqlParser.parseScript(sql);
    for (int i = 0; i < statements.size(); i++) {
      boolean last = i == statements.size() - 1;
      if (last ? !(statements.get(i) instanceof Statement.QueryStatement) : !(statements.get(i) instanceof Statement.Set)) {
        throw new ApiException(
            400,
            new RunnelException(ErrorCode.UNSUPPORTED, statements.get(i).pos(), "A push takes one SELECT, after any SETs", "Run other statements with POST /v1/statements."));
      }
    }
    List<StatementResult> results = runnel.session().executeAll(sql);
    QueryHandle query = ((StatementResult.Query) results.get(results.size() - 1)).handle();
    startEvents(response);
    EventStream stream = open(new SseSink(request, response, callback));
    request.addFailureListener(stream::close);
    stream.follow(query, waiters);
  }

  private static void startEvents(Response response) {
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    // a stream holds its connection to its end, which is the server stopping or the client cut off: then it closes
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
  }

  /** GET /v1/views/NAME/changes: the view's rows, then every change, as Server-Sent Events. */
  void changes(String name, Request request, Response response, Callback callback) {
    MaterializedView view = runnel.view(name);
    String from = request.getHeaders().get("Last-Event-ID");
    if (from == null) {
      Fields.Field f = Request.extractQueryParameters(request, StandardCharsets.UTF_8).get("from");
      from = f == null ? null : f.getValue();
    }
    ViewPosition position = EventStream.position(from);
    startEvents(response);
    EventStream stream = open(new SseSink(request, response, callback));
    request.addFailureListener(stream::close); // the client went away
    stream.start(position == null ? view.subscribe(stream) : view.subscribe(position, stream));
  }

  /** Ends every open event stream: the server is stopping. Their clients may resume from their positions. */
  void closeStreams() {
    checks.cancel(false);
    for (EventStream s : List.copyOf(live)) {
      s.close(null);
    }
    waiters.shutdownNow();
  }
}
