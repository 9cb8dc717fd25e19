package io.livelake.app;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livelake.catalog.Lake;
import io.livelake.catalog.LakeLock;
import io.livelake.catalog.TableDef;
import io.livelake.catalog.Tables;
import io.livelake.privacy.Pseudonymizer;
import io.livelake.spark.LakePaths;
import io.livelake.testing.IntegrationTest;
import io.livelake.testing.TestSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;

/** export-user and erase as a person's request arrives: by their raw id, pseudonymized as ingestion does. */
@IntegrationTest
class PrivacyCommandsTest {
  private static final String KEY = "0123456789abcdef0123456789abcdef";
  private static final String ALICE_RAW = "alice-7731";
  private static final String BOB_RAW = "bob-1200";

  @Test
  void exportsEveryRowOfThePersonThenErasesThemWithOneAuditRow() throws Exception {
    Path dir = TestSpark.newDir("privacy-cli");
    Path lakeDir = lakeWithDemoKey(dir);
    Pseudonymizer pseudonymizer = new Pseudonymizer(KEY.getBytes(StandardCharsets.UTF_8));
    String alice = pseudonymizer.pseudonym(ALICE_RAW);
    String bob = pseudonymizer.pseudonym(BOB_RAW);
    Lake lake = TestSpark.lake(lakeDir);
    insert(lake, Tables.EVENTS_RAW,
        Map.of("payload", "{\"event_id\":\"r1\",\"user_id\":\"" + alice + "\"}", "ingest_time", ts("2024-05-01T10:00:01Z")),
        Map.of("payload", "{\"event_id\":\"r2\",\"user_id\":\"" + bob + "\"}", "ingest_time", ts("2024-05-01T10:00:02Z")));
    insert(lake, Tables.QUARANTINE,
        Map.of("reason", "late", "user_id", alice, "payload", "{}", "event_time", ts("2024-04-30T23:59:59.123456Z")),
        Map.of("reason", "late", "user_id", bob, "payload", "{}"));
    insert(lake, Tables.EVENTS_OBT,
        Map.of("event_id", "e1", "user_id", alice, "event_time", ts("2024-05-01T10:00:00Z"), "session_id", "S1"),
        Map.of("event_id", "e2", "user_id", alice, "event_time", ts("2024-05-01T10:05:00Z"), "session_id", "S1"),
        Map.of("event_id", "e3", "user_id", bob, "event_time", ts("2024-05-01T10:06:00Z"), "session_id", "S1"));
    insert(lake, Tables.USER_STICKINESS, Map.of("user_id", alice, "purchases", 2L), Map.of("user_id", bob, "purchases", 1L));
    insert(lake, Tables.USER_SEGMENTS, Map.of("user_id", alice, "segment", 1, "description", "frequent high-value buyers"));
    insert(lake, Tables.RECOMMENDATIONS,
        Map.of("user_id", alice, "method", "als", "rank", 1, "product_id", "P7"),
        Map.of("user_id", alice, "method", "als", "rank", 2, "product_id", "P3"),
        Map.of("user_id", bob, "method", "als", "rank", 1, "product_id", "P7"));

    Path file = dir.resolve("alice.json");
    CliRun export = CliRun.of("--lake", lakeDir.toString(), "export-user", "--user", ALICE_RAW, "--out", file.toString());

    assertEquals(0, export.code(), export.err());
    assertEquals("export-user: pseudonym " + alice + ", 8 rows written to " + file + "\n"
        + "bronze.events_raw                     1\n"
        + "bronze.quarantine                     1\n"
        + "silver.events_obt                     2\n"
        + "gold.user_stickiness                  1\n"
        + "gold.user_segments                    1\n"
        + "gold.recommendations                  2\n", export.out());
    assertTrue(export.err().contains("export-user: searching silver.events_obt\n"), export.err());
    String text = Files.readString(file);
    assertFalse(text.contains(bob), "none of another person's rows");
    assertFalse(text.contains(ALICE_RAW), "the raw id is nowhere");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    JsonNode json = new ObjectMapper().readTree(text);
    assertEquals(List.of("bronze.events_raw", "bronze.quarantine", "silver.events_obt", "gold.user_stickiness",
        "gold.user_segments", "gold.recommendations"), names(json.fieldNames()));
    assertEquals("{\"event_id\":\"r1\",\"user_id\":\"" + alice + "\"}", json.at("/bronze.events_raw/0/payload").asText());
    assertEquals("2024-05-01T10:00:01.000000Z", json.at("/bronze.events_raw/0/ingest_time").asText());
    assertEquals("2024-04-30T23:59:59.123456Z", json.at("/bronze.quarantine/0/event_time").asText());
    JsonNode obt = json.get("silver.events_obt");
    assertEquals(2, obt.size());
    assertEquals("e1", obt.get(0).get("event_id").asText());
    assertEquals("2024-05-01T10:00:00.000000Z", obt.get(0).get("event_time").asText());
    assertEquals("e2", obt.get(1).get("event_id").asText());
    assertEquals(alice, obt.get(1).get("user_id").asText());
    assertEquals(names(Tables.EVENTS_OBT.schema().fieldNames()), names(obt.get(0).fieldNames()), "every column, nulls too");
    assertTrue(obt.get(0).get("text").isNull());
    assertEquals(2, json.at("/gold.user_stickiness/0/purchases").asLong());
    assertEquals("frequent high-value buyers", json.at("/gold.user_segments/0/description").asText());
    assertEquals("P7", json.at("/gold.recommendations/0/product_id").asText());
    assertEquals("P3", json.at("/gold.recommendations/1/product_id").asText());

    CliRun erase = CliRun.of("--lake", lakeDir.toString(), "erase", "--user", ALICE_RAW);

    assertEquals(0, erase.code(), erase.err());
    Row log = lake.read(Tables.ERASURE_LOG).first();
    assertEquals("erased 1 row from bronze.events_raw (payload emptied; where it came from kept, so that no recovery "
        + "reads it again)\n"
        + "erased 1 row from bronze.quarantine\n"
        + "erased 2 rows from silver.events_obt\n"
        + "erased 1 row from gold.user_stickiness\n"
        + "erased 1 row from gold.user_segments\n"
        + "erased 2 rows from gold.recommendations\n"
        + "the deleted rows stay in Delta time travel until VACUUM; run again with --vacuum to remove them now\n"
        + "recorded as erasure " + log.getAs("erasure_id") + " in ops.erasure_log: the ingestion keeps out the records "
        + "of " + alice + " it receives from now on with an event time before now\n", erase.out());
    assertEquals(1, lake.read(Tables.ERASURE_LOG).count());
    assertEquals(alice, log.getAs("pseudonym"));
    assertEquals(Map.of("bronze.events_raw", 1L, "bronze.quarantine", 1L, "silver.events_obt", 2L,
        "gold.user_stickiness", 1L, "gold.user_segments", 1L, "gold.recommendations", 2L),
        log.getJavaMap(log.fieldIndex("rows_removed")));
    String logJson = lake.read(Tables.ERASURE_LOG).toJSON().first();
    assertFalse(logJson.contains(ALICE_RAW), logJson);
    assertFalse(erase.out().contains(ALICE_RAW) || erase.err().contains(ALICE_RAW), "nor in what erase prints");
    assertEquals(List.of("e3"), lake.read(Tables.EVENTS_OBT).select("event_id").as(Encoders.STRING()).collectAsList());

    CliRun tables = CliRun.of("--lake", lakeDir.toString(), "tables");
    assertTrue(tables.out().contains("\nops.erasure_log                           1  One row per erasure"), tables.out());

    CliRun again = CliRun.of("--lake", lakeDir.toString(), "export-user", "--user", ALICE_RAW, "--out", file.toString());
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().startsWith("export-user: pseudonym " + alice + ", 0 rows written to "), again.out());
    assertEquals("{\n  \"bronze.events_raw\": [],\n  \"bronze.quarantine\": [],\n  \"silver.events_obt\": [],\n"
        + "  \"gold.user_stickiness\": [],\n  \"gold.user_segments\": [],\n  \"gold.recommendations\": []\n}\n",
        Files.readString(file));
  }

  @Test
  void badInputsStopWithOneLineNamingThem() {
    Path dir = TestSpark.newDir("privacy-cli-bad");
    CliRun noDir = CliRun.of("--lake", dir.toString(), "export-user", "--user", "x", "--out", dir + "/no/such/x.json");
    assertEquals(2, noDir.code());
    assertEquals("livelake: --out " + dir + "/no/such/x.json: directory " + dir + "/no/such does not exist\n", noDir.err());

    CliRun noLake = CliRun.of("--lake", dir.resolve("nothing").toString(), "erase", "--user", "x");
    assertEquals(2, noLake.code());
    assertEquals("livelake: lake " + dir.resolve("nothing").toUri().toString().replaceAll("/$", "")
        + " (from --lake) does not exist: no lake there yet (ingest, dimensions or demo create it)\n", noLake.err());
    assertFalse(Files.exists(dir.resolve("nothing")), "nor is it made, not even for a demo key");

    // No event with an empty user id is ingested, so erasing or exporting one would only log a person who is none.
    for (String command : List.of("erase", "export-user")) {
      CliRun blank = CliRun.of("--lake", dir.toString(), command, "--user", " ");
      assertEquals(2, blank.code());
      assertEquals("livelake: --user must not be empty: the ingestion refuses events with an empty user_id\n", blank.err());
    }
    CliRun typo = CliRun.of("--lake", dir.toString(), "erase", "--pseudonym", "pad3564103c1842cecf03b23");
    assertEquals(2, typo.code());
    assertEquals("livelake: --pseudonym pad3564103c1842cecf03b23: not a pseudonym (p and 24 hex digits, as the tables' "
        + "user_id holds it); give the raw id with --user instead\n", typo.err());
    assertFalse(Files.exists(dir.resolve("_ops")) || Files.exists(dir.resolve("ops")), "no erasure logged");
  }

  @Test
  void eraseWithVacuumIsRefusedWhileTheLakeIsIngestedAndErasesNothing() throws Exception {
    Path lakeDir = lakeWithDemoKey(TestSpark.newDir("privacy-cli-vacuum"));
    String bob = new Pseudonymizer(KEY.getBytes(StandardCharsets.UTF_8)).pseudonym(BOB_RAW);
    Lake lake = TestSpark.lake(lakeDir);
    insert(lake, Tables.EVENTS_OBT, Map.of("event_id", "e1", "user_id", bob));
    LakePaths paths = lake.paths();
    CliRun refused;
    try (LakeLock ingestion = LakeLock.take(paths, "ingest-files", "an ingestion", "pipeline files runs", "wait")) {
      refused = CliRun.of("--lake", lakeDir.toString(), "erase", "--user", BOB_RAW, "--vacuum");
    }
    assertEquals(2, refused.code(), refused.out());
    assertTrue(refused.err().matches("livelake: erase --vacuum: lake " + java.util.regex.Pattern.quote(paths.root())
        + " is being written \\(ingest-files\\) in this process \\(pid \\d+: an ingestion, since \\S+\\): stop that "
        + "process first, or erase without --vacuum now and run erase --vacuum once it has stopped\n"), refused.err());
    assertEquals(1, lake.read(Tables.EVENTS_OBT).count(), "nothing erased");
    assertFalse(lake.exists(Tables.ERASURE_LOG), "nor logged");

    CliRun stopped = CliRun.of("--lake", lakeDir.toString(), "erase", "--user", BOB_RAW, "--vacuum");
    assertEquals(0, stopped.code(), stopped.err());
    assertEquals(0, lake.read(Tables.EVENTS_OBT).count());
  }

  /** {@code dir}/lake with its demo key, as ingestion would have generated it; the CLI pseudonymizes with it. */
  private static Path lakeWithDemoKey(Path dir) throws java.io.IOException {
    Path lakeDir = dir.resolve("lake");
    Files.createDirectories(lakeDir.resolve("_secrets"));
    Files.writeString(lakeDir.resolve("_secrets/demo-hmac.key"), KEY);
    return lakeDir;
  }

  private static List<String> names(Iterator<String> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  private static List<String> names(String[] a) { return List.of(a); }

  @SafeVarargs
  private static void insert(Lake lake, TableDef t, Map<String, Object>... rows) {
    List<Row> out = new ArrayList<>();
    for (Map<String, Object> values : rows) {
      List<Object> v = new ArrayList<>();
      for (StructField f : t.schema().fields()) v.add(values.get(f.name()));
      out.add(RowFactory.create(v.toArray()));
    }
    lake.ensure(t);
    lake.spark().createDataFrame(out, t.schema()).write().format("delta").mode("append").save(lake.path(t));
  }

  private static Timestamp ts(String iso) { return Timestamp.from(Instant.parse(iso)); }
}
