package io.livelake.ml.model;

import io.livelake.config.Settings;
import io.livelake.ml.weights.Network;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.optimization.LBFGS;
import org.apache.spark.mllib.optimization.SquaredL2Updater;
import org.apache.spark.mllib.stat.MultivariateStatisticalSummary;
import org.apache.spark.mllib.stat.Statistics;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.random.XORShiftRandom;
import scala.Tuple2;

/**
 * Paper 001's back-propagation network as a regression: inputs, one sigmoid hidden layer and one
 * linear output trained on squared error with a small L2 penalty by MLlib's distributed L-BFGS
 * ({@link BackpropGradient}), or, below {@code localBelow} rows, by the same L-BFGS in the driver
 * ({@link LocalLbfgs}) on the same rows, standardization and validation part. Features and outcome are
 * standardized for training; the fitted weights have that folded back in, so {@link #score} and
 * {@link #network} take the features as given and return the outcome in its own units.
 */
public final class RegressionNetwork implements Serializable {
  private static final long serialVersionUID = 1L;
  /** L-BFGS memory; MLlib's default. */
  private static final int CORRECTIONS = 10;

  private final int[] layers;
  private final double[] weights;
  private final double[] objectiveHistory;

  /**
   * How to fit: {@code restarts} random starts each trained {@code restartIter} iterations on the
   * training rows less a validation part; training then continues from the start best on the validation
   * part, on all training rows, for up to {@code maxIter} iterations. Restarts matter because 5 hidden units can settle in
   * a poor local minimum; the validation part keeps the choice honest.
   *
   * @param hidden hidden units (paper 001: 5)
   * @param decay weight decay on the standardized problem: 0.5 decay |w|^2 added to the summed half squared
   *     error, so MLlib's regParam is decay / rows and the penalty's pull fades as the data grows
   * @param maxIter L-BFGS iterations of the final fit
   * @param restarts random starts to choose among (at least 1)
   * @param restartIter L-BFGS iterations per start
   * @param validationFraction share of the training rows held back to choose the start
   * @param tol L-BFGS convergence tolerance
   * @param seed seeds the starts and the validation split, so a fit is repeatable
   * @param localBelow fewer rows than this are fitted in the driver (model.local.below)
   */
  public record Params(int hidden, double decay, int maxIter, int restarts, int restartIter, double validationFraction,
      double tol, long seed, int localBelow) {
    /** The setting chosen in docs/perceptron-choice.md: the paper's 5 hidden units. */
    public static Params defaults(long seed) {
      return new Params(5, 0.5, 300, 3, 40, 0.2, 1e-7, seed, Integer.parseInt(Settings.MODEL_LOCAL_BELOW.defaultValue()));
    }
  }

  private RegressionNetwork(int[] layers, double[] weights, double[] objectiveHistory) {
    this.layers = layers;
    this.weights = weights;
    this.objectiveHistory = objectiveHistory;
  }

  /** Fits the network on {@code rows}: {@code featuresCol} an ML vector, {@code labelCol} the double outcome. */
  public static RegressionNetwork fit(Dataset<Row> rows, String featuresCol, String labelCol, Params p) {
    return rows.count() < p.localBelow() ? fitLocally(rows, featuresCol, labelCol, p)
        : fitDistributed(rows, featuresCol, labelCol, p);
  }

