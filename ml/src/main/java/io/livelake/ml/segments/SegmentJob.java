package io.livelake.ml.segments;

import static org.apache.spark.sql.functions.lit;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.catalog.WriteGate;
import io.livelake.config.ConfigException;
import io.livelake.config.LiveLakeConfig;
import io.livelake.config.Settings;
import io.livelake.ml.LakeWrites;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The segmentation job: user features from silver.events_obt, k-means with k chosen by silhouette;
 * gold.user_segments is replaced by this run's assignment, gold.segment_profiles gains this run's profiles.
 */
public final class SegmentJob {
  private static final DateTimeFormatter RUN = DateTimeFormatter.ofPattern("'s'yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private SegmentJob() {}

  /** The run id and its segmentation. */
  public record Segmented(String runId, Segmentation segmentation) {}

  /** Segments the users, in the lake's write gate: an erasure waits for the run, whose gold.user_segments it edits. */
  public static Segmented run(Lake lake, LiveLakeConfig config, Consumer<String> log) {
    try (WriteGate.Pass pass = WriteGate.batch(lake.paths())) {
      return runGated(lake, config, log);
    }
  }

  private static Segmented runGated(Lake lake, LiveLakeConfig config, Consumer<String> log) {
    if (!lake.exists(Tables.EVENTS_OBT)) {
      throw new IllegalArgumentException(Tables.EVENTS_OBT.fullName() + " does not exist yet: ingest events first");
    }
    List<Integer> ks = kRange(config);
    var features = UserFeatures.from(lake.read(Tables.EVENTS_OBT)).cache();
    long users = features.count();
    int fewest = config.getInt(Settings.SEGMENTS_MIN_USERS);
    if (users < fewest) {
      features.unpersist();
      throw new IllegalArgumentException(String.format(Locale.ROOT, "%s holds events of %,d user%s, too few to segment "
          + "(%s = %d): k-means on so few finds groups of noise", Tables.EVENTS_OBT.fullName(), users, users == 1 ? "" : "s",
          Settings.SEGMENTS_MIN_USERS.key(), fewest));
    }
    log.accept(String.format(Locale.ROOT, "segmenting %,d users, k in %s", users, ks));
    Segmentation s = Segmenter.fit(features, ks, config.getInt(Settings.SEGMENTS_MAX_ITER),
        config.getLong(Settings.MODEL_SEED), config.getInt(Settings.MODEL_PARTITIONS), log);
    Instant now = Instant.now();
    String runId = RUN.format(now);
    Timestamp at = Timestamp.from(now);
    List<Row> profiles = new ArrayList<>();
    for (SegmentProfile p : s.profiles()) {
      profiles.add(RowFactory.create(runId, p.segment(), p.users(), p.share(), p.watchMinutes(), p.interactions(),
          p.purchases(), p.purchaseValue(), p.recencyDays(), p.description(), s.k(), s.silhouettes().get(s.k()), at));
    }
    var described = LakeWrites.rows(lake, Tables.SEGMENT_PROFILES, profiles).select("segment", "description");
    LakeWrites.overwrite(lake, Tables.USER_SEGMENTS, s.users().join(described, "segment")
        .withColumn("run_id", lit(runId)).withColumn("computed_at", lit(at)));
    LakeWrites.append(lake, Tables.SEGMENT_PROFILES, LakeWrites.rows(lake, Tables.SEGMENT_PROFILES, profiles));
    features.unpersist();
    return new Segmented(runId, s);
  }

  /** The largest k tried: each k is a K-means run and a silhouette over every user. */
  static final int MAX_K = 100;

  /** segments.k.range as integers: a list such as 2,3,4 or a range 2..8, each k from 2 to {@value #MAX_K}. */
  static List<Integer> kRange(LiveLakeConfig config) {
    String key = Settings.SEGMENTS_K_RANGE.key();
    List<Integer> ks = new ArrayList<>();
    for (String part : config.getList(Settings.SEGMENTS_K_RANGE)) {
      int lo;
      int hi;
      try {
        String[] bounds = part.split("\\.\\.", 2);
        lo = Integer.parseInt(bounds[0].trim());
        hi = bounds.length == 2 ? Integer.parseInt(bounds[1].trim()) : lo;
      } catch (NumberFormatException e) {
        throw new ConfigException(key + ": expected numbers such as 2,3,4 or 2..8, got '" + part + "'");
      }
      if (lo > hi) throw new ConfigException(key + ": " + part + " is an empty range; give it low..high, e.g. 2..8");
      if (lo < 2 || hi > MAX_K) {
        throw new ConfigException(key + ": each k must be from 2 (one segment is no segmentation) to " + MAX_K
            + ", got '" + part + "'");
      }
      for (int k = lo; k <= hi; k++) if (!ks.contains(k)) ks.add(k);
    }
    if (ks.isEmpty()) throw new ConfigException(key + ": needs at least one k, e.g. 2..8");
    return ks;
  }
}
