package io.livelake.indicators;

import java.util.List;

/**
 * The 14 marketing-performance indicators of paper 001 (Table 4) as LiveLake defines them per live
 * session (DESIGN.md): code, column of the raw value, column of the normalized "forward" value the
 * model uses, name, formula and direction (negative indicators are inverted when normalized).
 */
public enum Indicator {
  A11("a11_viewing_duration_s", "viewing duration",
      "mean watch seconds per distinct viewer (enter/leave; heartbeats close open visits)", true),
  A12("a12_barrages", "number of barrages", "comment events", true),
  A13("a13_gifts", "gifts / rewards", "gift events (gift value kept in gift_value)", true),
  A14("a14_likes_shares", "likes and shares", "like + share events", true),
  A21("a21_commodity_display_effect", "commodity display effect",
      "distinct (viewer, product) cart adds / distinct (viewer, product) impressions", true),
  A22("a22_anchor_professionalism", "anchor professional degree",
      "mean anchor rating (rating events with target anchor, or survey means)", true),
  A23("a23_interactive_game_effect", "interactive game effect", "distinct game participants / distinct viewers", true),
  A31("a31_purchase_conversion_rate", "purchase conversion rate", "distinct buyers / distinct viewers", true),
  A32("a32_sales", "sales", "paid GMV net of refunds, reporting currency", true),
  A33("a33_goods_click_rate", "click rate of goods", "product clicks / product impressions", true),
  A41("a41_comments_ratings", "comments and ratings", "mean product rating of the session's reviews", true),
  A42("a42_unsubscribe_rate", "unsubscribe rate", "unfollows of the anchor / distinct viewers", false),
  A43("a43_user_growth_rate", "user growth rate", "first-time viewers of the anchor / distinct viewers", true),
  A51("a51_advertising_ctr", "advertising CTR", "ad clicks / ad impressions", true);

  private final String column;
  private final String title;
  private final String formula;
  private final boolean positive;

  Indicator(String column, String title, String formula, boolean positive) {
    this.column = column;
    this.title = title;
    this.formula = formula;
    this.positive = positive;
  }

  /** Column of the raw value in gold.session_indicators, e.g. a31_purchase_conversion_rate. */
  public String column() { return column; }

  /** Column of the min-max normalized, forward value (in [0, 1], larger is better), e.g. n_a31. */
  public String normalizedColumn() { return "n_" + name().toLowerCase(java.util.Locale.ROOT); }

  /** The paper's name, e.g. "purchase conversion rate". */
  public String title() { return title; }

  public String formula() { return formula; }

  /** Whether more is better (A42, the unsubscribe rate, is the only negative one). */
  public boolean positive() { return positive; }

  /** The normalized columns in code order: the model's 14 inputs. */
  public static List<String> normalizedColumns() {
    return java.util.Arrays.stream(values()).map(Indicator::normalizedColumn).toList();
  }
}
