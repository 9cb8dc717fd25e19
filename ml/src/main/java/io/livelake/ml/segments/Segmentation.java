package io.livelake.ml.segments;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The result of a segmentation: the chosen k, the silhouette of every k tried, each user's segment
 * (user_id, segment, the features) and the segments' profiles.
 */
public record Segmentation(int k, Map<Integer, Double> silhouettes, Dataset<Row> users, List<SegmentProfile> profiles) {}
