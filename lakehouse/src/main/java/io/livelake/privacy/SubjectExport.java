package io.livelake.privacy;

import static org.apache.spark.sql.functions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.TableDef;
import io.livelake.catalog.Tables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Encoders;

/**
 * A subject-access export (paper 002, the right of access): every row the lake holds about one person,
 * found exactly as {@link Eraser} finds what it erases, as one JSON document keyed by table name.
 */
public final class SubjectExport {
  private SubjectExport() {}

  /**
   * Every null kept (the person sees each column the table has) and times to the microsecond Delta
   * stores, as ISO-8601 in UTC (the session time zone).
   */
  private static final Map<String, String> JSON_OPTIONS = Map.of("ignoreNullFields", "false",
      "timestampFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX", "dateFormat", "yyyy-MM-dd");

  /**
   * Rows per table as JSON objects, sorted (the same lake gives the same document), for every existing
   * table that can hold the person's rows, empty ones included: they show the table was searched.
   */
  public static Map<String, List<String>> rows(Lake lake, String pseudonym, Consumer<String> progress) {
    Eraser.requirePseudonym(pseudonym);
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (TableDef t : Tables.all()) {
      Column mine = Eraser.heldAbout(t, pseudonym);
      if (mine == null || !lake.exists(t)) continue;
      progress.accept("export-user: searching " + t.fullName());
      Column[] all = List.of(t.schema().fieldNames()).stream().map(c -> col(c)).toArray(Column[]::new);
      List<String> rows = new ArrayList<>(lake.read(t).where(mine)
          .select(to_json(struct(all), JSON_OPTIONS)).as(Encoders.STRING()).collectAsList());
      rows.sort(null);
      out.put(t.fullName(), rows);
    }
    return out;
  }

  /** The document: {"table": [row, ...], ...}, one row per line. */
  public static String json(Map<String, List<String>> rows) {
    StringBuilder sb = new StringBuilder("{");
    String tableSep = "\n";
    for (Map.Entry<String, List<String>> e : rows.entrySet()) {
      sb.append(tableSep).append("  \"").append(e.getKey()).append("\": [");
      String rowSep = "\n    ";
      for (String r : e.getValue()) {
        sb.append(rowSep).append(r);
        rowSep = ",\n    ";
      }
      sb.append(e.getValue().isEmpty() ? "]" : "\n  ]");
      tableSep = ",\n";
    }
    return sb.append("\n}\n").toString();
  }
}
