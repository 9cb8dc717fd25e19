package io.livelake.ml.model;

import static org.apache.spark.sql.functions.*;

import io.livelake.indicators.Indicator;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The levers of each session (beyond paper 001): for every indicator the model uses, the change of
 * the session's score if that indicator alone rose to the best value among its anchor's sessions, or
 * to its platform's 75th percentile, everything else kept; ranked by the larger gain. The targets are
 * ones the anchor or its peers have reached, so the lever is within reach; the gain is what the model
 * learned to associate with the move, not a proven effect of making it.
 */
public final class Levers {
  private static final String KIND = "_lever";
  private static final String MOVED = "_moved";
  private static final String TARGET = "_target";
  private static final String ANCHOR_BEST = "anchor_best";
  private static final String PLATFORM_P75 = "platform_p75";

  private Levers() {}

  /**
   * One row per session and indicator of {@code model}: {@code sessions} holds session_id, anchor_id,
   * platform and the normalized indicator columns (n_a11 ..); the output has gold.session_levers'
   * columns but model_version and computed_at.
   */
  public static Dataset<Row> of(PerformanceModel model, Dataset<Row> sessions) {
    List<Indicator> used = model.indicators();
    List<Column> best = new ArrayList<>();
    List<Column> p75 = new ArrayList<>();
    for (Indicator i : used) {
      best.add(max(i.normalizedColumn()).alias(ANCHOR_BEST + "_" + i.name()));
      p75.add(percentile(col(i.normalizedColumn()), lit(0.75)).alias(PLATFORM_P75 + "_" + i.name()));
    }
    Dataset<Row> byAnchor = sessions.groupBy("anchor_id").agg(best.get(0), best.subList(1, best.size()).toArray(Column[]::new));
    Dataset<Row> byPlatform = sessions.groupBy("platform").agg(p75.get(0), p75.subList(1, p75.size()).toArray(Column[]::new));
    // Sessions without an anchor (or platform) form one group of their own rather than drop out.
    Dataset<Row> base = sessions
        .join(byAnchor, sessions.col("anchor_id").eqNullSafe(byAnchor.col("anchor_id"))).drop(byAnchor.col("anchor_id"))
        .join(byPlatform, sessions.col("platform").eqNullSafe(byPlatform.col("platform"))).drop(byPlatform.col("platform"))
        .withColumn(TrainingInput.KEY, xxhash64(col("session_id")))
        .localCheckpoint();
    // Every session once as it is, then once per indicator and target with that indicator alone moved up:
    // one explode, so the plan stays one scan however many indicators there are.
    List<Column> variants = new ArrayList<>(List.of(variant(lit("now"), lit(null).cast("string"), lit(null).cast("double"))));
    for (Indicator i : used) {
      for (String target : List.of(ANCHOR_BEST, PLATFORM_P75)) {
        variants.add(variant(lit(target), lit(i.name()), col(target + "_" + i.name())));
      }
    }
    Dataset<Row> moved = base.withColumn("_v", explode(array(variants.toArray(Column[]::new))))
        .withColumn(KIND, col("_v.kind")).withColumn(MOVED, col("_v.moved")).withColumn(TARGET, col("_v.target"))
        .withColumn("value", caseOf(used, i -> col(i.normalizedColumn())))
        .withColumn(ANCHOR_BEST, caseOf(used, i -> col(ANCHOR_BEST + "_" + i.name())))
        .withColumn(PLATFORM_P75, caseOf(used, i -> col(PLATFORM_P75 + "_" + i.name())));
    for (Indicator i : used) {
      moved = moved.withColumn(i.normalizedColumn(), when(col(MOVED).equalTo(i.name()),
          greatest(col(i.normalizedColumn()), col(TARGET))).otherwise(col(i.normalizedColumn())));
    }
    Dataset<Row> scored = model.score(moved.drop("_v"));
    Dataset<Row> now = scored.where(col(KIND).equalTo("now")).select(col("session_id"), col(PerformanceModel.SCORE).alias("_now"));
    Dataset<Row> levers = scored.where(col(KIND).notEqual("now"))
        .groupBy("session_id", "anchor_id", "platform", MOVED, "value", ANCHOR_BEST, PLATFORM_P75)
        .agg(max(when(col(KIND).equalTo(ANCHOR_BEST), col(PerformanceModel.SCORE))).alias("_score_best"),
            max(when(col(KIND).equalTo(PLATFORM_P75), col(PerformanceModel.SCORE))).alias("_score_p75"))
        .join(now, "session_id");
    // A target at or below the session's value moves nothing: its gain is exactly 0, not rounding noise.
    levers = levers.select(col("session_id"), col("anchor_id"), col("platform"), col(MOVED).alias("indicator"),
        caseOf(used, i -> lit(i.title())).alias("name"), col("value"), col(ANCHOR_BEST),
        when(col(ANCHOR_BEST).gt(col("value")), col("_score_best").minus(col("_now"))).otherwise(0.0).alias("gain_anchor_best"),
        col(PLATFORM_P75),
        when(col(PLATFORM_P75).gt(col("value")), col("_score_p75").minus(col("_now"))).otherwise(0.0).alias("gain_platform_p75"));
    return levers.withColumn("rank", row_number().over(Window.partitionBy("session_id")
        .orderBy(greatest(col("gain_anchor_best"), col("gain_platform_p75")).desc(), col("indicator"))));
  }

  private static Column variant(Column kind, Column moved, Column target) {
    return struct(kind.alias("kind"), moved.alias("moved"), target.alias("target"));
  }

  /** CASE on the moved indicator's code, one branch per indicator the model uses. */
  private static Column caseOf(List<Indicator> used, java.util.function.Function<Indicator, Column> value) {
    Column c = null;
    for (Indicator i : used) {
      Column when = col(MOVED).equalTo(i.name());
      c = c == null ? when(when, value.apply(i)) : c.when(when, value.apply(i));
    }
    return c;
  }
}
