package io.livelake.ingestion.dimensions;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livelake.catalog.TableDef;
import io.livelake.events.TimeText;
import io.livelake.ingestion.validation.PayloadShape;
import io.livelake.spark.LocalFiles;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;

/**
 * One dimension file, read and checked whole before any table is written: every line that is not
 * blank is a JSON object with every field of its table (null allowed but for the key), each of the
 * table's type (times as integer epoch ms or ISO-8601 text with an offset), and a non-empty key. A
 * file without a line is refused too: an empty export is a failed export, and loading it would look
 * like success and change nothing. Every problem is one line naming the file, and the line number
 * where there is one.
 */
final class DimensionFile {
  /** A repeated key or a second object on the line would otherwise be dropped without a word. */
  private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build()).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private DimensionFile() {}

  /**
   * The rows of {@code file} in {@code table}'s schema, one per key (a later line wins over an
   * earlier one with the same key, as a later load would).
   *
   * @throws IllegalArgumentException naming the file and the first problem in it
   */
  static List<Row> read(Path file, TableDef table, String key) {
    List<String> lines;
    try {
      lines = LocalFiles.utf8Lines(file);
    } catch (CharacterCodingException e) {
      throw problem(file, ": not UTF-8 text");
    } catch (IOException e) {
      throw problem(file, ": cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    Map<String, Row> rows = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) continue;
      Row r = row(file, i + 1, lines.get(i), table, key);
      rows.put(r.getString(table.schema().fieldIndex(key)), r);
    }
    if (rows.isEmpty()) throw problem(file, " is empty");
    return new ArrayList<>(rows.values());
  }

  private static Row row(Path file, int number, String line, TableDef table, String key) {
    String at = ": line " + number + ": ";
    JsonNode o;
    try {
      o = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw problem(file, at + (PayloadShape.trailing(e)
          ? "more after the JSON object (two records written without a line break?): write each on a line of its own"
          : e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
              ? "a field appears twice (which one holds?)" : "not JSON"));
    }
    if (!o.isObject()) throw problem(file, at + "not a JSON object");
    StructField[] fields = table.schema().fields();
    Object[] values = new Object[fields.length];
    for (int i = 0; i < fields.length; i++) {
      String name = fields[i].name();
      JsonNode n = o.get(name);
      if (n == null) throw problem(file, at + "no field " + name);
      if (name.equals(key) && (!n.isTextual() || n.textValue().isBlank())) {
        throw problem(file, at + "field " + name + ": the key must be a non-empty string");
      }
      if (n.isNull()) continue;
      values[i] = value(fields[i], n);
      if (values[i] == null) throw problem(file, at + "field " + name + ": expected " + expected(fields[i]));
    }
    return RowFactory.create(values);
  }

  /** The node as the field's value, or null when its JSON type does not fit. */
  private static Object value(StructField f, JsonNode n) {
    return switch (f.dataType().typeName()) {
      case "timestamp" -> time(n);
      case "double" -> n.isNumber() && Double.isFinite(n.doubleValue()) ? n.doubleValue() : null;
      case "string" -> n.isTextual() ? n.textValue() : null;
      default -> throw new IllegalStateException(f.name() + ": no reading for " + f.dataType().typeName());
    };
  }

  /** Epoch milliseconds, or an ISO-8601 time with its offset as database exports write it; null for anything else. */
  private static Timestamp time(JsonNode n) {
    if (n.isIntegralNumber()) return n.canConvertToLong() ? new Timestamp(n.longValue()) : null;
    Long iso = n.isTextual() ? TimeText.millis(n.textValue()) : null;
    return iso == null ? null : new Timestamp(iso);
  }

  private static String expected(StructField f) {
    return switch (f.dataType().typeName()) {
      case "timestamp" -> "an integer (epoch milliseconds) or an ISO-8601 time with its offset (2026-11-01T08:00:00+08:00)";
      case "double" -> "a finite number";
      default -> "a string";
    };
  }

  private static IllegalArgumentException problem(Path file, String what) {
    return new IllegalArgumentException("dimensions: " + file + what);
  }
}
