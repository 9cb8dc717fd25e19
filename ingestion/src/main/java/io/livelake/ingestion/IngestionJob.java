package io.livelake.ingestion;

import io.livelake.catalog.Lake;
import io.livelake.config.LiveLakeConfig;
import io.livelake.config.Settings;
import io.livelake.ingestion.cleaning.CleaningRules;
import io.livelake.ingestion.obt.FxRates;
import io.livelake.ingestion.source.EventSources;
import io.livelake.privacy.HmacKeys;
import io.livelake.privacy.PayloadSanitizer;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The streaming ingestion job: a thin shell that wires a source (Kafka or files) to
 * {@link IngestBatch} with a checkpoint and a trigger.
 */
public final class IngestionJob {
  /** Where events come from and how the stream is triggered. */
  public record Options(String source, String bootstrap, String topic, String inputDir, boolean availableNow) {

    /** A stable name per input, so a restart finds its checkpoint and its idempotent-write ids. */
    public String pipeline() {
      return source.equals("kafka") ? "kafka-" + topic.replaceAll("[^A-Za-z0-9._-]", "_") : "files";
    }
  }

  private IngestionJob() {}

  /** Starts the query; the caller awaits or stops it. */
  public static RunningIngestion start(Lake lake, LiveLakeConfig config, Options o, Consumer<BatchOutcome> listener)
      throws TimeoutException {
    lake.ensure(IngestBatch.tables());
    Dataset<Row> input = o.source().equals("kafka")
        ? EventSources.kafka(lake.spark(), o.bootstrap(), o.topic(), config.getString(Settings.KAFKA_STARTING_OFFSETS),
            config.getLong(Settings.KAFKA_MAX_OFFSETS))
        : EventSources.files(lake.spark(), o.inputDir(), config.getInt(Settings.INGEST_MAX_FILES),
            config.getInt(Settings.SPARK_SHUFFLE_PARTITIONS));
    IngestBatch batch = new IngestBatch(lake, o.pipeline(), CleaningRules.from(config), FxRates.from(config),
        new PayloadSanitizer(HmacKeys.pseudonymizer(config)), config.getInt(Settings.INGEST_COMPACT_EVERY),
        config.getDuration(Settings.INGEST_KPI_INTERVAL), listener);
    Trigger trigger = o.availableNow() ? Trigger.AvailableNow()
        : Trigger.ProcessingTime(config.getDuration(Settings.INGEST_TRIGGER).toMillis());
    StreamingQuery query = input.writeStream()
        .queryName("livelake-ingest-" + o.pipeline())
        .option("checkpointLocation", lake.paths().checkpoint("ingest-" + o.pipeline()))
        .trigger(trigger)
        .foreachBatch(batch)
        .start();
    return new RunningIngestion(query, batch);
  }
}
