package io.runnel.server;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.jetty.util.Callback;

/**
 * One client's events on their way out: a bounded buffer of the events not yet written, and at most one
 * write in flight. A write takes everything buffered at once, and the next starts from the completion of
 * the one before, so a fast client gets many events a write and the thread that has them never waits for
 * the network. A thread that has several events at once (a subscription's run of changes) holds them back
 * until it has them all ({@link #release}), so that they go out in one write.
 *
 * <p>The buffer holds at most {@code maxBytes} of event text (an event larger than that goes alone). An
 * event that does not fit waits, in {@link #offer}, until the write in flight completes and the next takes
 * the buffer: the thread that has the events (a view's subscription, which then falls behind on the view's
 * changelog) is held back, and no other. Memory per client is therefore at most twice the bound: one write
 * in flight, one buffer filling. A client whose write does not complete is found by {@link #writingNanos}
 * and cut off by its stream.
 *
 * <p>Thread-safe: events may come from several threads (a subscription's, the heartbeat's); they go out in
 * the order {@link #offer} took them.
 */
final class Outbox {
  /** An event's text as its sink writes it, with its id (null: none); {@link #HEARTBEAT} for a heartbeat. */
  record Frame(String id, String text) {
    static final Frame HEARTBEAT = new Frame(null, null);

    /** What the frame takes of the buffer: its characters (bytes, for ASCII text). */
    int size() {
      return text == null ? 0 : text.length();
    }
  }

  /** Where an outbox's frames go: a response of Server-Sent Events, or a WebSocket. */
  interface Sink {
    /** The text of event {@code name} with {@code data} as this sink writes it; {@code id} may be null. */
    String event(String id, String name, String data);

    /**
     * Writes {@code frames} in order ({@link Frame#HEARTBEAT} as the sink's heartbeat) and completes {@code
     * done} when they are written, or fails it. Not called again before {@code done} completes; it may
     * complete before this returns.
     */
    void write(List<Frame> frames, Callback done);

    /** Ends the stream after what was written: normally, or, when {@code cutOff}, after an error event. */
    void end(boolean cutOff);

    /** Ends the stream at once, a write in flight included: the client is gone or takes nothing. */
    void abort(Throwable cause);
  }

  private enum State {
    OPEN,
    /** Writing what is buffered, then ending. */
    ENDING,
    ENDED
  }

  private final Sink sink;
  private final long maxBytes;
  /** Told when a write fails: the client is gone. */
  private final Consumer<Throwable> onFailure;
  private final ArrayDeque<Frame> buffered = new ArrayDeque<>();
  private long bufferedBytes;
  private State state = State.OPEN;
  private boolean cutOff;
  /** A thread is writing (or about to): it alone takes the buffer, until it finds it empty. */
  private boolean writing;
  private long writeStarted;
  /** When a write last started or ended; for the heartbeat. */
  private long lastActivity = System.nanoTime();
  /** The id of the last event handed to the sink: where its client may resume if cut off. */
  private String lastId;

  Outbox(Sink sink, long maxBytes, Consumer<Throwable> onFailure) {
    this.sink = sink;
    this.maxBytes = maxBytes;
    this.onFailure = onFailure;
  }

  Sink sink() {
    return sink;
  }

  /**
   * Buffers {@code frame} and starts a write unless one is in flight, or, when {@code hold}, unless more
   * frames are expected at once ({@link #release} writes them). While the buffer is full it waits for
   * room, writing what is held if nothing is in flight. False if the outbox is ending or ended (the frame
   * is dropped: the stream is over).
   */
  boolean offer(Frame frame, boolean hold) throws InterruptedException {
    while (true) {
      boolean added = false;
      synchronized (this) {
        if (state != State.OPEN) {
          return false;
        }
        if (buffered.isEmpty() || bufferedBytes + frame.size() <= maxBytes) {
          buffered.add(frame);
          bufferedBytes += frame.size();
          added = true;
          if (writing || (hold && bufferedBytes < maxBytes)) {
            return true; // the write in flight takes it when it completes, or the release that follows
          }
        } else if (writing) {
          wait(); // full: room comes when the write in flight completes and the next takes the buffer
          continue;
        }
        writing = true;
      }
      flush();
      if (added) {
        return true;
      }
    }
  }

