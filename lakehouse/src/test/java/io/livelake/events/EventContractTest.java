package io.livelake.events;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The contract's lists of fields agree with its schema. */
class EventContractTest {
  private static List<String> numeric(StructType t) {
    return Arrays.stream(t.fields()).filter(f -> f.dataType() instanceof NumericType).map(f -> f.name()).toList();
  }

  @Test
  void theNumberFieldsAreTheSchemasNumbers() {
    assertEquals(numeric(EventContract.SCHEMA), EventContract.NUMBER_FIELDS);
    assertEquals(numeric(EventContract.ORDER_LINE), EventContract.LINE_NUMBER_FIELDS);
  }
}
