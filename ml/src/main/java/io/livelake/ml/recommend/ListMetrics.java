package io.livelake.ml.recommend;

/**
 * Accuracy and diversity of one method's lists: precision@N on held-out last purchases, intra-list
 * category diversity (null when no listed product has a category: every pair would differ, vacuously), catalogue
 * coverage, and the precision given up against plain ALS.
 */
public record ListMetrics(String method, double precision, Double diversity, double coverage, long usersEvaluated,
    long usersRecommended, double precisionDrop, boolean withinBound) {}
