package io.livelake.privacy;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.testing.TestSpark;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

class ErasedPeopleTest {
  private static final String ALICE = "p" + "a".repeat(24);
  private static final String BOB = "p" + "0123456789abcdef01234567";
  private static final String CAROL = "p" + "c".repeat(24);
  private static final long T = 1_767_225_600_000L;

  @Test
  void aRecordIsCoveredWhenItsPayloadCarriesAnErasedPseudonymAndItsTimeIsNotAfterTheLatestErasure() {
    Lake lake = TestSpark.newLake("erased-people");
    assertTrue(ErasedPeople.read(lake).isEmpty(), "no erasure log: no one erased");
    log(lake, "x1", ALICE, T);
    log(lake, "x2", BOB, T);
    log(lake, "x3", ALICE, T + 60_000);  // erased again, later: the later erasure covers more
    ErasedPeople erased = ErasedPeople.read(lake);
    assertEquals(2, erased.size());

    String alice = "{\"event_id\":\"e1\",\"user_id\":\"" + ALICE + "\"}";
    assertEquals("x3", erased.covering(alice, T + 60_000).erasureId());
    assertNull(erased.covering(alice, T + 60_001), "what the person does after the erasure is theirs to keep");
    assertEquals("x2", erased.covering("{\"user_id\":\"" + BOB + "\"}", T - 1).erasureId());
    assertEquals("x2", erased.covering("{\"broken\" \"" + BOB, null).erasureId(), "a cut record, time unknown");
    assertNull(erased.covering("{\"user_id\":\"" + CAROL + "\"}", T), "not erased");
    assertNull(erased.covering("{\"user_id\":\"" + BOB.substring(0, 20) + "\"}", null), "a pseudonym cut short");
    assertNull(erased.covering("{\"note\":\"x" + ALICE + "\"}", null), "a pseudonym starts a quoted value");
    assertNull(erased.covering(null, null));
    assertTrue(erased.covering("{\"user_id\":\"" + CAROL + "\",\"friend\":\"" + BOB + "\"}", T).detail()
        .startsWith("a record of a person erased at 2026-01-01T00:00:00Z (erasure x2"), "any person named");
    // Hostile: a payload of nothing but near-pseudonyms is read once.
    assertNull(erased.covering("\"p".repeat(1_000_000) + "\"pqqq", null));
  }

  private static void log(Lake lake, String id, String pseudonym, long erasedAtMs) {
    lake.ensure(Tables.ERASURE_LOG);
    Row row = RowFactory.create(id, pseudonym, new Timestamp(erasedAtMs), new String[0], null, false, null, null, "test");
    lake.spark().createDataFrame(List.of(row), Tables.ERASURE_LOG.schema()).write().format("delta").mode("append")
        .save(lake.path(Tables.ERASURE_LOG));
  }
}
