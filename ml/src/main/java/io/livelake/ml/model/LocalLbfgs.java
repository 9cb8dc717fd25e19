package io.livelake.ml.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * L-BFGS over double arrays in the driver, step for step the algorithm MLlib's {@code LBFGS.runLBFGS}
 * runs through breeze 2.1 (two-loop recursion over the last {@code m} steps, the strong Wolfe line
 * search with cubic interpolation, breeze's convergence checks and its reset of the history after a
 * failed step), so a small training set fitted here follows the same path as a distributed fit,
 * without one Spark job per function evaluation. Written out in Java because breeze's
 * {@code DiffFunction} is a Scala trait whose {@code apply} Java cannot implement.
 */
final class LocalLbfgs {
  /** breeze's strong Wolfe line search: sufficient decrease and curvature constants, iteration caps. */
  private static final double C1 = 1e-4;
  private static final double C2 = 0.9;
  private static final int MAX_ZOOM = 10;
  private static final int MAX_SEARCH = 10;
  /** Function values FirstOrderMinimizer.defaultConvergenceCheck compares the latest one with. */
  private static final int VALUE_MEMORY = 20;

  /** The objective: fills {@code grad} with the gradient at {@code w} and returns the value. */
  interface Objective {
    double at(double[] w, double[] grad);
  }

  /** The minimizer found and the objective of each state (the start's first), as runLBFGS returns them. */
  record Result(double[] x, double[] history) {}

  /** A failed step; breeze resets the history once and gives up the second time in a row. */
  private static final class StepFailed extends RuntimeException {
    StepFailed(String message) { super(message, null, false, false); }
  }

  private final int maxIter;
  private final int m;
  private final double tol;

  LocalLbfgs(int maxIter, int m, double tol) {
    this.maxIter = maxIter;
    this.m = m;
    this.tol = tol;
  }

