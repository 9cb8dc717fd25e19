package io.livelake.ingestion.dimensions;

import io.livelake.catalog.Lake;
import io.livelake.catalog.TableDef;
import io.livelake.catalog.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Loads dimension files (sessions.jsonl, products.jsonl, ad_campaigns.jsonl; times in epoch ms) into
 * the silver dimension tables with an upsert by key, so loading twice changes nothing. Every file
 * present is checked whole before the first table is written, so a bad or empty file changes no
 * table; a missing file leaves its table as it is.
 */
public final class DimensionLoader {
  private static final Map<String, TableDef> FILES = new LinkedHashMap<>();
  private static final Map<TableDef, String> KEYS = new LinkedHashMap<>();

  static {
    FILES.put("sessions.jsonl", Tables.DIM_SESSIONS);
    FILES.put("products.jsonl", Tables.DIM_PRODUCTS);
    FILES.put("ad_campaigns.jsonl", Tables.DIM_AD_CAMPAIGNS);
    KEYS.put(Tables.DIM_SESSIONS, "session_id");
    KEYS.put(Tables.DIM_PRODUCTS, "product_id");
    KEYS.put(Tables.DIM_AD_CAMPAIGNS, "ad_id");
  }

  private DimensionLoader() {}

  /**
   * Loads every dimension file present in {@code dir}; returns rows loaded per table (one per key).
   *
   * @throws IllegalArgumentException in one line naming the directory or the file and its problem,
   *     before any table is written
   */
  public static Map<String, Long> load(Lake lake, Path dir) {
    if (!Files.isDirectory(dir)) throw new IllegalArgumentException("dimensions: " + dir + " is not a directory");
    Map<TableDef, List<Row>> read = new LinkedHashMap<>();
    for (Map.Entry<String, TableDef> e : FILES.entrySet()) {
      Path f = dir.resolve(e.getKey());
      if (Files.exists(f)) read.put(e.getValue(), DimensionFile.read(f, e.getValue(), KEYS.get(e.getValue())));
    }
    if (read.isEmpty()) throw new IllegalArgumentException("dimensions: " + dir + " holds none of " + FILES.keySet());
    Map<String, Long> loaded = new LinkedHashMap<>();
    read.forEach((t, rows) -> {
      lake.ensure(t);
      Dataset<Row> source = lake.spark().createDataFrame(rows, t.schema());
      String key = KEYS.get(t);
      lake.delta(t).as("t").merge(source.as("s"), "t." + key + " = s." + key)
          .whenMatched().updateAll().whenNotMatched().insertAll().execute();
      loaded.put(t.fullName(), (long) rows.size());
    });
    return loaded;
  }
}
