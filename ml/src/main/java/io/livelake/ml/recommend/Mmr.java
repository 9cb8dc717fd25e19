package io.livelake.ml.recommend;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Maximal marginal relevance over categories (Carbonell and Goldstein 1998), against the information
 * cocoon of paper 002: each next item maximizes lambda * relevance - (1 - lambda) * similarity to the
 * items already chosen, where relevance is the ALS score min-max scaled over the user's candidates and
 * similarity is 1 when an item's category is already in the list (0 otherwise, and for unknown
 * categories). lambda = 1 keeps the ALS order; lower values favour categories not yet shown.
 */
public final class Mmr {
  private Mmr() {}

  /** A recommendable product with its category and ALS score. */
  public record Candidate(String productId, String category, double score) {}

  /** The first {@code n} items of the re-ranked list; ties keep the candidates' order. */
  public static List<Candidate> rerank(List<Candidate> candidates, int n, double lambda) {
    double max = candidates.stream().mapToDouble(Candidate::score).max().orElse(0);
    double min = candidates.stream().mapToDouble(Candidate::score).min().orElse(0);
    double span = max - min;
    List<Candidate> left = new ArrayList<>(candidates);
    List<Candidate> chosen = new ArrayList<>();
    Set<String> shown = new HashSet<>();
    while (chosen.size() < n && !left.isEmpty()) {
      int best = 0;
      double bestValue = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < left.size(); i++) {
        Candidate c = left.get(i);
        double relevance = span > 0 ? (c.score() - min) / span : 1;
        double similarity = c.category() != null && shown.contains(c.category()) ? 1 : 0;
        double value = lambda * relevance - (1 - lambda) * similarity;
        if (value > bestValue) {
          bestValue = value;
          best = i;
        }
      }
      Candidate c = left.remove(best);
      chosen.add(c);
      if (c.category() != null) shown.add(c.category());
    }
    return chosen;
  }
}
