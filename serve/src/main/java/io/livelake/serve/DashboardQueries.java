package io.livelake.serve;

import java.util.List;

/**
 * A starting dashboard over the gold tables, in SQL that Trino and Spark both run with the same
 * answer; the README's "Connect a BI tool" section shows exactly these (a test holds the two equal).
 */
public final class DashboardQueries {
  /** One dashboard tile: a short name and its SQL. */
  public record Query(String name, String title, String sql) {}

  public static final List<Query> ALL = List.of(
      new Query("kpi_series", "KPIs minute by minute of the session with the most GMV so far",
          "SELECT window_start, viewers, comments, likes, product_clicks, orders, gmv, conversion\n"
              + "FROM gold.realtime_kpis\n"
              + "WHERE session_id = (SELECT session_id FROM gold.realtime_kpis GROUP BY session_id "
              + "ORDER BY sum(gmv) DESC, session_id LIMIT 1)\n"
              + "ORDER BY window_start"),
      new Query("top_sessions", "Top sessions by paid GMV",
          "SELECT session_id, anchor_name, platform, session_date, viewers, buyers, gmv_paid\n"
              + "FROM gold.session_indicators\n"
              + "ORDER BY gmv_paid DESC NULLS LAST, session_id\n"
              + "LIMIT 10"),
      new Query("indicator_weights", "Indicator weights of the latest model by rank (paper 001, Fig. 4)",
          "SELECT indicator, name, weight, rank, ci_low, ci_high, left_out\n"
              + "FROM gold.indicator_weights\n"
              + "WHERE method = 'permutation' AND model_version = (SELECT max(model_version) FROM gold.indicator_weights)\n"
              + "ORDER BY rank NULLS LAST, indicator"),
      new Query("funnel", "Viewer funnel per platform",
          "SELECT platform, sum(viewers) AS viewers, sum(impression_pairs) AS saw_products, "
              + "sum(product_clicks) AS clicks,\n"
              + "       sum(cart_pairs) AS carted, sum(buyers) AS buyers\n"
              + "FROM gold.session_indicators\n"
              + "GROUP BY platform\n"
              + "ORDER BY platform"),
      new Query("quarantine", "Quarantine by reason",
          "SELECT reason, count(*) AS records\n"
              + "FROM bronze.quarantine\n"
              + "GROUP BY reason\n"
              + "ORDER BY records DESC, reason"));

  private DashboardQueries() {}

  /** The queries as the README shows them: a comment line with the title, the SQL, a semicolon. */
  public static String asSqlBlock() {
    StringBuilder sb = new StringBuilder();
    for (Query q : ALL) {
      if (sb.length() > 0) sb.append('\n');
      sb.append("-- ").append(q.title()).append('\n').append(q.sql()).append(";\n");
    }
    return sb.toString();
  }
}
