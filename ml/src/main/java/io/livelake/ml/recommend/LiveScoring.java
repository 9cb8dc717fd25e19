package io.livelake.ml.recommend;

import java.io.Serializable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;

/**
 * What the live lists are scored with, small enough to broadcast: the ALS factors of every product
 * and of the viewers at hand, and the products each of those viewers bought in the live window.
 */
public final class LiveScoring implements Serializable {
  private static final long serialVersionUID = 1L;

  /** A product the model knows. */
  record Item(String category, double[] factors) implements Serializable {}

  private final String modelRunId;
  private final Map<String, Item> items;
  private final Map<String, double[]> users;
  private final Map<String, Set<String>> bought;

  private LiveScoring(String modelRunId, Map<String, Item> items, Map<String, double[]> users,
      Map<String, Set<String>> bought) {
    this.modelRunId = modelRunId;
    this.items = items;
    this.users = users;
    this.bought = bought;
  }

  /**
   * From rows of gold.als_item_factors (product_id, category, factors, run_id), gold.als_user_factors
   * (user_id, factors) and the (user_id, product_id) pairs bought; the run id is the items' (null
   * when there are none).
   */
  public static LiveScoring of(List<Row> itemFactors, List<Row> userFactors, List<Row> bought) {
    Map<String, Item> items = new HashMap<>();
    String run = null;
    for (Row r : itemFactors) {
      items.put(r.getAs("product_id"), new Item(r.getAs("category"), vector(r.getList(r.fieldIndex("factors")))));
      run = r.getAs("run_id");
    }
    Map<String, double[]> users = new HashMap<>();
    for (Row r : userFactors) users.put(r.getAs("user_id"), vector(r.getList(r.fieldIndex("factors"))));
    Map<String, Set<String>> b = new HashMap<>();
    for (Row r : bought) b.computeIfAbsent(r.getAs("user_id"), k -> new HashSet<>()).add(r.getAs("product_id"));
    return new LiveScoring(run, items, users, b);
  }

  /** The same factors with the viewers and purchases of another window. */
  public LiveScoring forViewers(List<Row> userFactors, List<Row> bought) {
    LiveScoring s = of(List.of(), userFactors, bought);
    return new LiveScoring(modelRunId, items, s.users, s.bought);
  }

  /** The recommendation run whose factors these are; null when no run wrote any. */
  public String modelRunId() { return modelRunId; }

  /** The viewer's predicted preference for the product: the dot product of their factors, 0 when either is unknown. */
  double als(String user, String product) {
    double[] u = users.get(user);
    Item i = items.get(product);
    if (u == null || i == null) return 0;
    double dot = 0;
    for (int k = 0; k < Math.min(u.length, i.factors().length); k++) dot += u[k] * i.factors()[k];
    return dot;
  }

  /** The product's category in the model, null when unknown. */
  String category(String product) {
    Item i = items.get(product);
    return i == null ? null : i.category();
  }

  boolean bought(String user, String product) {
    Set<String> b = bought.get(user);
    return b != null && b.contains(product);
  }

  private static double[] vector(List<Double> values) {
    double[] v = new double[values.size()];
    for (int i = 0; i < v.length; i++) v[i] = values.get(i);
    return v;
  }
}