  private static RegressionNetwork fitDistributed(Dataset<Row> rows, String featuresCol, String labelCol, Params p) {
    JavaRDD<double[]> raw = rows.select(functions.col(featuresCol), functions.col(labelCol).cast(DataTypes.DoubleType))
        .javaRDD().map(r -> {
          double[] x = ((org.apache.spark.ml.linalg.Vector) r.get(0)).toArray();
          double[] v = java.util.Arrays.copyOf(x, x.length + 1);
          v[x.length] = r.getDouble(1);
          return v;
        }).cache();
    MultivariateStatisticalSummary stats = Statistics.colStats(raw.map(Vectors::dense).rdd());
    int inputs = (int) stats.mean().size() - 1;
    double[] mean = stats.mean().toArray();
    double[] sd = new double[mean.length];
    for (int i = 0; i < sd.length; i++) {
      double s = Math.sqrt(stats.variance().apply(i));
      sd[i] = s > 0 ? s : 1; // a constant column standardizes to 0 and then carries no weight
    }
    JavaRDD<Tuple2<Object, Vector>> all = raw.map(v -> {
      double[] x = new double[inputs];
      for (int i = 0; i < inputs; i++) x[i] = (v[i] - mean[i]) / sd[i];
      return new Tuple2<Object, Vector>((v[inputs] - mean[inputs]) / sd[inputs], Vectors.dense(x));
    }).cache();
    JavaRDD<Tuple2<Object, Vector>>[] parts = all.randomSplit(new double[] {1 - p.validationFraction(), p.validationFraction()},
        p.seed());
    JavaRDD<Tuple2<Object, Vector>> fitPart = parts[0].cache();
    JavaRDD<Tuple2<Object, Vector>> validation = parts[1].cache();
    BackpropGradient gradient = new BackpropGradient(inputs, p.hidden());

    LocalLbfgs.Result fitted = fromBestStart(inputs, p, (allRows, iterations, start) -> {
      Tuple2<Vector, double[]> run = lbfgs((allRows ? all : fitPart).rdd(), gradient, p, iterations, start);
      return new LocalLbfgs.Result(run._1().toArray(), run._2());
    }, w -> meanSquaredError(validation, inputs, p.hidden(), w));
    // Blocking: an unpersist still in flight when the session stops is rejected with a stack trace.
    fitPart.unpersist(true);
    validation.unpersist(true);
    all.unpersist(true);
    raw.unpersist(true);
    return new RegressionNetwork(new int[] {inputs, p.hidden(), 1}, unstandardize(fitted.x(), inputs, p.hidden(), mean, sd),
        fitted.history());
  }

  /**
   * {@link #fitDistributed} in the driver: the rows collected with their partition, so the validation
   * part is the one RDD.randomSplit draws (per partition, XORShiftRandom seeded with seed + partition),
   * and the objective is runLBFGS's: mean half squared error plus 0.5 regParam |w|^2.
   */
  private static RegressionNetwork fitLocally(Dataset<Row> rows, String featuresCol, String labelCol, Params p) {
    List<Row> collected = rows.select(functions.col(featuresCol), functions.col(labelCol).cast(DataTypes.DoubleType),
        functions.spark_partition_id()).collectAsList();
    int n = collected.size();
    int inputs = ((org.apache.spark.ml.linalg.Vector) collected.get(0).get(0)).size();
    double[][] raw = new double[n][];
    for (int r = 0; r < n; r++) {
      double[] x = ((org.apache.spark.ml.linalg.Vector) collected.get(r).get(0)).toArray();
      raw[r] = java.util.Arrays.copyOf(x, inputs + 1);
      raw[r][inputs] = collected.get(r).getDouble(1);
    }
    double[] mean = new double[inputs + 1];
    double[] sd = new double[inputs + 1];
    for (double[] v : raw) for (int i = 0; i <= inputs; i++) mean[i] += v[i] / n;
    for (int i = 0; i <= inputs; i++) {
      double ss = 0;
      for (double[] v : raw) ss += (v[i] - mean[i]) * (v[i] - mean[i]);
      double s = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
      sd[i] = s > 0 ? s : 1; // as colStats' sample variance: a constant column standardizes to 0
    }
    double[][] x = new double[n][inputs];
    double[] y = new double[n];
    for (int r = 0; r < n; r++) {
      for (int i = 0; i < inputs; i++) x[r][i] = (raw[r][i] - mean[i]) / sd[i];
      y[r] = (raw[r][inputs] - mean[inputs]) / sd[inputs];
    }
    // RDD.randomSplit's cut points: cumulative normalized weights.
    double fitWeight = 1 - p.validationFraction();
    double sum = fitWeight + p.validationFraction();
    double cut = fitWeight / sum;
    double end = cut + p.validationFraction() / sum;
    List<Integer> fitPart = new ArrayList<>();
    List<Integer> validation = new ArrayList<>();
    XORShiftRandom rng = null;
    int partition = -1;
    for (int r = 0; r < n; r++) {
      int part = collected.get(r).getInt(2);
      if (part != partition) {
        partition = part;
        rng = new XORShiftRandom(p.seed() + part);
      }
      double u = rng.nextDouble();
      if (u < cut) fitPart.add(r);
      else if (u < end) validation.add(r);
    }
    int[] fitRows = fitPart.stream().mapToInt(Integer::intValue).toArray();
    int[] validationRows = validation.stream().mapToInt(Integer::intValue).toArray();
    int[] allRows = java.util.stream.IntStream.range(0, n).toArray();
    BackpropGradient gradient = new BackpropGradient(inputs, p.hidden());

    LocalLbfgs.Result fitted = fromBestStart(inputs, p,
        (all, iterations, start) -> localLbfgs(x, y, all ? allRows : fitRows, gradient, p, iterations, start), w -> {
          double loss = 0;
          for (int i : validationRows) {
            double e = BackpropGradient.forward(inputs, p.hidden(), w, x[i], new double[p.hidden()]) - y[i];
            loss += e * e / validationRows.length;
          }
          return loss;
        });
    return new RegressionNetwork(new int[] {inputs, p.hidden(), 1}, unstandardize(fitted.x(), inputs, p.hidden(), mean, sd),
        fitted.history());
  }

