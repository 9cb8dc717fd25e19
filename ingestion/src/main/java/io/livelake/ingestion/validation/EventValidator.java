package io.livelake.ingestion.validation;

import static org.apache.spark.sql.functions.*;

import io.livelake.events.EventContract;
import io.livelake.events.EventType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Checks records against the event contract. {@link #validate} parses the {@code payload} column
 * and adds the typed fields, plus {@code reason} and {@code detail} (null for a valid event) that name
 * the first problem found: not JSON, a field of the wrong type, a missing field, an unknown type,
 * an unsupported version or an out-of-range value.
 */
public final class EventValidator {
  private static final String RAW = "_raw";
  private static final String TYPED = "_typed";

  private EventValidator() {}

  /** payload → payload, the contract's fields, reason, detail (plus whatever else the input has). */
  public static Dataset<Row> validate(Dataset<Row> input) {
    Dataset<Row> parsed = input
        .withColumn(RAW, from_json(col("payload"), DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType)))
        .withColumn(TYPED, from_json(col("payload"), EventContract.SCHEMA, Map.of("mode", "PERMISSIVE")));
    List<Column[]> checks = new ArrayList<>();
    checks.add(check(col(RAW).isNull(), QuarantineReason.MALFORMED_JSON, lit("payload is not a JSON object")));
    for (StructField f : EventContract.SCHEMA.fields()) {
      Column raw = col(RAW).getItem(f.name());
      checks.add(check(raw.isNotNull().and(typed(f.name()).isNull()), QuarantineReason.SCHEMA_VIOLATION,
          concat(lit("field " + f.name() + ": expected " + typeWords(f) + ", got "), abbreviated(raw))));
    }
    checks.add(check(col(TYPED + ".lines").isNotNull().and(
            exists(col(TYPED + ".lines"), l -> l.getField("product_id").isNull()
                .or(l.getField("quantity").isNull()).or(l.getField("price").isNull()))),
        QuarantineReason.SCHEMA_VIOLATION, lit("field lines: every line needs product_id, integer quantity and numeric price")));
    for (String field : EventContract.COMMON_FIELDS) {
      checks.add(check(typed(field).isNull(), QuarantineReason.SCHEMA_VIOLATION, lit("missing field " + field)));
    }
    checks.add(check(typed("schema_version").gt(EventContract.CURRENT_VERSION).or(typed("schema_version").lt(1)),
        QuarantineReason.UNSUPPORTED_VERSION, concat(lit("schema_version "), typed("schema_version").cast("string"),
            lit(" is not supported (this build reads 1.." + EventContract.CURRENT_VERSION + ")"))));
    List<String> knownTypes = new ArrayList<>();
    for (EventType t : EventType.values()) knownTypes.add(t.wireName());
    checks.add(check(not(typed("event_type").isin(knownTypes.toArray())), QuarantineReason.UNKNOWN_EVENT_TYPE,
        concat(lit("event_type '"), typed("event_type"), lit("' is not in the contract"))));
    for (EventType t : EventType.values()) {
      Set<String> required = new LinkedHashSet<>(t.requiredFields());
      if (t.inSession()) required.addAll(EventContract.SESSION_FIELDS);
      for (String field : required) {
        checks.add(check(typed("event_type").equalTo(t.wireName()).and(typed(field).isNull()),
            QuarantineReason.SCHEMA_VIOLATION, lit("missing field " + field + " (required for " + t.wireName() + ")")));
      }
    }
    checks.add(check(typed("rating").isNotNull().and(typed("rating").lt(1).or(typed("rating").gt(5))),
        QuarantineReason.SCHEMA_VIOLATION, lit("field rating: must be 1..5")));
    checks.add(check(typed("target").isNotNull().and(not(typed("target").isin("anchor", "product"))),
        QuarantineReason.SCHEMA_VIOLATION, lit("field target: must be anchor or product")));
    checks.add(check(typed("event_type").equalTo("rating").and(typed("target").equalTo("product"))
            .and(typed("product_id").isNull()),
        QuarantineReason.SCHEMA_VIOLATION, lit("missing field product_id (required for a product rating)")));
    checks.add(check(typed("quantity").isNotNull().and(typed("quantity").leq(0)),
        QuarantineReason.SCHEMA_VIOLATION, lit("field quantity: must be positive")));
    checks.add(check(typed("amount").isNotNull().and(typed("amount").lt(0)),
        QuarantineReason.SCHEMA_VIOLATION, lit("field amount: must not be negative")));
    checks.add(check(typed("gift_value").isNotNull().and(typed("gift_value").lt(0)),
        QuarantineReason.SCHEMA_VIOLATION, lit("field gift_value: must not be negative")));
    checks.add(check(typed("lines").isNotNull().and(size(typed("lines")).equalTo(0)),
        QuarantineReason.SCHEMA_VIOLATION, lit("field lines: an order needs at least one line")));

    Column reason = lit(null).cast("string");
    Column detail = lit(null).cast("string");
    for (int i = checks.size() - 1; i >= 0; i--) {
      Column[] c = checks.get(i);
      reason = when(c[0], c[1]).otherwise(reason);
      detail = when(c[0], c[2]).otherwise(detail);
    }
    List<Column> out = new ArrayList<>();
    for (String c : input.columns()) out.add(col(c));
    for (StructField f : EventContract.SCHEMA.fields()) out.add(typed(f.name()).alias(f.name()));
    out.add(reason.alias("reason"));
    out.add(detail.alias("detail"));
    return parsed.select(out.toArray(Column[]::new));
  }

  private static Column typed(String field) { return col(TYPED + "." + field); }

  private static Column[] check(Column failed, String reason, Column detail) {
    return new Column[] {coalesce(failed, lit(false)), lit(reason), detail};
  }

  private static Column abbreviated(Column raw) {
    return concat(lit("'"), when(length(raw).gt(40), concat(substring(raw, 1, 40), lit("..."))).otherwise(raw), lit("'"));
  }

  private static String typeWords(StructField f) {
    return switch (f.dataType().typeName()) {
      case "integer", "long" -> "an integer";
      case "double" -> "a number";
      case "string" -> "a string";
      default -> "a list of order lines";
    };
  }
}
