package io.livelake.ml.registry;

/**
 * Where a training run read its rows: a lake table name or a path, its format, and for Delta the
 * table version read (so the run can be repeated on exactly the same data with versionAsOf).
 */
public record TrainingSource(String input, String format, Long deltaVersion) {}