  /** L-BFGS from {@code start} for {@code iterations}, on all training rows or on them less the validation part. */
  private interface Lbfgs {
    LocalLbfgs.Result run(boolean allRows, int iterations, double[] start);
  }

  /**
   * The restarts and the final fit, the same for both paths: each random start trained on the fit part,
   * the one with the least validation loss trained on all rows. The curve runs from the chosen start's
   * random weights through the final fit.
   */
  private static LocalLbfgs.Result fromBestStart(int inputs, Params p, Lbfgs lbfgs, ToDoubleFunction<double[]> validationLoss) {
    SplittableRandom rnd = new SplittableRandom(p.seed());
    LocalLbfgs.Result best = null;
    double bestLoss = Double.POSITIVE_INFINITY;
    for (int r = 0; r < Math.max(1, p.restarts()); r++) {
      LocalLbfgs.Result tried = lbfgs.run(false, p.restartIter(), initialWeights(inputs, p.hidden(), rnd.split()));
      double loss = validationLoss.applyAsDouble(tried.x());
      if (best == null || loss < bestLoss) { // the first start stands even if its loss is NaN
        bestLoss = loss;
        best = tried;
      }
    }
    LocalLbfgs.Result fitted = lbfgs.run(true, p.maxIter(), best.x());
    double[] history = java.util.Arrays.copyOf(best.history(), best.history().length + fitted.history().length);
    System.arraycopy(fitted.history(), 0, history, best.history().length, fitted.history().length);
    return new LocalLbfgs.Result(fitted.x(), history);
  }

  /** runLBFGS's CostFun over {@code rows} of {@code x}, {@code y}, in the driver. */
  private static LocalLbfgs.Result localLbfgs(double[][] x, double[] y, int[] rows, BackpropGradient gradient, Params p,
      int iterations, double[] start) {
    double regParam = p.decay() / rows.length;
    LocalLbfgs.Objective cost = (w, grad) -> {
      double[] sumGrad = new double[w.length];
      double lossSum = 0;
      for (int r : rows) lossSum += gradient.add(x[r], y[r], w, sumGrad);
      double norm2 = 0;
      for (double v : w) norm2 += v * v;
      for (int i = 0; i < w.length; i++) grad[i] = w[i] - w[i] * (1 - regParam) + (1.0 / rows.length) * sumGrad[i];
      return lossSum / rows.length + 0.5 * regParam * norm2;
    };
    return new LocalLbfgs(iterations, CORRECTIONS, p.tol()).minimize(cost, start);
  }

