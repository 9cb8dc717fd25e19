package io.livelake.ml.weights;

/**
 * A trained performance network as plain arrays, with its forward pass: sigmoid hidden layers and one
 * identity output, the score itself (paper 001's 14-5-1 back-propagation network). Each layer is stored
 * as MLlib lays out a perceptron's: its weight matrix W (outputs x inputs, column-major, so W[out][in]
 * is {@code w[off + in * outputs + out]}) followed by the layer's biases.
 */
public final class Network {
  private final int[] layers;
  private final double[] w;
  private final int[] offsets;

  /** A network of the given layer sizes (the last is 1) and weights in that layout. */
  public Network(int[] layers, double[] weights) {
    if (layers[layers.length - 1] != 1) {
      throw new IllegalArgumentException("a performance network has one output, not " + layers[layers.length - 1]);
    }
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

  public int inputs() { return layers[0]; }

  /** Number of weight layers (hidden layers + 1). */
  public int depth() { return layers.length - 1; }

  /** Units of layer {@code l} (0 = inputs). */
  public int units(int l) { return layers[l]; }

  /** Connection weight from unit {@code in} of layer {@code l} to unit {@code out} of layer {@code l + 1}. */
  public double weight(int l, int in, int out) { return w[offsets[l] + in * layers[l + 1] + out]; }

  /** The score of input {@code x}: sigmoid hidden layers, then the identity. */
  public double score(double[] x) {
    double[] a = x;
    for (int l = 0; l < depth(); l++) {
      int nIn = layers[l];
      int nOut = layers[l + 1];
      int off = offsets[l];
      double[] z = new double[nOut];
      for (int o = 0; o < nOut; o++) z[o] = w[off + nIn * nOut + o];
      for (int i = 0; i < nIn; i++) {
        double v = a[i];
        int base = off + i * nOut;
        for (int o = 0; o < nOut; o++) z[o] += w[base + o] * v;
      }
      if (l < depth() - 1) {
        for (int o = 0; o < nOut; o++) z[o] = 1.0 / (1.0 + Math.exp(-z[o]));
      }
      a = z;
    }
    return a[0];
  }
}
