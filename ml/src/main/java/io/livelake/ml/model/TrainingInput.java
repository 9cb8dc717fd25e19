package io.livelake.ml.model;

import static org.apache.spark.sql.functions.*;

import io.livelake.catalog.Tables;
import io.livelake.indicators.Indicator;
import io.livelake.indicators.IndicatorSupport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

/**
 * Turns a table into the model's rows: the indicator features the data supports under their
 * normalized names (n_a11 .. n_a51), the outcome as {@link #LABEL}, session_id when present, and a
 * stable {@link #KEY} the split and samples are drawn from, so they do not depend on partitioning or
 * file order.
 *
 * <p>Per indicator the table may hold its normalized, forward column (n_a41) or its value as measured
 * under its code (a41 or A41) or its gold column (a41_comments_ratings); a measured negative indicator
 * (A42) is negated here so that the min-max scaling of the model makes it forward. Whether the data
 * supports an indicator ({@link IndicatorSupport}) is judged on its measured column when the table has
 * one, since normalization turns a missing value into 0; an indicator without any column is left out.
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
   * Prepared rows, the indicators they hold (in code order) and the table's columns they were read
   * from (the registry records them: a model is only valid for inputs measured the same way), and the
   * support verdict of all 14 indicators.
   */
  public record Prepared(Dataset<Row> rows, List<Indicator> indicators, List<String> sourceColumns,
      List<IndicatorSupport.Verdict> support) {
    /** The indicators left out because the data does not support them. */
    public List<IndicatorSupport.Verdict> leftOut() { return support.stream().filter(v -> !v.supported()).toList(); }
  }

  /**
   * Rows for training: the supported indicators' features and the outcome. A present column that is
   * not numeric, or a missing outcome, is named in one error; so is a table that supports no indicator.
   */
  public static Prepared labelled(Dataset<Row> table, String outcome, String source, double minCoverage) {
    Map<Indicator, StructField> features = new EnumMap<>(Indicator.class);
    Map<Indicator, String> measured = new EnumMap<>(Indicator.class);
    List<String> problems = new ArrayList<>();
    for (Indicator i : Indicator.values()) {
      Optional<StructField> f = feature(table, i);
      if (f.isEmpty()) continue;
      if (!(f.get().dataType() instanceof NumericType)) {
        problems.add(f.get().name() + " (" + f.get().dataType().simpleString() + notANumber(table, f.get()) + ")");
        continue;
      }
      features.put(i, f.get());
      measured.put(i, names(i).subList(1, 3).stream().map(n -> field(table, n)).flatMap(Optional::stream)
          .filter(m -> m.dataType() instanceof NumericType).findFirst().orElse(f.get()).name());
    }
    Optional<StructField> label = field(table, outcome);
    String missingOutcome = label.isEmpty() ? outcome + " (outcome)" : null;
    if (label.isPresent() && !(label.get().dataType() instanceof NumericType)) {
      problems.add(label.get().name() + " (outcome, " + label.get().dataType().simpleString()
          + notANumber(table, label.get()) + ")");
    }
    if (missingOutcome != null || !problems.isEmpty()) {
      List<String> parts = new ArrayList<>();
      if (missingOutcome != null) parts.add("missing columns: " + missingOutcome);
      if (!problems.isEmpty()) parts.add("non-numeric columns: " + String.join(", ", problems));
      throw new IllegalArgumentException(source + ": " + String.join("; ", parts) + found(table));
    }
    List<IndicatorSupport.Verdict> support = IndicatorSupport.measure(table, measured, minCoverage,
        "the input has no column for it");
    List<Indicator> used = IndicatorSupport.supported(support);
    if (used.isEmpty()) {
      // The table's columns help only when an indicator has none: otherwise its values are the reason.
      throw new IllegalArgumentException(source + ": no indicator can be trained on, since the data supports none of them: "
          + IndicatorSupport.sharedReason(support)
              .orElseGet(() -> String.join("; ", support.stream().map(v -> v.label() + ": " + v.reason()).toList()))
          + (features.size() < Indicator.values().length ? found(table) : ""));
    }
    List<Column> select = new ArrayList<>();
    for (Indicator i : used) select.add(feature(i, features.get(i)));
    select.add(finite(col(quote(label.get().name())).cast("double")).as(LABEL));
    return build(table, select, used, used.stream().map(i -> features.get(i).name()).toList(), support);
  }

  /** Rows for scoring with a model of {@code indicators}: their features only; a missing column is an error. */
  public static Prepared unlabelled(Dataset<Row> table, List<Indicator> indicators, String source) {
    List<Column> select = new ArrayList<>();
    List<String> sourceColumns = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (Indicator i : indicators) {
      Optional<StructField> f = feature(table, i).filter(x -> x.dataType() instanceof NumericType);
      if (f.isEmpty()) {
        missing.add(String.join(" or ", names(i)));
        continue;
      }
      select.add(feature(i, f.get()));
      sourceColumns.add(f.get().name());
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(source + ": missing numeric columns: " + String.join(", ", missing) + found(table));
    }
    return build(table, select, List.copyOf(indicators), List.copyOf(sourceColumns), List.of());
  }

  /** The normalized feature columns of {@code indicators}, in their order. */
  public static List<String> featureColumns(List<Indicator> indicators) {
    return indicators.stream().map(Indicator::normalizedColumn).toList();
  }

  private static Prepared build(Dataset<Row> table, List<Column> select, List<Indicator> used, List<String> sourceColumns,
      List<IndicatorSupport.Verdict> support) {
    Optional<StructField> session = field(table, SESSION);
    session.ifPresent(s -> select.add(0, col(quote(s.name())).cast("string").as(SESSION)));
    Dataset<Row> rows = table.select(select.toArray(Column[]::new));
    List<Column> keyCols = session.isPresent() ? List.of(col(SESSION))
        : Arrays.stream(rows.columns()).map(org.apache.spark.sql.functions::col).toList();
    return new Prepared(rows.withColumn(KEY, xxhash64(keyCols.toArray(Column[]::new))), used, sourceColumns, support);
  }

  /** The column an indicator's feature is read from: normalized first, then as measured. */
  private static Optional<StructField> feature(Dataset<Row> table, Indicator i) {
    return names(i).stream().map(n -> field(table, n)).flatMap(Optional::stream).findFirst();
  }

  private static Column feature(Indicator i, StructField f) {
    Column c = finite(col(quote(f.name())).cast("double"));
    boolean measured = !f.name().equalsIgnoreCase(i.normalizedColumn());
    return (measured && !i.positive() ? c.multiply(-1) : c).as(i.normalizedColumn());
  }

  /**
   * {@code c} with an infinite value (a CSV's "1e400" or "Infinity") as missing, which the models leave out with NaN
   * and nulls: one such value made every scaled feature of the network NaN or zero and a linear fit infinite.
   */
  private static Column finite(Column c) {
    return when(abs(c).equalTo(lit(Double.POSITIVE_INFINITY)), lit(null).cast("double")).otherwise(c);
  }

  private static List<String> names(Indicator i) {
    return List.of(i.normalizedColumn(), i.name().toLowerCase(Locale.ROOT), i.column());
  }

  /**
   * A value of column {@code f} that is no number, as {@code ", e.g. '1,5'"}, or nothing: a CSV column is read as
   * text for one such value (a decimal comma, a unit, "n/a"), and the column's name alone does not find it.
   */
  private static String notANumber(Dataset<Row> table, StructField f) {
    List<Row> r = table.select(col(quote(f.name())).cast("string").as("v"))
        .where(col("v").isNotNull().and(expr("try_cast(v AS double)").isNull())).limit(1).collectAsList();
    if (r.isEmpty()) return "";
    String v = r.get(0).getString(0);
    return ", e.g. '" + (v.length() > 40 ? v.substring(0, 40) + "..." : v) + "'";
  }

  private static String found(Dataset<Row> table) { return " (found: " + String.join(", ", table.columns()) + ")"; }

  private static Optional<StructField> field(Dataset<Row> table, String name) {
    return Arrays.stream(table.schema().fields()).filter(f -> f.name().equalsIgnoreCase(name)).findFirst();
  }

  /**
   * Why an empty gold.session_indicators gives nothing to {@code use} (train on, score): a lake of orders outside live
   * rooms, as an online-retail import makes, has no session.
   */
  static String noSessions(String use) {
    return Tables.SESSION_INDICATORS.fullName() + " holds no session: " + Tables.EVENTS_OBT.fullName() + " has no event "
        + "in a live session (orders outside live rooms, as an online-retail import makes, have none), so there is "
        + "nothing to " + use;
  }

  /** A column name as Spark reads it in an expression, whatever characters it holds. */
  static String quote(String name) { return "`" + name.replace("`", "``") + "`"; }
}
