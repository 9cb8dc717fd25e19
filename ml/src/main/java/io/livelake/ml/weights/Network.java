package io.livelake.ml.weights;

import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;

/**
 * A trained perceptron as plain arrays, with its forward pass: sigmoid hidden layers and a softmax
 * output, exactly as MLlib computes {@code predictRaw}/{@code probability}, or, for a regression
 * network ({@link #linear}), an identity output that is the score itself. MLlib stores each layer as
 * its weight matrix W (outputs x inputs, column-major, so W[out][in] is {@code w[off + in * outputs + out]})
 * followed by the layer's biases.
 */
public final class Network {
  private final int[] layers;
  private final double[] w;
  private final int[] offsets;
  private final boolean linearOutput;

  /** A network of the given layer sizes and MLlib-layout weights, with a softmax output. */
  public Network(int[] layers, double[] weights) {
    this(layers, weights, false);
  }

  private Network(int[] layers, double[] weights, boolean linearOutput) {
    this.linearOutput = linearOutput;
    this.layers = layers.clone();
    this.w = weights.clone();
    this.offsets = new int[layers.length - 1];
    int off = 0;
    for (int l = 0; l < layers.length - 1; l++) {
      offsets[l] = off;
      off += layers[l] * layers[l + 1] + layers[l + 1];
    }
    if (off != w.length) {
      throw new IllegalArgumentException("layers " + java.util.Arrays.toString(layers) + " need " + off + " weights, got " + w.length);
    }
  }

  /** The network of an MLlib model. */
  public static Network of(MultilayerPerceptronClassificationModel model) {
    return new Network(model.getLayers(), model.weights().toArray());
  }

  /** A regression network: same layout, but the last layer is the identity (one output, the score). */
  public static Network linear(int[] layers, double[] weights) {
    return new Network(layers, weights, true);
  }

  /** Whether the output layer is the identity (a regression network) rather than a softmax over grades. */
  public boolean linearOutput() { return linearOutput; }

  public int inputs() { return layers[0]; }

  public int outputs() { return layers[layers.length - 1]; }

  /** Number of weight layers (hidden layers + 1). */
  public int depth() { return layers.length - 1; }

  /** Units of layer {@code l} (0 = inputs). */
  public int units(int l) { return layers[l]; }

  /** Connection weight from unit {@code in} of layer {@code l} to unit {@code out} of layer {@code l + 1}. */
  public double weight(int l, int in, int out) { return w[offsets[l] + in * layers[l + 1] + out]; }

  /** The output of every layer for input {@code x}: index 0 is x, the last the softmax probabilities (or the linear outputs). */
  public double[][] activations(double[] x) {
    double[][] a = new double[layers.length][];
    a[0] = x;
    for (int l = 0; l < depth(); l++) {
      int nIn = layers[l];
      int nOut = layers[l + 1];
      int off = offsets[l];
      double[] z = new double[nOut];
      for (int o = 0; o < nOut; o++) z[o] = w[off + nIn * nOut + o];
      double[] in = a[l];
      for (int i = 0; i < nIn; i++) {
        double v = in[i];
        int base = off + i * nOut;
        for (int o = 0; o < nOut; o++) z[o] += w[base + o] * v;
      }
      a[l + 1] = l < depth() - 1 ? sigmoid(z) : linearOutput ? z : softmax(z);
    }
    return a;
  }

  /** The grade probabilities for input {@code x} (for a {@link #linear} network, its outputs). */
  public double[] probabilities(double[] x) {
    double[][] a = activations(x);
    return a[a.length - 1];
  }

  /** The score of a {@link #linear} network with one output for input {@code x}. */
  public double linearScore(double[] x) {
    if (!linearOutput || outputs() != 1) throw new IllegalStateException("not a regression network with one output");
    return probabilities(x)[0];
  }

  private static double[] sigmoid(double[] z) {
    for (int i = 0; i < z.length; i++) z[i] = 1.0 / (1.0 + Math.exp(-z[i]));
    return z;
  }

  private static double[] softmax(double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) max = Math.max(max, v);
    double sum = 0;
    for (int i = 0; i < z.length; i++) {
      z[i] = Math.exp(z[i] - max);
      sum += z[i];
    }
    for (int i = 0; i < z.length; i++) z[i] /= sum;
    return z;
  }
}
