package io.livelake.report.charts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A viewer funnel per group: each stage as the share (%) of the group's first stage, groups side by side. */
public final class FunnelChart {
  private final String title;
  private String stageLabel = "funnel stage";
  private List<String> stages;
  private final Map<String, List<? extends Number>> groups = new LinkedHashMap<>();

  private FunnelChart(String title) { this.title = title; }

  /** A funnel chart with this title. */
  public static FunnelChart titled(String title) { return new FunnelChart(title); }

  /** The stages in funnel order; the first is the 100% every other stage is a share of. */
  public FunnelChart stages(List<String> stages) {
    this.stages = List.copyOf(stages);
    return this;
  }

  /** The x axis title; "funnel stage" by default. */
  public FunnelChart stageLabel(String label) {
    this.stageLabel = label;
    return this;
  }

  /** The counts of one group (e.g. a platform) at each stage. */
  public FunnelChart group(String name, List<? extends Number> counts) {
    groups.put(name, counts);
    return this;
  }

  /** Renders the chart. */
  public ChartImage render() {
    BarChart bars = BarChart.titled(title).axes(stageLabel, "share of " + stages.get(0) + " (%)").categories(stages);
    shares().forEach(bars::series);
    return bars.render();
  }

  /**
   * Each group's stages as shares (%) of its first stage. A group with none at its first stage has no shares, and is
   * left out rather than drawn as bars of 0 that read as a funnel where all were lost.
   */
  Map<String, List<Double>> shares() {
    if (stages == null || stages.size() < 2) throw new IllegalStateException("funnel '" + title + "' needs at least two stages");
    if (groups.isEmpty()) throw new IllegalStateException("funnel '" + title + "' has no groups");
    Map<String, List<Double>> shares = new LinkedHashMap<>();
    for (Map.Entry<String, List<? extends Number>> g : groups.entrySet()) {
      ChartStyle.sameSize(g.getKey(), stages.size(), g.getValue().size(), "counts");
      double first = g.getValue().get(0) == null ? 0 : g.getValue().get(0).doubleValue();
      if (first <= 0) continue;
      List<Double> s = new ArrayList<>();
      for (Number n : g.getValue()) s.add(n != null ? 100.0 * n.doubleValue() / first : 0.0);
      shares.put(g.getKey(), s);
    }
    if (shares.isEmpty()) {
      throw new IllegalStateException("funnel '" + title + "' has no group with any " + stages.get(0) + ": "
          + String.join(", ", groups.keySet()));
    }
    return shares;
  }
}
