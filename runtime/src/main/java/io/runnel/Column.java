package io.runnel;

/** A result column: its name and its SQL type as printed by DESCRIBE. */
public record Column(String name, String type) {}
