package io.livelake.privacy;

import static org.apache.spark.sql.functions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.TableDef;
import io.livelake.catalog.Tables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;

/**
 * Erases one person from every table of the lake (the right to erasure of paper 002): rows whose
 * user_id is the person's pseudonym, and raw records whose payload carries it. Delta keeps the old
 * files for time travel until they are vacuumed; {@link #vacuum} removes them for good.
 */
public final class Eraser {
  private final Lake lake;

  public Eraser(Lake lake) { this.lake = lake; }

  /** Deletes the person's rows everywhere; returns rows deleted per table (tables without any left out). */
  public Map<String, Long> erase(String pseudonym) {
    if (!pseudonym.matches("p[0-9a-f]{24}")) {
      throw new IllegalArgumentException("not a LiveLake pseudonym: '" + pseudonym + "' (expected p and 24 hex digits)");
    }
    Map<String, Long> deleted = new LinkedHashMap<>();
    for (TableDef t : Tables.all()) {
      if (!lake.exists(t)) continue;
      List<String> cols = List.of(t.schema().fieldNames());
      Column mine = null;
      if (cols.contains("user_id")) mine = col("user_id").equalTo(pseudonym);
      if (cols.contains("payload")) {
        // No closing quote: a truncated (malformed) record may end right after the id.
        Column inPayload = col("payload").contains("\"" + pseudonym);
        mine = mine == null ? inPayload : mine.or(inPayload);
      }
      if (mine == null) continue;
      long n = lake.read(t).where(mine).count();
      if (n > 0) {
        lake.delta(t).delete(mine);
        deleted.put(t.fullName(), n);
      }
    }
    return deleted;
  }

  /**
   * Physically removes the erased rows: rewrites the files whose rows were only marked deleted (deletion
   * vectors), then removes files no longer in the tables' current versions (ends time travel to before
   * the erasure).
   */
  public void vacuum(List<String> tables) {
    lake.spark().conf().set("spark.databricks.delta.retentionDurationCheck.enabled", "false");
    for (TableDef t : Tables.all()) {
      if (!tables.contains(t.fullName())) continue;
      lake.spark().sql("REORG TABLE delta.`" + lake.path(t) + "` APPLY (PURGE)");
      lake.delta(t).vacuum(0);
    }
  }
}