  Result minimize(Objective f, double[] start) {
    Cached fn = new Cached(f, start.length);
    double[] x = start.clone();
    double[] grad = new double[x.length];
    double value = fn.at(x, grad);
    double initial = value;
    Deque<double[]> steps = new ArrayDeque<>();
    Deque<double[]> gradDeltas = new ArrayDeque<>();
    List<Double> history = new ArrayList<>(List.of(value));
    Deque<Double> values = new ArrayDeque<>(List.of(Double.POSITIVE_INFINITY));
    int iter = 0;
    boolean failedOnce = false;
    while (!converged(iter, value, grad, initial, values)) {
      double[] dir;
      double alpha;
      try {
        dir = direction(steps, gradDeltas, grad);
        alpha = lineSearch(fn, x, dir, iter == 0 ? 1.0 / norm(dir) : 1.0);
        if (alpha * norm(grad) < 1e-10) throw new StepFailed("step size underflow");
      } catch (StepFailed e) {
        // breeze emits the state again (runLBFGS records its value once more): with the history reset
        // the first time, marked as a failed search, which ends the iterations, the second time in a row.
        history.add(value);
        if (failedOnce) break;
        failedOnce = true;
        steps.clear();
        gradDeltas.clear();
        continue;
      }
      failedOnce = false;
      double[] next = new double[x.length];
      for (int i = 0; i < x.length; i++) next[i] = x[i] + dir[i] * alpha;
      double[] nextGrad = new double[x.length];
      double nextValue = fn.at(next, nextGrad);
      double[] s = new double[x.length];
      double[] y = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        s[i] = next[i] - x[i];
        y[i] = nextGrad[i] - grad[i];
      }
      steps.addFirst(s);
      gradDeltas.addFirst(y);
      if (steps.size() > m) {
        steps.removeLast();
        gradDeltas.removeLast();
      }
      values.addLast(nextValue);
      if (values.size() > VALUE_MEMORY) values.removeFirst();
      x = next;
      grad = nextGrad;
      value = nextValue;
      iter++;
      history.add(value);
    }
    return new Result(x, history.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** breeze's defaultConvergenceCheck: iterations, function values, gradient norm (the search failing ends the loop). */
  private boolean converged(int iter, double value, double[] grad, double initial, Deque<Double> values) {
    if (maxIter >= 0 && iter >= maxIter) return true;
    if (values.size() >= 2) {
      double max = Double.NEGATIVE_INFINITY;
      for (double v : values) max = Math.max(max, v);
      if (Math.abs(value - max) <= tol * Math.abs(initial)) return true;
    }
    return norm(grad) <= Math.max(tol * Math.abs(value), 1e-8);
  }

  /** The two-loop recursion: minus the approximate inverse Hessian times the gradient. */
  private static double[] direction(Deque<double[]> steps, Deque<double[]> gradDeltas, double[] grad) {
    int k = steps.size();
    double[][] s = steps.toArray(double[][]::new);
    double[][] y = gradDeltas.toArray(double[][]::new);
    double diag = 1.0;
    if (k > 0) {
      double sy = dot(s[0], y[0]);
      if (sy < 0 || Double.isNaN(sy)) throw new StepFailed("NaN history");
      diag = sy / dot(y[0], y[0]);
    }
    double[] dir = grad.clone();
    double[] as = new double[k];
    double[] rho = new double[k];
    for (int i = 0; i < k; i++) {
      rho[i] = dot(s[i], y[i]);
      as[i] = dot(s[i], dir) / rho[i];
      if (Double.isNaN(as[i])) throw new StepFailed("NaN history");
      axpy(-as[i], y[i], dir);
    }
    for (int i = 0; i < dir.length; i++) dir[i] *= diag;
    for (int i = k - 1; i >= 0; i--) {
      double beta = dot(y[i], dir) / rho[i];
      axpy(as[i] - beta, s[i], dir);
    }
    for (int i = 0; i < dir.length; i++) dir[i] *= -1.0;
    return dir;
  }

  /** A point of the line search: step t, directional derivative, value. */
  private record Bracket(double t, double dd, double fval) {}

  /** breeze's StrongWolfeLineSearch.minimize (Nocedal and Wright p. 58, with cubic interpolation). */
  private static double lineSearch(Cached f, double[] x, double[] dir, double init) {
    double[] point = new double[x.length];
    double[] grad = new double[x.length];
    java.util.function.DoubleFunction<Bracket> phi = t -> {
      for (int i = 0; i < x.length; i++) point[i] = x[i] + dir[i] * t;
      double v = f.at(point, grad);
      return new Bracket(t, dot(grad, dir), v);
    };
    double t = init;
    Bracket low = phi.apply(0.0);
    double fval = low.fval();
    double dd = low.dd();
    if (dd > 0) throw new StepFailed("line search invoked with a non-descent direction");
    for (int i = 0; i < MAX_SEARCH; i++) {
      Bracket c = phi.apply(t);
      if (Double.isInfinite(c.fval()) || Double.isNaN(c.fval())) {
        t /= 2.0;
        continue;
      }
      if (c.fval() > fval + C1 * t * dd || (c.fval() >= low.fval() && i > 0)) return zoom(phi, low, c, fval, dd);
      if (Math.abs(c.dd()) <= C2 * Math.abs(dd)) return c.t();
      if (c.dd() >= 0) return zoom(phi, c, low, fval, dd);
      low = c;
      t *= 1.5;
    }
    throw new StepFailed("line search failed");
  }

  private static double zoom(java.util.function.DoubleFunction<Bracket> phi, Bracket linit, Bracket rinit, double fval,
      double dd) {
    Bracket low = linit;
    Bracket hi = rinit;
    for (int i = 0; i < MAX_ZOOM; i++) {
      double t = low.t() > hi.t() ? interp(hi, low) : interp(low, hi);
      Bracket c = phi.apply(t);
      if (c.fval() > fval + C1 * c.t() * dd || c.fval() >= low.fval()) {
        hi = c;
      } else {
        if (Math.abs(c.dd()) <= C2 * Math.abs(dd)) return c.t();
        if (c.dd() * (hi.t() - low.t()) >= 0) hi = low;
        low = c;
      }
    }
    throw new StepFailed("line search zoom failed");
  }

  /** The minimum of the cubic through both brackets' values and slopes, kept inside the middle 80%. */
  private static double interp(Bracket l, Bracket r) {
    double d1 = l.dd() + r.dd() - 3 * (l.fval() - r.fval()) / (l.t() - r.t());
    double d2 = Math.sqrt(d1 * d1 - l.dd() * r.dd());
    double multiplier = r.t() - l.t();
    double t = r.t() - multiplier * (r.dd() + d2 - d1) / (r.dd() - l.dd() + 2 * d2);
    double lbound = l.t() + 0.1 * (r.t() - l.t());
    double ubound = l.t() + 0.9 * (r.t() - l.t());
    if (t < lbound) return lbound;
    if (t > ubound) return ubound;
    return t;
  }

  /** breeze wraps the objective in a one-point cache: the line search's last point is the next state. */
  private static final class Cached {
    private final Objective f;
    private double[] lastX;
    private final double[] lastGrad;
    private double lastValue;

    Cached(Objective f, int size) {
      this.f = f;
      this.lastGrad = new double[size];
    }

    double at(double[] w, double[] grad) {
      if (lastX == null || !Arrays.equals(lastX, w)) {
        lastX = w.clone();
        lastValue = f.at(lastX, lastGrad);
      }
      System.arraycopy(lastGrad, 0, grad, 0, grad.length);
      return lastValue;
    }
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < y.length; i++) y[i] += a * x[i];
  }

  private static double norm(double[] a) { return Math.sqrt(dot(a, a)); }
}
