package io.runnel.operators.window;

/** The window table functions. SESSION windows depend on other rows and are assigned by their aggregate. */
public enum WindowKind {
  TUMBLE,
  HOP,
  CUMULATE,
  SESSION
}