  /** Writes what is held, unless a write is in flight (it takes it when it completes). */
  void release() {
    synchronized (this) {
      if (state != State.OPEN || writing || buffered.isEmpty()) {
        return;
      }
      writing = true;
    }
    flush();
  }

  /** Ends the stream once what is buffered is written; no more frames are taken. */
  void end() {
    endWith(null);
  }

  /**
   * Cuts the client off: drops what is buffered, writes the error event {@code error} makes of the id of
   * the last event handed to the sink (where the client may resume; null if none) after the write in
   * flight, and ends the stream; best effort, since the client may take nothing more. False if the outbox
   * was ending or ended already.
   */
  boolean cutOff(Function<String, Frame> error) {
    return endWith(error);
  }

  private boolean endWith(Function<String, Frame> error) {
    synchronized (this) {
      if (state != State.OPEN) {
        return false;
      }
      state = State.ENDING;
      if (error != null) {
        Frame e = error.apply(lastId);
        cutOff = true;
        buffered.clear();
        buffered.add(e);
        bufferedBytes = e.size();
      }
      notifyAll();
      if (writing) {
        return true; // the writer ends the stream when it has written the rest
      }
      writing = true;
    }
    flush();
    return true;
  }

  /** Ends the stream at once; nothing buffered is written. False if it had ended already. */
  boolean abort(Throwable cause) {
    synchronized (this) {
      if (state == State.ENDED) {
        return false;
      }
      state = State.ENDED;
      buffered.clear();
      bufferedBytes = 0;
      notifyAll();
    }
    sink.abort(cause);
    return true;
  }

  /** How long the write in flight has been under way at {@code now}, 0 without one. */
  synchronized long writingNanos(long now) {
    return writing && state != State.ENDED ? now - writeStarted : 0;
  }

  /** True if the outbox is open and has written nothing, nor had anything to write, for {@code nanos}. */
  synchronized boolean idleFor(long now, long nanos) {
    return state == State.OPEN && !writing && now - lastActivity >= nanos;
  }

  /** Writes what is buffered, write after write, until the buffer is empty or a write is left in flight. */
  private void flush() {
    while (true) {
      List<Frame> batch;
      boolean end = false;
      synchronized (this) {
        if (buffered.isEmpty() || state == State.ENDED) {
          writing = false;
          lastActivity = System.nanoTime();
          if (state == State.ENDING) {
            state = State.ENDED;
            end = true;
          }
          batch = null;
        } else {
          batch = new ArrayList<>(buffered);
          buffered.clear();
          bufferedBytes = 0;
          notifyAll(); // room for those waiting
          for (Frame f : batch) {
            if (f.id() != null) {
              lastId = f.id();
            }
          }
          writeStarted = lastActivity = System.nanoTime();
        }
      }
      if (batch == null) {
        if (end) {
          sink.end(cutOff);
        }
        return;
      }
      Completion written = new Completion();
      sink.write(batch, written);
      if (!written.returned()) {
        return; // it completes later, and its completion writes on
      }
    }
  }

  /** The completion of one write: the next write starts from it, or, when it came at once, from the loop. */
  private final class Completion implements Callback {
    private boolean done;
    private boolean returned;

    /** The write call has returned: true if the write has completed already (the loop goes on). */
    boolean returned() {
      synchronized (Outbox.this) {
        returned = true;
        return done;
      }
    }

    @Override
    public void succeeded() {
      synchronized (Outbox.this) {
        done = true;
        if (!returned) {
          return; // completed within the write call: its loop writes on
        }
      }
      flush();
    }

    @Override
    public void failed(Throwable cause) {
      synchronized (Outbox.this) {
        done = true;
        writing = false;
        if (state == State.ENDED) {
          return; // aborted: this is the write failing with it
        }
        state = State.ENDED;
        buffered.clear();
        bufferedBytes = 0;
        Outbox.this.notifyAll();
      }
      onFailure.accept(cause);
      sink.abort(cause);
    }
  }
}
