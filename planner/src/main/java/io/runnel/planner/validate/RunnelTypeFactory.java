package io.runnel.planner.validate;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;

/**
 * Calcite's type factory with UTF-16LE as the charset of character types. Calcite's default, ISO-8859-1,
 * cannot hold a string literal such as {@code '東京'} (it fails to encode), while values read from files
 * hold any text; UTF-16 holds every Java string, characters outside the BMP included (Flink's type factory
 * makes the same choice).
 */
public final class RunnelTypeFactory extends JavaTypeFactoryImpl {
  @Override
  public Charset getDefaultCharset() {
    return StandardCharsets.UTF_16LE;
  }
}
