package io.livelake.ingestion;

/**
 * One micro-batch of a layer that follows the ingestion's tables (the retractions, the realtime KPIs),
 * as its listener hears of it: the layer, the batch, what it did in a phrase, and how long it took.
 */
public record LayerBatch(String layer, long batchId, String did, double seconds) {}
