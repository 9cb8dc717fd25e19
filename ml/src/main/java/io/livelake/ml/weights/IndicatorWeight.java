package io.livelake.ml.weights;

import io.livelake.indicators.Indicator;

/**
 * One indicator's weight by one method: normalized so a method's weights over the model's indicators sum to 1, its global
 * rank (1 = most important), the bootstrap 95% interval and the value before normalization.
 */
public record IndicatorWeight(String method, Indicator indicator, double weight, int rank, double ciLow, double ciHigh,
    double rawImportance) {}
