package io.livelake.spark;

import io.livelake.config.LiveLakeConfig;
import io.livelake.config.Settings;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.sql.SparkSession;

/** Creates the SparkSession every LiveLake job runs in: Delta enabled, quiet, bound to loopback when local. */
public final class LakeSessions {
  private LakeSessions() {}

  /**
   * Returns the active session or builds one from the configuration. Under spark-submit the master
   * and resources come from the submit command; locally they come from {@code spark.master}.
   */
  public static SparkSession create(LiveLakeConfig config, String appName) {
    quietLogs(config.getBoolean(Settings.LOG_VERBOSE));
    SparkSession.Builder b = SparkSession.builder().appName(appName);
    boolean submitted = System.getProperty("spark.master") != null;
    if (!submitted) {
      String master = config.getString(Settings.SPARK_MASTER);
      b.master(master);
      if (master.startsWith("local")) {
        b.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
      }
    }
    b.config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.shuffle.partitions", config.getInt(Settings.SPARK_SHUFFLE_PARTITIONS))
        .config("spark.ui.enabled", config.getBoolean(Settings.SPARK_UI))
        .config("spark.ui.showConsoleProgress", false)
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.adaptive.enabled", true)
        .config("spark.sql.streaming.stopActiveRunOnRestart", true)
        // transformWithState (the cleaning processor) keeps its state only in RocksDB.
        .config("spark.sql.streaming.stateStore.providerClass",
            "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider")
        // A batch's commit then writes its changes only, not a snapshot of the whole store.
        .config("spark.sql.streaming.stateStore.rocksdb.changelogCheckpointing.enabled", true)
        // Pools from fairscheduler.xml: work beside a stream yields the task slots to it (see inBackgroundPool).
        .config("spark.scheduler.mode", "FAIR")
        // Delta logs of LiveLake's tables are small: a few partitions read them faster than the default 50.
        .config("spark.databricks.delta.snapshotPartitions", 2)
        .config("spark.databricks.delta.properties.defaults.enableChangeDataFeed", "true")
        // Deletes and merges (ingestion retractions, indicator upserts) mark rows deleted instead of
        // rewriting whole data files; Eraser purges the marks before it vacuums.
        .config("spark.databricks.delta.properties.defaults.enableDeletionVectors", "true")
        .config("spark.databricks.delta.schema.autoMerge.enabled", "false")
        // OPTIMIZE (the ingestion's periodic compaction, or a user's): Delta's defaults rewrite every file
        // under 1 GB each time, so a partition compacted every minute was rewritten whole every minute.
        // Only files under 64 MB are packed, into files of up to 128 MB, one bin at a time: a compaction
        // beside the stream then holds at most one of its task slots.
        .config("spark.databricks.delta.optimize.minFileSize", 64L << 20)
        .config("spark.databricks.delta.optimize.maxFileSize", 128L << 20)
        .config("spark.databricks.delta.optimize.maxThreads", 1)
        // VACUUM lists a table's files in this many tasks (Spark's default, 10,000, took 55 s for a table of 8
        // files on 2 cores against 6 s); as many as the shuffle's partitions, which a cluster raises too.
        .config("spark.sql.sources.parallelPartitionDiscovery.parallelism", config.getInt(Settings.SPARK_SHUFFLE_PARTITIONS))
        // VACUUM START and END commits in the history: an audit of what was deleted, and livelake maintain's counts.
        .config("spark.databricks.delta.vacuum.logging.enabled", true)
        // A lake on local disk: no process started per file created or Delta commit (see the class).
        .config("spark.hadoop.fs.file.impl", PosixLocalFileSystem.class.getName())
        .config("spark.hadoop.fs.AbstractFileSystem.file.impl", PosixLocalFileSystem.Fs.class.getName())
        .config("spark.sql.warehouse.dir", LakePaths.of(config).warehouse());
    if (config.getString(Settings.CATALOG_TYPE).equals("hive")) {
      b.enableHiveSupport()
          .config("javax.jdo.option.ConnectionURL",
              "jdbc:derby:;databaseName=" + LakePaths.of(config).metastoreDir() + ";create=true");
    } else {
      b.config("spark.sql.catalogImplementation", "in-memory");
    }
    SparkSession spark = b.getOrCreate();
    spark.sparkContext().setLogLevel(config.getBoolean(Settings.LOG_VERBOSE) ? "INFO" : "WARN");
    // Under spark-submit, Spark loads its default log profile when the session starts (LiveLake's
    // log4j2.properties is in the application jar, which log4j does not see), resetting the levels above.
    quietLogs(config.getBoolean(Settings.LOG_VERBOSE));
    return spark;
  }

  /**
   * Puts the Spark jobs this thread starts from now on in the low-priority "background" pool, which gets
   * the task slots other threads' jobs leave free: for a layer's streaming query beside the ingestion.
   */
  public static void inBackgroundPool(SparkSession spark) {
    spark.sparkContext().setLocalProperty("spark.scheduler.pool", "background");
  }

  /**
   * Spark's chatter off unless asked for; LiveLake's own progress goes to stderr, not the log. Off
   * includes the libraries' errors: each comes with a stack trace (a failed task logs one per attempt)
   * and the failure reaches the command line anyway, which says it in one line.
   */
  public static void quietLogs(boolean verbose) {
    Configurator.setRootLevel(verbose ? Level.INFO : Level.WARN);
    Configurator.setLevel("io.livelake", verbose ? Level.DEBUG : Level.WARN);
    if (!verbose) {
      for (String noisy : new String[] {"org.apache.spark", "org.apache.hadoop", "org.sparkproject", "io.delta",
          "org.apache.kafka", "org.apache.parquet", "org.apache.spark.sql.delta", "com.github.benmanes",
          "dev.ludovic.netlib"}) {
        Configurator.setLevel(noisy, Level.OFF);
      }
      // A failed query's error reaches the command line through awaitTermination, which prints it in one
      // line (with its trace under --verbose); this log would add the trace to every run.
      Configurator.setLevel("org.apache.spark.sql.execution.streaming.MicroBatchExecution", Level.OFF);
      // L-BFGS reports every shortened line search as an ERROR; they are routine, not failures.
      Configurator.setLevel("breeze.optimize", Level.OFF);
    }
  }
}
