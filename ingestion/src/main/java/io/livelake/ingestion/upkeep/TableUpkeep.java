package io.livelake.ingestion.upkeep;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Maintenance;
import io.livelake.catalog.TableDef;
import io.livelake.catalog.Tables;
import io.livelake.ingestion.IngestBatch;
import io.livelake.ingestion.LayerBatch;
import io.livelake.ingestion.Layers;
import io.livelake.ingestion.StaleCheckpoints;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The upkeep of the tables the ingestion commits to, as a layer of its own (query
 * {@code livelake-table-upkeep}) over the batches' accounting in ops.ingest_batches, so the streaming
 * driver runs no thread of ours for it. Their commits never write a Delta checkpoint
 * ({@link TableDef.Builder#checkpointBesideStream}): a checkpoint replays the table's log, seconds that
 * the batch committing at the interval would wait for. Each of the layer's batches checkpoints the
 * tables whose newest version is an interval or more past their last checkpoint, and, when the ingestion
 * batches it sees include a multiple of {@code ingest.compact.every.batches}, first compacts their small
 * files (the OBT only in the dates still open to on-time events). A compaction commits with
 * dataChange=false, which blind appends never conflict with, and runs again when a retraction's delete
 * committed first. A chore that fails is logged and only means longer log replays or more small files
 * until the next one, or until {@code livelake maintain}.
 */
public final class TableUpkeep {
  private static final Logger LOG = LogManager.getLogger(TableUpkeep.class);
  /** The checkpoint's name under the lake's _checkpoints, and the layer's name in its query. */
  public static final String LAYER = "table-upkeep";
  private static final long DAY_MS = 86_400_000L;
  /** The small tables a compaction packs whole; the OBT it packs in its open dates only. */
  private static final List<TableDef> PACKED_WHOLE = List.of(Tables.EVENTS_RAW, Tables.QUARANTINE, Tables.INGEST_BATCHES);

  private final Lake lake;
  private final int compactEvery;
  private final List<TableDef> tables = IngestBatch.tables().stream().filter(t -> t.checkpointInterval() > 0).toList();
  /** The version each table was last checkpointed at by this start of the layer. */
  private final Map<TableDef, Long> checkpointed = new HashMap<>();

  private TableUpkeep(Lake lake, int compactEvery) {
    this.lake = lake;
    this.compactEvery = compactEvery;
  }

  /**
   * Starts the query; the caller awaits or stops it. {@code compactEvery}: ingestion batches between
   * compactions (0: none).
   */
  public static StreamingQuery start(Lake lake, Trigger trigger, int compactEvery, Consumer<LayerBatch> listener)
      throws TimeoutException {
    lake.ensure(IngestBatch.tables());
    StaleCheckpoints.setAsideIfStale(lake, LAYER, Tables.INGEST_BATCHES);
    TableUpkeep upkeep = new TableUpkeep(lake, compactEvery);
    // A recovery's deletes and rewrites of the accounting are no new batches: skipped whole.
    Dataset<Row> batches = lake.spark().readStream().format("delta").option("skipChangeCommits", "true")
        .load(lake.path(Tables.INGEST_BATCHES)).select("batch_id", "watermark");
    return Layers.start(lake, LAYER, batches, trigger, listener, (rows, batchId, queryId) -> upkeep.run(rows));
  }

  /** Looks after the tables for what was ingested since its last run (the query, run until it has caught up). */
  public static StreamingQuery catchUp(Lake lake, int compactEvery, Consumer<LayerBatch> listener) {
    return Layers.runToEnd("the upkeep of the ingestion's tables",
        () -> start(lake, Trigger.AvailableNow(), compactEvery, listener));
  }

  /** One batch of the layer over ingestion batches {@code rows}: what it did, or null when nothing. */
  private String run(Dataset<Row> rows) {
    List<Row> batches = rows.collectAsList();
    List<String> did = new ArrayList<>();
    if (compactEvery > 0 && batches.stream().anyMatch(b -> b.getLong(0) > 0 && b.getLong(0) % compactEvery == 0)) {
      did.add(compact(newestWatermark(batches)));
    }
    List<String> checkpoints = new ArrayList<>();
    for (TableDef t : tables) {
      try {
        long version = lake.checkpointIfDue(t, checkpointed.getOrDefault(t, -1L));
        if (version < 0) continue;
        checkpointed.put(t, version);
        checkpoints.add(t.fullName() + " at version " + version);
      } catch (RuntimeException e) {
        LOG.warn("the Delta checkpoint of {} failed; readers replay more of its log until the next one: {}", t.fullName(),
            e.toString());
      }
    }
    if (!checkpoints.isEmpty()) did.add("checkpointed " + String.join(", ", checkpoints));
    return did.isEmpty() ? null : String.join("; ", did);
  }

  /** The newest cleaning watermark among {@code batches} (epoch ms), or null when none has one. */
  private static Long newestWatermark(List<Row> batches) {
    return batches.stream().filter(b -> !b.isNullAt(1)).map(b -> ((Timestamp) b.get(1)).getTime())
        .max(Long::compare).orElse(null);
  }

  /** Compacts the tables, the OBT from the day before {@code watermarkMs} (all of it when null); says what it did. */
  private String compact(Long watermarkMs) {
    List<String> packed = new ArrayList<>();
    String openFrom = watermarkMs == null ? null
        : "event_date >= '" + new java.sql.Date(watermarkMs - DAY_MS).toLocalDate() + "'";
    packed.add(compact(Tables.EVENTS_OBT, openFrom));
    for (TableDef t : PACKED_WHOLE) packed.add(compact(t, null));
    return "compacted " + String.join(", ", packed);
  }

  private String compact(TableDef t, String where) {
    try {
      Maintenance.Compacted c = new Maintenance(lake).compact(t, where);
      return t.fullName() + " (" + c.filesRemoved() + " files into " + c.filesAdded() + ")";
    } catch (Exception e) { // Spark's checked SparkException too, thrown from Scala undeclared
      LOG.warn("compacting {} failed; its small files stay until the next compaction: {}", t.fullName(), e.toString());
      return t.fullName() + " (failed: " + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")";
    }
  }
}
