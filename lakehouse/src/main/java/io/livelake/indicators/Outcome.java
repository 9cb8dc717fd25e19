package io.livelake.indicators;

import static org.apache.spark.sql.functions.*;

import io.livelake.config.ConfigException;
import io.livelake.config.Settings;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The marketing-performance outcome of a session, in two named definitions the indicators job computes
 * for every session (money is paid GMV net of refunds in the reporting currency, per distinct viewer;
 * an order and its refund each count when its own time falls in the window):
 *
 * <ul>
 *   <li>{@code later_gmv_per_viewer} (the default): what the session's viewers spent <em>after</em> it,
 *       from its end to {@code days} days later, in the shop outside any live room — the session's own
 *       orders, and those of other rooms (their own sales), excluded. It measures what the session led
 *       to without containing any of its indicators.
 *   <li>{@code gmv_per_viewer} (the default before): what they spent anywhere from the session start to
 *       {@code days} days after its end, the session's own orders included, so A32 (its sales) and A31
 *       (its buyers) are part of it by definition and predict it by construction.
 * </ul>
 */
public final class Outcome {
  /** A named outcome: its column, its meaning, and the indicators its definition contains. */
  public enum Definition {
    LATER_GMV_PER_VIEWER("later_gmv_per_viewer", "outcome_later_gmv_per_viewer", List.of()),
    GMV_PER_VIEWER("gmv_per_viewer", "outcome_gmv_per_viewer", List.of(Indicator.A31, Indicator.A32));

    private final String settingValue;
    private final String column;
    private final List<Indicator> contains;

    Definition(String settingValue, String column, List<Indicator> contains) {
      this.settingValue = settingValue;
      this.column = column;
      this.contains = contains;
    }

    /** The value of indicators.outcome that selects it. */
    public String settingValue() { return settingValue; }

    /** Its column in gold.session_indicators. */
    public String column() { return column; }

    /** The indicators that are part of its definition (none for an outcome free of leakage). */
    public List<Indicator> contains() { return contains; }

    /** The definition indicators.outcome names. */
    public static Definition of(String settingValue) {
      return find(settingValue).orElseThrow(() -> new ConfigException(Settings.OUTCOME.key() + " must be one of "
          + String.join(", ", java.util.Arrays.stream(values()).map(Definition::settingValue).toList()) + ", got '"
          + settingValue + "'"));
    }

    /** The definition {@code settingValue} names, if any (outcome_source also holds "table ..."). */
    public static java.util.Optional<Definition> find(String settingValue) {
      return java.util.Arrays.stream(values()).filter(d -> d.settingValue.equals(settingValue)).findFirst();
    }

    /** The definition whose column is {@code column}, if any. */
    public static java.util.Optional<Definition> ofColumn(String column) {
      return java.util.Arrays.stream(values()).filter(d -> d.column.equalsIgnoreCase(column)).findFirst();
    }
  }

  /**
   * The revision of these definitions, part of every indicators run's recorded definitions so that a lake
   * computed under an earlier one is recomputed in full (2: later purchases in other rooms left out; 3: a refund
   * counts where its order was paid, {@link OrderSessions}; 4: a session ends with its room's last event, not with
   * a later refund or rating, {@link SessionIndicators#end}).
   */
  static final String REVISION = "outcome definitions revision 4";

  private Outcome() {}

  /**
   * (session_id, outcome_gmv_per_viewer, outcome_later_gmv_per_viewer) for every session in
   * {@code sessionEvents}; 0 for a session without viewers. {@code purchases} are OBT rows holding the viewers'
   * orders and refunds and the orders of those refunds.
   */
  public static Dataset<Row> perViewer(Dataset<Row> sessionEvents, Dataset<Row> purchases, int days) {
    Dataset<Row> events = sessionEvents.where(col("session_id").isNotNull());
    Dataset<Row> windows = events.groupBy("session_id").agg(
        SessionIndicators.start().alias("session_start"), SessionIndicators.end().alias("session_end"));
    Dataset<Row> spent = windows.join(perViewer(SessionIndicators.viewerVisits(events), windows,
            OrderSessions.attributed(purchases, purchases), days),
        "session_id", "left");
    return spent.select(col("session_id"), coalesce(col(COLUMNS.get(0)), lit(0.0)).alias(COLUMNS.get(0)),
        coalesce(col(COLUMNS.get(1)), lit(0.0)).alias(COLUMNS.get(1)));
  }

