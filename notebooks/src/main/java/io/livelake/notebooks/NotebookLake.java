package io.livelake.notebooks;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.config.ConfigLoader;
import io.livelake.config.LiveLakeConfig;
import io.livelake.spark.LakePaths;
import io.livelake.spark.LakeSessions;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Opens the lake a notebook reads, with LiveLake's own configuration and session settings. */
public final class NotebookLake {
  private NotebookLake() {}

  /**
   * The lake of the configuration (LIVELAKE_LAKE_ROOT, set by bin/notebooks), its tables registered
   * under their names (gold.session_indicators ...); refused, naming the path, when it has no indicators yet.
   */
  public static Lake open() {
    // The kernel runs java.util.logging at FINEST; janino then logs Spark's generated code and fails
    // on the first Delta read (StringIndexOutOfBoundsException). INFO must hold before the session starts.
    Logger.getLogger("").setLevel(Level.INFO);
    LiveLakeConfig config = config();
    LakePaths paths = LakePaths.of(config);
    Lake lake = new Lake(LakeSessions.create(config, "livelake-notebook"), paths).registerExisting();
    if (!lake.exists(Tables.SESSION_INDICATORS)) {
      throw new IllegalStateException("no " + Tables.SESSION_INDICATORS.fullName() + " in the lake " + paths.root()
          + " (LIVELAKE_LAKE_ROOT): build one with bin/livelake --lake DIR demo, then bin/notebooks --lake DIR");
    }
    return lake;
  }

  /** LiveLake's configuration as bin/livelake reads it: defaults, conf/livelake.conf, LIVELAKE_* variables. */
  public static LiveLakeConfig config() {
    return new ConfigLoader().load();
  }
}
