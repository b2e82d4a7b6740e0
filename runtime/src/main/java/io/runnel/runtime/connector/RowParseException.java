package io.runnel.runtime.connector;

/** A line of input that does not fit the stream's schema; the message says why. */
public final class RowParseException extends Exception {
  public RowParseException(String reason) {
    super(reason, null, false, false);
  }
}
