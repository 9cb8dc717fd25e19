package io.livelake.ml.model;

import org.apache.spark.mllib.linalg.DenseVector;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.optimization.Gradient;

/**
 * Half the squared error of one row under a one-hidden-layer network (sigmoid hidden units, identity
 * output) and its gradient by back-propagation, for MLlib's distributed L-BFGS and {@link LocalLbfgs}.
 * Weights are in MLlib's perceptron layout (see {@link io.livelake.ml.weights.Network}) so the trained
 * vector is a {@code Network} as it is.
 */
final class BackpropGradient extends Gradient {
  private final int inputs;
  private final int hidden;

  BackpropGradient(int inputs, int hidden) {
    this.inputs = inputs;
    this.hidden = hidden;
  }

  /** Number of weights of an inputs-hidden-1 network. */
  static int size(int inputs, int hidden) { return inputs * hidden + hidden + hidden + 1; }

  @Override
  public double compute(Vector data, double label, Vector weights, Vector cumGradient) {
    // cumGradient is the dense accumulator LBFGS's CostFun allocates; adding into its array avoids a copy per row.
    return add(data.toArray(), label, weights.toArray(), ((DenseVector) cumGradient).values());
  }

  /** Adds the gradient of row {@code x} with outcome {@code label} under weights {@code w} to {@code g}; returns its loss. */
  double add(double[] x, double label, double[] w, double[] g) {
    int bias = inputs * hidden;
    int out = bias + hidden;
    double[] a = new double[hidden];
    double err = forward(inputs, hidden, w, x, a) - label;
    g[out + hidden] += err;
    for (int h = 0; h < hidden; h++) {
      g[out + h] += err * a[h];
      double delta = err * w[out + h] * a[h] * (1 - a[h]);
      g[bias + h] += delta;
      for (int i = 0; i < inputs; i++) g[i * hidden + h] += delta * x[i];
    }
    return 0.5 * err * err;
  }

  /** The network's output for {@code x}; {@code a} receives the hidden activations. */
  static double forward(int inputs, int hidden, double[] w, double[] x, double[] a) {
    int bias = inputs * hidden;
    int out = bias + hidden;
    double y = w[out + hidden];
    for (int h = 0; h < hidden; h++) {
      double z = w[bias + h];
      for (int i = 0; i < inputs; i++) z += w[i * hidden + h] * x[i];
      a[h] = 1.0 / (1.0 + Math.exp(-z));
      y += w[out + h] * a[h];
    }
    return y;
  }
}