  /** The columns {@link #perViewer} adds, in its order. */
  static final List<String> COLUMNS = List.of(Definition.GMV_PER_VIEWER.column(), Definition.LATER_GMV_PER_VIEWER.column());

  /**
   * The same from (session_id, user_id) viewer pairs and (session_id, session_start, session_end), and
   * {@code purchases} {@link OrderSessions#attributed} (a refund is outside live rooms when its order was);
   * sessions without viewers are absent.
   */
  static Dataset<Row> perViewer(Dataset<Row> viewerPairs, Dataset<Row> windows, Dataset<Row> purchases, int days) {
    Dataset<Row> money = purchases
        .where(col("event_type").isin(SessionIndicators.PAID, SessionIndicators.REFUNDED).and(col("user_id").isNotNull()))
        .select(col("user_id").alias("buyer"), col("session_id").alias("order_session"),
            unix_millis(col("event_time")).alias("t"),
            when(col("event_type").equalTo(SessionIndicators.PAID), col("amount_reporting").cast(SessionIndicators.MONEY))
                .otherwise(col("amount_reporting").cast(SessionIndicators.MONEY).multiply(-1)).alias("signed"));
    Dataset<Row> viewers = viewerPairs.select("session_id", "user_id")
        .join(windows.select(col("session_id"), unix_millis(col("session_start")).alias("from_ms"),
            unix_millis(col("session_end")).alias("end_ms"),
            unix_millis(col("session_end")).plus(lit(days * 86_400_000L)).alias("to_ms")), "session_id");
    // A purchase in another live room is that room's own sales: crediting it to every earlier session its
    // buyer watched would count it many times and mix that room's performance into theirs.
    Column later = money.col("t").gt(viewers.col("end_ms")).and(money.col("order_session").isNull());
    Dataset<Row> spent = viewers
        .join(money, viewers.col("user_id").equalTo(money.col("buyer"))
            .and(money.col("t").between(viewers.col("from_ms"), viewers.col("to_ms"))))
        .groupBy(viewers.col("session_id")).agg(sum("signed").alias("net"),
            sum(when(later, col("signed"))).alias("net_later"));
    Column n = col("n").cast("double");
    Column zero = lit(0).cast(SessionIndicators.MONEY);
    return viewers.groupBy("session_id").agg(count(lit(1)).alias("n"))
        .join(spent, "session_id", "left")
        .select(col("session_id"), coalesce(col("net"), zero).cast("double").divide(n).alias(COLUMNS.get(0)),
            coalesce(col("net_later"), zero).cast("double").divide(n).alias(COLUMNS.get(1)));
  }

  /** The column of gold.session_indicators that says which outcome {@code outcome} holds. */
  public static final String SOURCE = "outcome_source";

  /**
   * Sets {@code outcome} and {@link #SOURCE}: from {@code external} (session_id, outcome), read from
   * {@code externalLocation}, when given — null for sessions it does not list — else the column of
   * {@code definition}.
   */
  public static Dataset<Row> withOutcome(Dataset<Row> rows, Definition definition, Dataset<Row> external,
      String externalLocation) {
    if (external == null) {
      return rows.withColumn("outcome", col(definition.column())).withColumn(SOURCE, lit(definition.settingValue()));
    }
    Dataset<Row> e = external.select(col("session_id").cast("string").alias("_ext_session"),
        col("outcome").cast("double").alias("_ext_outcome"));
    return rows.join(e, rows.col("session_id").equalTo(e.col("_ext_session")), "left")
        .withColumn("outcome", col("_ext_outcome"))
        .withColumn(SOURCE, lit("table " + externalLocation))
        .drop("_ext_session", "_ext_outcome");
  }

