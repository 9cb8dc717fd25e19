package io.livelake.ml.model;

/** The loss of a model after one training iteration (a point of the paper's Fig. 3). */
public record HistoryPoint(String model, int iteration, String dataset, double loss, String lossFunction) {}
