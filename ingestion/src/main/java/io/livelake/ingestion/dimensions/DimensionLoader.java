package io.livelake.ingestion.dimensions;

import static org.apache.spark.sql.functions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.TableDef;
import io.livelake.catalog.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

/**
 * Loads dimension files (sessions.jsonl, products.jsonl, ad_campaigns.jsonl; times in epoch ms) into
 * the silver dimension tables with an upsert by key, so loading twice changes nothing.
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

  /** Loads every dimension file present in {@code dir}; returns rows read per table. */
  public static Map<String, Long> load(Lake lake, Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("--dimensions " + dir + ": not a directory");
    }
    Map<String, Long> loaded = new LinkedHashMap<>();
    for (Map.Entry<String, TableDef> e : FILES.entrySet()) {
      Path f = dir.resolve(e.getKey());
      if (!Files.exists(f)) continue;
      TableDef t = e.getValue();
      lake.ensure(t);
      Dataset<Row> rows = typed(lake.spark().read().option("mode", "FAILFAST").json(f.toString()), t);
      String key = KEYS.get(t);
      lake.delta(t).as("t").merge(rows.dropDuplicates(key).as("s"), "t." + key + " = s." + key)
          .whenMatched().updateAll().whenNotMatched().insertAll().execute();
      loaded.put(t.fullName(), rows.count());
    }
    if (loaded.isEmpty()) {
      throw new IllegalArgumentException("--dimensions " + dir + ": none of " + FILES.keySet() + " found");
    }
    return loaded;
  }

  /** The file's columns in the table's types; epoch-ms numbers become timestamps. */
  static Dataset<Row> typed(Dataset<Row> raw, TableDef t) {
    List<Column> cols = new ArrayList<>();
    for (StructField f : t.schema().fields()) {
      if (!List.of(raw.columns()).contains(f.name())) {
        throw new IllegalArgumentException(t.fullName() + ": input has no column " + f.name());
      }
      Column c = col(f.name());
      if (f.dataType().typeName().equals("timestamp")) c = timestamp_millis(c.cast("long"));
      cols.add(c.cast(f.dataType()).alias(f.name()));
    }
    return raw.select(cols.toArray(Column[]::new));
  }
}