  /**
   * Why a model cannot learn from {@code table}'s {@code outcome} column, in plain words with what to do, when that
   * outcome is the same in every row that has one (or in none); empty when it varies or the table is empty. Where
   * the table says so (gold.session_indicators' viewers and outcome_source), it names the cause: sessions without
   * viewers, or no viewer buying outside live rooms after a session (an import's orders are all in rooms).
   */
  public static java.util.Optional<String> sameEverywhere(Dataset<Row> table, String outcome) {
    List<String> columns = List.of(table.columns());
    Column viewers = columns.contains("viewers") ? sum(col("viewers")) : lit(null).cast("long");
    // A table of the user's own may have the column, and nulls or numbers in it.
    Column source = columns.contains(SOURCE) ? coalesce(first(col(SOURCE), true).cast("string"), lit(outcome))
        : lit(outcome);
    Row r = table.agg(count(lit(1)), min(col(outcome)).cast("double"), max(col(outcome)).cast("double"), viewers, source)
        .first();
    long rows = r.getLong(0);
    if (rows == 0 || (!r.isNullAt(1) && r.getDouble(1) != r.getDouble(2))) return java.util.Optional.empty();
    String noun = columns.contains("session_id") ? "sessions" : "rows";
    String named = r.getString(4);
    String what = r.isNullAt(1)
        ? String.format(java.util.Locale.ROOT, "the outcome (%s) has no value in any of the %,d %s", named, rows, noun)
        : String.format(java.util.Locale.ROOT, "the outcome (%s) is %s in all %,d %s", named, r.getDouble(1), rows, noun);
    what += ", so a model cannot tell a better one from a worse one";
    boolean perViewer = Definition.find(named).isPresent();
    if (perViewer && !r.isNullAt(3) && r.getLong(3) == 0) {
      return java.util.Optional.of(what + ": no session has a viewer (an enter_room or heartbeat event), and the outcome "
          + "is what the viewers spent per viewer");
    }
    if (named.equals(Definition.LATER_GMV_PER_VIEWER.settingValue()) && !r.isNullAt(1) && r.getDouble(1) == 0) {
      return java.util.Optional.of(what + ": no viewer bought in the shop outside live rooms within "
          + Settings.OUTCOME_DAYS.key() + " after a session (an import of a shop's log puts every order in a room). "
          + Settings.OUTCOME.key() + " = " + Definition.GMV_PER_VIEWER.settingValue() + " takes what the viewers spent "
          + "from the session's start on, its own orders included");
    }
    return java.util.Optional.of(what);
  }

  /**
   * Reads the table named by indicators.outcome.table: a Delta directory, a .csv (with header) or
   * .parquet path, or a table name in the catalog. It must have session_id and outcome, one row per session.
   */
  public static Dataset<Row> readExternal(SparkSession spark, String location) {
    String key = Settings.OUTCOME_TABLE.key();
    Dataset<Row> t;
    try {
      String lower = location.toLowerCase(java.util.Locale.ROOT);
      if (lower.endsWith(".csv")) {
        t = spark.read().option("header", "true").option("inferSchema", "true").csv(location);
      } else if (lower.endsWith(".parquet")) {
        t = spark.read().parquet(location);
      } else if (location.contains("/") || location.contains("\\")) {
        t = spark.read().format("delta").load(location);
      } else {
        t = spark.table(location);
      }
    } catch (Exception e) {
      throw new ConfigException(key + " = " + location + ": cannot be read (" + firstLine(e.getMessage()) + ")");
    }
    List<String> columns = List.of(t.columns());
    for (String c : List.of("session_id", "outcome")) {
      if (!columns.contains(c)) {
        throw new ConfigException(key + " = " + location + ": has no column '" + c + "' (columns: " + columns + ")");
      }
    }
    List<Row> dups = t.groupBy("session_id").agg(count(lit(1)).alias("n")).where(col("n").gt(1)).limit(1).collectAsList();
    if (!dups.isEmpty()) {
      throw new ConfigException(key + " = " + location + ": session_id " + dups.get(0).get(0) + " appears "
          + dups.get(0).getLong(1) + " times; one outcome per session is expected");
    }
    return t.select("session_id", "outcome");
  }

  private static String firstLine(String s) {
    if (s == null) return "unknown error";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
