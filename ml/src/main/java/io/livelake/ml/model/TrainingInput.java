package io.livelake.ml.model;

import static org.apache.spark.sql.functions.*;

import io.livelake.indicators.Indicator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

/**
 * Turns a table into the model's rows: the 14 indicator features under their normalized names
 * (n_a11 .. n_a51), the outcome as {@link #LABEL}, session_id when present, and a stable {@link #KEY}
 * the split and samples are drawn from, so they do not depend on partitioning or file order.
 *
 * <p>Per indicator the table may hold its normalized, forward column (n_a41) or its value as measured
 * under its code (a41 or A41) or its gold column (a41_comments_ratings); a measured negative indicator
 * (A42) is negated here so that the min-max scaling of the model makes it forward.
 */
public final class TrainingInput {
  /** The outcome column of prepared rows. */
  public static final String LABEL = "label";
  /** A stable 64-bit hash of the row's identity. */
  public static final String KEY = "row_key";
  /** The identifying column kept when the table has it. */
  public static final String SESSION = "session_id";

  private TrainingInput() {}

  /**
   * Prepared rows and the table's columns they were read from, in indicator order (the registry
   * records them: a model is only valid for inputs measured the same way).
   */
  public record Prepared(Dataset<Row> rows, List<String> sourceColumns) {}

  /** Rows for training: features and outcome; every missing or non-numeric column is named in one error. */
  public static Prepared labelled(Dataset<Row> table, String outcome, String source) {
    return prepare(table, Optional.of(outcome), source);
  }

  /** Rows for scoring: features only. */
  public static Prepared unlabelled(Dataset<Row> table, String source) {
    return prepare(table, Optional.empty(), source);
  }

  /** The feature columns of prepared rows, in indicator order. */
  public static List<String> featureColumns() { return Indicator.normalizedColumns(); }

  private static Prepared prepare(Dataset<Row> table, Optional<String> outcome, String source) {
    List<String> used = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> nonNumeric = new ArrayList<>();
    List<Column> select = new ArrayList<>();
    for (Indicator i : Indicator.values()) {
      List<String> names = List.of(i.normalizedColumn(), i.name().toLowerCase(Locale.ROOT), i.column());
      Optional<StructField> f = names.stream().map(n -> field(table, n)).flatMap(Optional::stream).findFirst();
      if (f.isEmpty()) {
        missing.add(String.join(" or ", names));
        continue;
      }
      if (!(f.get().dataType() instanceof NumericType)) {
        nonNumeric.add(f.get().name() + " (" + f.get().dataType().simpleString() + ")");
        continue;
      }
      used.add(f.get().name());
      Column c = col(quote(f.get().name())).cast("double");
      boolean measured = !f.get().name().equalsIgnoreCase(i.normalizedColumn());
      select.add((measured && !i.positive() ? c.multiply(-1) : c).as(i.normalizedColumn()));
    }
    if (outcome.isPresent()) {
      Optional<StructField> f = field(table, outcome.get());
      if (f.isEmpty()) {
        missing.add(outcome.get() + " (outcome)");
      } else if (!(f.get().dataType() instanceof NumericType)) {
        nonNumeric.add(f.get().name() + " (outcome, " + f.get().dataType().simpleString() + ")");
      } else {
        select.add(col(quote(f.get().name())).cast("double").as(LABEL));
      }
    }
    if (!missing.isEmpty() || !nonNumeric.isEmpty()) {
      List<String> parts = new ArrayList<>();
      if (!missing.isEmpty()) parts.add("missing columns: " + String.join(", ", missing));
      if (!nonNumeric.isEmpty()) parts.add("non-numeric columns: " + String.join(", ", nonNumeric));
      throw new IllegalArgumentException(source + ": " + String.join("; ", parts)
          + " (found: " + String.join(", ", table.columns()) + ")");
    }
    Optional<StructField> session = field(table, SESSION);
    session.ifPresent(s -> select.add(0, col(quote(s.name())).cast("string").as(SESSION)));
    Dataset<Row> rows = table.select(select.toArray(Column[]::new));
    List<Column> keyCols = session.isPresent() ? List.of(col(SESSION))
        : Arrays.stream(rows.columns()).map(org.apache.spark.sql.functions::col).toList();
    return new Prepared(rows.withColumn(KEY, xxhash64(keyCols.toArray(Column[]::new))), List.copyOf(used));
  }

  private static Optional<StructField> field(Dataset<Row> table, String name) {
    return Arrays.stream(table.schema().fields()).filter(f -> f.name().equalsIgnoreCase(name)).findFirst();
  }

  private static String quote(String name) { return "`" + name.replace("`", "``") + "`"; }
}
