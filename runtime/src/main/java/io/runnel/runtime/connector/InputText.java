package io.runnel.runtime.connector;

/**
 * Bad input as it is shown in {@code sys.errors}: cut to about {@value #MAX_CHARS} characters, with a marker
 * saying how long it was, so that one huge line or field cannot flood the error stream.
 */
public final class InputText {
  /** Characters of bad input kept; the marker comes on top. */
  public static final int MAX_CHARS = 1024;
  /** Room left for the marker: text up to {@code MAX_CHARS + MARKER_ROOM} is never cut, so cutting twice changes nothing. */
  private static final int MARKER_ROOM = 64;

  private InputText() {}

  /** The text itself when it is short enough, else its first characters and {@code [cut: N characters in all]}. */
  public static String cut(String text) {
    if (text == null || text.length() <= MAX_CHARS + MARKER_ROOM) {
      return text;
    }
    return head(text) + " ... [cut: " + text.length() + " characters in all]";
  }

  /** The start of a line of {@code bytes} bytes of which only {@code start} was kept, marked as cut. */
  static String cut(String start, long bytes) {
    return head(start) + " ... [cut: " + bytes + " bytes in all]";
  }

  private static String head(String text) {
    int end = Math.min(text.length(), MAX_CHARS);
    // never split a surrogate pair
    if (end > 0 && end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end);
  }
}
