package io.livelake.ml.recommend;

/**
 * Accuracy and diversity of one method's lists: precision@N on held-out last purchases, intra-list
 * category diversity, catalogue coverage, and the precision given up against plain ALS.
 */
public record ListMetrics(String method, double precision, double diversity, double coverage, long usersEvaluated,
    long usersRecommended, double precisionDrop, boolean withinBound) {}