  /** A fitted network as the registry stores it: its layer sizes and weights (no loss curve). */
  public static RegressionNetwork of(int[] layers, double[] weights) {
    new Network(layers, weights); // checks that they fit together
    return new RegressionNetwork(layers.clone(), weights.clone(), new double[0]);
  }

  /** The network as plain arrays with its forward pass, for the indicator weights. */
  public Network network() { return new Network(layers, weights); }

  /** The weights in {@link Network}'s layout, in outcome units. */
  public double[] weights() { return weights.clone(); }

  /** The predicted outcome of one row of features (as in the fitted {@code featuresCol}). */
  public double score(double[] x) {
    return BackpropGradient.forward(layers[0], layers[1], weights, x, new double[layers[1]]);
  }

  /** A column of the predicted outcome of {@code features}, a vector column like the fitted {@code featuresCol}. */
  public Column predict(Column features) {
    RegressionNetwork self = this;
    return functions.udf((UDF1<org.apache.spark.ml.linalg.Vector, Double>) v -> self.score(v.toArray()), DataTypes.DoubleType)
        .apply(features);
  }

  /** Layer sizes: inputs, hidden units, 1. */
  public int[] layers() { return layers.clone(); }

  /**
   * The objective per L-BFGS iteration (mean half squared error on the standardized outcome plus the
   * penalty): the chosen start's iterations, then the final fit's.
   */
  public double[] objectiveHistory() { return objectiveHistory.clone(); }

  private static Tuple2<Vector, double[]> lbfgs(RDD<Tuple2<Object, Vector>> data, BackpropGradient gradient, Params p,
      int iterations, double[] start) {
    return LBFGS.runLBFGS(data, gradient, new SquaredL2Updater(), CORRECTIONS, p.tol(), iterations, p.decay() / data.count(),
        Vectors.dense(start.clone()));
  }

  /** Glorot-uniform weights: with standardized inputs the hidden units start in their sloped, non-saturated range. */
  private static double[] initialWeights(int inputs, int hidden, SplittableRandom rnd) {
    double[] w = new double[BackpropGradient.size(inputs, hidden)];
    double inRange = Math.sqrt(6.0 / (inputs + hidden));
    double outRange = Math.sqrt(6.0 / (hidden + 1));
    int bias = inputs * hidden;
    for (int i = 0; i < bias; i++) w[i] = (2 * rnd.nextDouble() - 1) * inRange;
    for (int h = 0; h < hidden; h++) w[bias + hidden + h] = (2 * rnd.nextDouble() - 1) * outRange;
    return w;
  }

  private static double meanSquaredError(JavaRDD<Tuple2<Object, Vector>> rows, int inputs, int hidden, double[] w) {
    if (rows.isEmpty()) return 0;
    return rows.mapToDouble(t -> {
      double e = BackpropGradient.forward(inputs, hidden, w, t._2().toArray(), new double[hidden]) - (Double) t._1();
      return e * e;
    }).mean();
  }

  /** Folds the standardization into the weights: z = b + sum W (x - m) / s, y = m_y + s_y out. */
  private static double[] unstandardize(double[] w, int inputs, int hidden, double[] mean, double[] sd) {
    double[] u = w.clone();
    int bias = inputs * hidden;
    int out = bias + hidden;
    for (int h = 0; h < hidden; h++) {
      for (int i = 0; i < inputs; i++) {
        u[i * hidden + h] = w[i * hidden + h] / sd[i];
        u[bias + h] -= w[i * hidden + h] * mean[i] / sd[i];
      }
      u[out + h] = w[out + h] * sd[inputs];
    }
    u[out + hidden] = mean[inputs] + sd[inputs] * w[out + hidden];
    return u;
  }
}
