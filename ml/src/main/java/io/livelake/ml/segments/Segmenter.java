package io.livelake.ml.segments;

import static org.apache.spark.sql.functions.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.evaluation.ClusteringEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * K-means user segmentation (paper 000): features log-transformed (they are heavy-tailed) and
 * standardized, k-means for every k of the range, the k with the best silhouette kept. Segments are
 * numbered by decreasing mean purchase value, so numbers do not depend on k-means' arbitrary labels.
 */
public final class Segmenter {
  private static final String FEATURES = "features";
  private static final String CLUSTER = "cluster";

  private Segmenter() {}

  /** Segments {@code users} (user_id and {@link UserFeatures#COLUMNS}). */
  public static Segmentation fit(Dataset<Row> users, List<Integer> kRange, int maxIter, long seed, int partitions,
      Consumer<String> log) {
    Map<String, Column> logs = new LinkedHashMap<>();
    for (String c : UserFeatures.COLUMNS) logs.put("log_" + c, log1p(greatest(col(c).cast("double"), lit(0.0))));
    Dataset<Row> assembled = new VectorAssembler().setInputCols(logs.keySet().toArray(String[]::new)).setOutputCol("raw")
        .transform(users.withColumns(logs));
    StandardScalerModel scaler = new StandardScaler().setWithMean(true).setWithStd(true).setInputCol("raw")
        .setOutputCol(FEATURES).fit(assembled);
    Dataset<Row> x = scaler.transform(assembled)
        .repartition(partitions, col("user_id")).sortWithinPartitions("user_id").cache();
    long n = x.count();
    Map<Integer, Double> silhouettes = new LinkedHashMap<>();
    KMeansModel best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int k : kRange) {
      if (k < 2 || k >= n) continue;
      KMeansModel m = new KMeans().setK(k).setMaxIter(maxIter).setSeed(seed).setFeaturesCol(FEATURES)
          .setPredictionCol(CLUSTER).fit(x);
      double s = new ClusteringEvaluator().setFeaturesCol(FEATURES).setPredictionCol(CLUSTER).evaluate(m.transform(x));
      silhouettes.put(k, s);
      log.accept(String.format(java.util.Locale.ROOT, "k-means k=%d: silhouette %.3f", k, s));
      if (s > bestScore) {
        bestScore = s;
        best = m;
      }
    }
    if (best == null) {
      throw new IllegalArgumentException("segments.k.range " + kRange + " has no k between 2 and the number of users - 1 ("
          + (n - 1) + ")");
    }
    Dataset<Row> clustered = best.transform(x).cache();
    List<Row> stats = clustered.groupBy(CLUSTER).agg(count("*"), avg(UserFeatures.WATCH), avg(UserFeatures.INTERACTIONS),
        avg(UserFeatures.PURCHASES), avg(UserFeatures.VALUE), avg(UserFeatures.RECENCY)).collectAsList();
    List<Row> ordered = new ArrayList<>(stats);
    ordered.sort(Comparator.comparingDouble((Row r) -> -r.getDouble(5)).thenComparingDouble(r -> -r.getDouble(4))
        .thenComparingDouble(r -> -r.getDouble(2)).thenComparingInt(r -> r.getInt(0)));
    Row buyers = clustered.filter(col(UserFeatures.PURCHASES).gt(0))
        .agg(avg(UserFeatures.PURCHASES), avg(UserFeatures.VALUE)).first();
    double buyerPurchases = buyers.isNullAt(0) ? 0 : buyers.getDouble(0);
    double buyerValue = buyers.isNullAt(1) ? 0 : buyers.getDouble(1);
    Vector[] centers = best.clusterCenters();
    Map<Integer, Integer> segmentOf = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    List<double[]> z = new ArrayList<>();
    List<double[]> means = new ArrayList<>();
    for (int i = 0; i < ordered.size(); i++) {
      Row r = ordered.get(i);
      int cluster = r.getInt(0);
      segmentOf.put(cluster, i + 1);
      z.add(centers[cluster].toArray());
      means.add(new double[] {r.getDouble(2), r.getDouble(3), r.getDouble(4), r.getDouble(5), r.getDouble(6)});
      names.add(ProfileDescriber.describe(z.get(i), r.getDouble(4), r.getDouble(5), r.getDouble(6), buyerPurchases,
          buyerValue));
    }
    names = ProfileDescriber.distinguish(names, z, means);
    List<SegmentProfile> profiles = new ArrayList<>();
    for (int i = 0; i < ordered.size(); i++) {
      Row r = ordered.get(i);
      profiles.add(new SegmentProfile(i + 1, r.getLong(1), r.getLong(1) / (double) n, r.getDouble(2), r.getDouble(3),
          r.getDouble(4), r.getDouble(5), r.getDouble(6), names.get(i)));
    }
    Column segment = lit(null).cast("int");
    for (var e : segmentOf.entrySet()) segment = when(col(CLUSTER).equalTo(e.getKey()), e.getValue()).otherwise(segment);
    Dataset<Row> assigned = clustered.select(col("user_id"), segment.as("segment"), col(UserFeatures.WATCH),
        col(UserFeatures.INTERACTIONS), col(UserFeatures.PURCHASES), col(UserFeatures.VALUE), col(UserFeatures.RECENCY));
    return new Segmentation(best.getK(), silhouettes, assigned, profiles);
  }
}
