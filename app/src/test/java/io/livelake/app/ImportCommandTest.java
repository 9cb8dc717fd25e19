package io.livelake.app;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;
import static org.junit.jupiter.api.Assertions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.testing.IntegrationTest;
import io.livelake.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * `livelake import` of each format's hand-written fixture (src/test/resources/import) through the file
 * ingestion. The tests share one lake (creating its tables is most of a first run's time) and tell their
 * events apart by platform; each import has a pipeline of its own, so none sees another's state.
 */
@IntegrationTest
class ImportCommandTest {
  private static final Path FIXTURES = Path.of("src/test/resources/import");
  private static final Path LAKE = TestSpark.newDir("import");
  /**
   * The OBT rows by type of the Tianchi fixture, UserBehavior.csv: each test that imports it compares with these. The
   * 7 rows that convert are 4 visits (a user's events in one category-hour room), each an enter_room, and a leave_room
   * when it lasts: user 1's lines 1, 3, 4 (3 minutes) and line 2 (another category), user 2's lines 5 and 6 (1 minute),
   * user 4's line 9.
   */
  private static final Map<String, Long> TAOBAO_OBT =
      Map.of("product_click", 4L, "cart_add", 1L, "order_paid", 1L, "follow", 1L, "enter_room", 4L, "leave_room", 2L);

  @Test
  void taobaoUserBehaviorIsMappedPerBehaviorInCategoryHourRooms() {
    CliRun run = importing("--format", "taobao-user-behavior", "--input", FIXTURES.resolve("UserBehavior.csv").toString(),
        "--unit-price", "25");
    assertEquals("""
        import taobao-user-behavior: 10 rows read from 1 file; 4 visits made for their rooms (enter_room and leave_room events, docs/import.md)
        ingested 16 records: 13 to silver.events_obt, 3 quarantined, 0 duplicates removed (T)
        dimensions: silver.dim_sessions 4 rows, silver.dim_products 3 rows
        quarantined by reason: schema_violation 3
          UserBehavior.csv:7 schema_violation: behavior must be pv, fav, cart or buy: 'like'
          UserBehavior.csv:8 schema_violation: timestamp is not an integer: '[phone]'
          UserBehavior.csv:10 schema_violation: expected 5 fields, got 4
        """, timeless(run.out()));
    Path staging = stagingOf(run, "deleted from");
    assertFalse(Files.exists(staging), "the staged records, raw user ids and all, are not kept in the lake");
    // Line 9 is 26 minutes older than line 1: in file order it would be late; staged in time order it lands.
    assertEquals(TAOBAO_OBT, obt("taobao"));
    assertEquals(List.of("taobao-c2520377-2017112423", "taobao-c2520377-2017112500", "taobao-c2520377-2017112501",
        "taobao-c2520771-2017112500"), sessions("taobao"));
    Row order = lake().read(Tables.EVENTS_OBT).where("event_type = 'order_paid' AND platform = 'taobao'")
        .select("order_id", "amount", "currency", "session_id", "anchor_id").first();
    assertEquals("taobao-1-2268318-1511568180", order.getString(0));
    assertEquals(25.0, order.getDouble(1));
    assertEquals("CNY", order.getString(2));
    assertEquals("taobao-c2520377-2017112500", order.getString(3));
    assertEquals("taobao-c2520377", order.getString(4));
    // Each visit from its first event to its last: user 1 watched the room of 00:00 for 3 minutes (lines 1 to 4).
    String visit = "taobao:UserBehavior.csv:";
    assertEquals(List.of(
            "taobao-c2520377-2017112423 enter_room 2017-11-24 23:26:40 " + visit + "9:enter_room",
            "taobao-c2520377-2017112500 enter_room 2017-11-25 00:00:00 " + visit + "1:enter_room",
            "taobao-c2520377-2017112500 leave_room 2017-11-25 00:03:00 " + visit + "4:leave_room",
            "taobao-c2520377-2017112501 enter_room 2017-11-25 01:00:00 " + visit + "5:enter_room",
            "taobao-c2520377-2017112501 leave_room 2017-11-25 01:01:00 " + visit + "6:leave_room",
            "taobao-c2520771-2017112500 enter_room 2017-11-25 00:01:00 " + visit + "2:enter_room"),
        lake().read(Tables.EVENTS_OBT).where("platform = 'taobao' AND event_type IN ('enter_room', 'leave_room')")
            .orderBy("session_id", "event_time", "event_type")
            .selectExpr("concat_ws(' ', session_id, event_type, CAST(event_time AS STRING), event_id)")
            .as(Encoders.STRING()).collectAsList());
  }

  /**
   * The same log as published compressed, with a byte-order mark and a line that is not UTF-8, under a
   * platform of its own. The bad line stops the import, naming --encoding; with --encoding UTF-8 the same events
   * land, the bad line is one more quarantined row, and --show lists only as many rows as asked. A truncated copy
   * stops the import with one line naming the file.
   */
  @Test
  void aGzippedLogWithABomAndBadBytesImportsLikeThePlainOne() throws Exception {
    Path dir = TestSpark.newDir("import-gz");
    Path gz = dir.resolve("UserBehavior.csv.gz");
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (var out = new java.util.zip.GZIPOutputStream(bytes)) {
      out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
      out.write(Files.readAllBytes(FIXTURES.resolve("UserBehavior.csv")));
      out.write(new byte[] {'6', ',', '2', ',', '3', ',', 'p', 'v', ',', '1', '5', (byte) 0xFF, '1', '\n'});
    }
    Files.write(gz, bytes.toByteArray());
    CliRun stopped = CliRun.of("--lake", LAKE.toString(), "import", "--format", "taobao-user-behavior", "--input",
        gz.toString(), "--unit-price", "25", "--platform", "taobao-gz");
    assertEquals(2, stopped.code(), stopped.err());
    assertTrue(stopped.err().endsWith("livelake: import: " + gz + ": line 11 has bytes that are not UTF-8 (column 12 "
        + "reads as U+FFFD): the file is in another encoding. Give it with --encoding (windows-1252 for a CSV saved by "
        + "Excel on Windows, ISO-8859-1 for Latin-1), or --encoding UTF-8 to read such bytes as U+FFFD, each row "
        + "judged on its own; nothing was imported\n"), stopped.err());
    assertEquals(Map.of(), obt("taobao-gz"));
    CliRun run = importing("--format", "taobao-user-behavior", "--input", gz.toString(), "--unit-price", "25",
        "--platform", "taobao-gz", "--show", "1", "--encoding", "UTF-8");
    List<String> lines = timeless(run.out()).lines().toList();
    assertEquals(List.of(
        "import taobao-user-behavior: 11 rows read from 1 file; 4 visits made for their rooms (enter_room and leave_room events, docs/import.md)",
        "ingested 17 records: 13 to silver.events_obt, 4 quarantined, 0 duplicates removed (T)",
        "dimensions: silver.dim_sessions 4 rows, silver.dim_products 3 rows",
        "quarantined by reason: schema_violation 4",
        "  UserBehavior.csv.gz:7 schema_violation: behavior must be pv, fav, cart or buy: 'like'"), lines.subList(0, 5));
    assertTrue(lines.get(5).startsWith("  ... and 3 more (bronze.quarantine, source_file under "), lines.get(5));
    assertEquals(6, lines.size(), run.out());
    assertEquals(TAOBAO_OBT, obt("taobao-gz"));
    assertEquals(1L, lake().read(Tables.QUARANTINE).where(col("payload").contains("15\uFFFD1")).count(),
        "the line with the bad byte is kept, the byte as U+FFFD");

    // The same bytes again, under their name or another, are refused before anything is staged; --again imports them.
    CliRun twice = CliRun.of("--lake", LAKE.toString(), "import", "--format", "taobao-user-behavior", "--input",
        gz.toString(), "--platform", "taobao-twice");
    assertEquals(2, twice.code());
    assertTrue(twice.err().matches("livelake: import: \\Q" + gz.toAbsolutePath() + "\\E was imported at \\S+Z "
        + "\\(run \\d{8}-\\d{6}-\\d{3}-taobao-user-behavior\\): importing it again would add its events twice; pass --again "
        + "to import it anyway\n"), twice.err());
    Path copy = Files.copy(gz, dir.resolve("copy.csv.gz"));
    CliRun same = CliRun.of("--lake", LAKE.toString(), "import", "--format", "taobao-user-behavior", "--input",
        copy.toString(), "--platform", "taobao-twice");
    assertTrue(same.err().startsWith("livelake: import: " + copy.toAbsolutePath() + " has the same content as "
        + gz.toAbsolutePath() + ", imported at "), same.err());
    assertEquals(Map.of(), obt("taobao-twice"));
    CliRun kept = importing("--format", "taobao-user-behavior", "--input", copy.toString(), "--unit-price", "25",
        "--platform", "taobao-twice", "--again", "--keep-staging", "--encoding", "UTF-8");
    assertEquals(TAOBAO_OBT, obt("taobao-twice"));
    assertTrue(Files.readString(stagingOf(kept, "kept in").resolve("events/copy.csv.gz.jsonl")).contains("\"user_id\":\"1\""),
        "--keep-staging keeps them, as staged");

    Path cut = dir.resolve("cut").resolve("UserBehavior.csv.gz");
    Files.createDirectories(cut.getParent());
    Files.write(cut, java.util.Arrays.copyOf(bytes.toByteArray(), bytes.size() - 20));
    CliRun truncated = CliRun.of("--lake", LAKE.toString(), "import", "--format", "taobao-user-behavior", "--input",
        cut.toString(), "--platform", "taobao-cut");
    assertEquals(2, truncated.code());
    // Decompression runs ahead of the lines read, so a file this small fails before its first line.
    assertEquals("livelake: import: " + cut + ": cannot be read (Unexpected end of ZLIB input stream); nothing was "
        + "imported", truncated.err().strip().lines().reduce((a, b) -> b).orElseThrow(), truncated.err());
    assertEquals(Map.of(), obt("taobao-cut"));
  }

  @Test
  void rees46KeepsQuotedCommasAndPutsEachVisitInARoom() {
    CliRun run = importing("--format", "rees46", "--input", FIXTURES.resolve("2019-Oct.csv").toString());
    assertEquals("""
        import rees46: 8 rows read from 1 file; 3 visits made for their rooms (enter_room and leave_room events, docs/import.md)
        ingested 13 records: 9 to silver.events_obt, 4 quarantined, 0 duplicates removed (T)
        dimensions: silver.dim_sessions 4 rows, silver.dim_products 5 rows
        quarantined by reason: schema_violation 3, invalid_order_line 1
          2019-Oct.csv:6 invalid_order_line: field lines[0].price: must be positive, got 0.0
          2019-Oct.csv:7 schema_violation: event_time is not like yyyy-MM-dd HH:mm:ss UTC or yyyy-MM-dd HH:mm:ss+00:00: '2019-10-01T00:02:00Z'
          2019-Oct.csv:8 schema_violation: missing field user_id
          2019-Oct.csv:9 schema_violation: not CSV: a quoted field is not closed
        """, timeless(run.out()));
    // Lines 2, 3-4 and 5-6 are three users' visits (the last two last, so they have a leave_room); line 8 has no
    // user, so it is no one's visit.
    assertEquals(Map.of("product_click", 1L, "cart_add", 1L, "cart_remove", 1L, "order_paid", 1L, "enter_room", 3L,
        "leave_room", 2L), obt("rees46"));
    assertEquals(List.of("rees46-566511c2-e2e3-422b-b695-cf8e6e792ca8", "rees46-72d76fde-8bb3-4e00-8c23-a032dfed738c",
        "rees46-9333dfbd-b87a-4708-9857-6336556b0fcc", "rees46-c6bd7419-2748-4c56-95b4-8cec9ff8b80d"), sessions("rees46"));
    Row sofa = lake().read(Tables.DIM_PRODUCTS).where("product_id = '17200506'").select("category", "product_name").first();
    assertEquals(List.of("furniture.living_room,sofa", "brand \"x\""), List.of(sofa.get(0), sofa.get(1)));
    Row order = lake().read(Tables.EVENTS_OBT).where("platform = 'rees46' AND event_type = 'order_paid'")
        .select("order_id", "amount", "currency").first();
    // The visit's order (its priced purchase; the one at 0 is an order of its own, quarantined above).
    assertEquals("[rees46:566511c2-e2e3-422b-b695-cf8e6e792ca8,543.1,USD]", order.toString());
  }

  @Test
  void onlineRetailGroupsInvoicesRefundsCancellationsAndQuarantinesMissingCustomers() {
    // GBP has no rate by default: without this setting every order would be quarantined as unknown_currency.
    CliRun run = CliRun.of("--lake", LAKE.toString(), "--set", "reporting.fx.rates=CNY:1,USD:7.1,GBP:9.1", "import",
        "--format", "online-retail", "--input", FIXTURES.resolve("OnlineRetail.csv").toString(),
        "--time-zone", "Asia/Shanghai");
    assertEquals(0, run.code(), run.err());
    assertEquals("""
        import online-retail: 8 rows read from 1 file
        ingested 6 records: 3 to silver.events_obt, 3 quarantined, 0 duplicates removed (T)
        dimensions: silver.dim_products 7 rows
        quarantined by reason: schema_violation 2, invalid_order_line 1
          OnlineRetail.csv:6 invalid_order_line: field lines[0].price: must be positive, got 0.0
          OnlineRetail.csv:7-8 schema_violation: missing field user_id
          OnlineRetail.csv:9 schema_violation: Quantity is not an integer: 'two'
        """, timeless(run.out()));
    assertEquals(Map.of("order_paid", 2L, "order_refunded", 1L), obt("online-retail"));
    List<Row> orders = lake().read(Tables.EVENTS_OBT).where("platform = 'online-retail'").orderBy("order_id")
        .select(col("order_id"), col("event_type"), col("amount"), col("currency"), size(col("order_lines")),
            col("event_time").cast("string"), col("session_id"))
        .collectAsList();
    assertEquals("[[536365,order_paid,35.64,GBP,2,2010-12-01 00:26:00,null], "
        + "[536366,order_paid,11.1,GBP,1,2010-12-01 00:28:00,null], "
        + "[536379,order_refunded,27.5,GBP,1,2010-12-01 01:41:00,null]]", orders.toString());
  }

  /**
   * Real rows of Online Retail II (its own header, ISO dates, customers as decimals): the invoice 489461, whose rows
   * have two of 489462 between them, is one order of both its rows' goods, not two orders of one number.
   */
  @Test
  void onlineRetailIIIsReadInItsOwnLayoutAndAnInvoiceSplitByAnotherIsOneOrder() {
    CliRun run = CliRun.of("--lake", LAKE.toString(), "--set", "reporting.fx.rates=CNY:1,USD:7.1,GBP:9.1", "import",
        "--format", "online-retail", "--input", FIXTURES.resolve("online_retail_II.csv").toString(),
        "--platform", "online-retail-ii");
    assertEquals(0, run.code(), run.err());
    assertEquals("""
        import online-retail: 11 rows read from 1 file
        ingested 5 records: 4 to silver.events_obt, 1 quarantined, 0 duplicates removed (T)
        dimensions: silver.dim_products 11 rows
        quarantined by reason: schema_violation 1
          online_retail_II.csv:12 schema_violation: missing field user_id
        """, timeless(run.out()));
    List<Row> orders = lake().read(Tables.EVENTS_OBT).where("platform = 'online-retail-ii'").orderBy("order_id")
        .select(col("order_id"), col("event_type"), col("amount"), size(col("order_lines")),
            col("event_time").cast("string"))
        .collectAsList();
    assertEquals("[[489434,order_paid,265.2,3,2009-12-01 07:45:00], [489449,order_refunded,45.3,2,2009-12-01 10:33:00], "
        + "[489461,order_paid,44.25,3,2009-12-01 10:49:00], [489462,order_paid,25.5,2,2009-12-01 10:49:00]]",
        orders.toString());
  }

  /**
   * The file ingestion reads a file whole up to ingest.max.file.bytes: converted records are staged in parts well
   * inside it, in event-time order across the parts, and a jsonl file over it (staged as it is) is refused.
   */
  @Test
  void stagedRecordsComeInPartsTheFileIngestionCanReadAndAJsonlFileOverTheBoundIsRefused() throws Exception {
    TestSpark.session();
    CliRun run = CliRun.of("--lake", LAKE.toString(), "--set", "ingest.max.file.bytes=1024", "import", "--format",
        "taobao-user-behavior", "--input", FIXTURES.resolve("UserBehavior.csv").toString(), "--unit-price", "25",
        "--platform", "taobao-parts", "--keep-staging", "--again");
    assertEquals(0, run.code(), run.err());
    assertTrue(timeless(run.out()).startsWith("""
        import taobao-user-behavior: 10 rows read from 1 file; 4 visits made for their rooms (enter_room and leave_room events, docs/import.md)
        ingested 16 records: 13 to silver.events_obt, 3 quarantined, 0 duplicates removed (T)
        """), run.out());
    Path staging = stagingOf(run, "kept in");
    List<Path> parts;
    try (java.util.stream.Stream<Path> files = Files.list(staging.resolve("events"))) {
      parts = files.sorted().toList();
    }
    assertTrue(parts.size() > 2, parts.toString());
    for (Path part : parts) assertTrue(Files.size(part) > 0 && Files.size(part) <= 1024, part + " " + Files.size(part));
    // Line 9, 26 minutes before line 1, still lands: the parts keep the time order the file ingestion reads in.
    assertEquals(TAOBAO_OBT, obt("taobao-parts"));

    Path dir = TestSpark.newDir("import-bound");
    String events = Files.readString(FIXTURES.resolve("events.jsonl"));
    Path big = Files.writeString(dir.resolve("big.jsonl"), events + events);
    List<String> before = importRuns();
    CliRun refused = CliRun.of("--lake", LAKE.toString(), "--set", "ingest.max.file.bytes=1024", "import", "--format",
        "jsonl", "--input", big.toString());
    assertEquals(2, refused.code(), refused.err());
    assertEquals("livelake: import: big.jsonl holds more than ingest.max.file.bytes = 1,024 bytes, which the file "
        + "ingestion reads whole and a jsonl file is staged as it is: split it into smaller files (e.g. split -l "
        + "1000000); nothing was ingested", refused.err().lines().reduce((a, b) -> b).orElseThrow());
    assertEquals(before, importRuns(), "the refused run's staging is removed");
  }

  private static List<String> importRuns() throws java.io.IOException {
    try (java.util.stream.Stream<Path> runs = Files.list(LAKE.resolve("_import"))) {
      return runs.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /**
   * A directory of logs in subdirectories (as monthly dumps are kept): every file is imported, named by its path
   * under the input, so two files of one name stay apart; a hidden directory is skipped. Before, only the input's
   * top level was read: this input "held no file", and one beside a top-level file was skipped unsaid.
   */
  @Test
  void filesInSubdirectoriesAreImportedUnderTheirPaths() throws Exception {
    Path dir = TestSpark.newDir("import-nested");
    String log = Files.readString(FIXTURES.resolve("UserBehavior.csv"));
    // Each month's users are others (81, 82, ... and 91, 92, ...), so no file is the fixture another test imports;
    // the second month is 30 days later (at the same times its events would be late after the first month's).
    for (var f : Map.of("2017/11/UserBehavior.csv", log.replaceAll("(?m)^(\\d)", "8$1"),
        "2017/12/UserBehavior.csv", log.replaceAll("(?m)^(\\d)", "9$1").replace(",15115", ",15141"),
        ".old/UserBehavior.csv", log).entrySet()) {
      Files.createDirectories(dir.resolve(f.getKey()).getParent());
      Files.writeString(dir.resolve(f.getKey()), f.getValue());
    }
    CliRun run = importing("--format", "taobao-user-behavior", "--input", dir.toString(), "--unit-price", "25",
        "--platform", "taobao-nested", "--show", "6");
    List<String> lines = timeless(run.out()).lines().toList();
    assertEquals("import taobao-user-behavior: 20 rows read from 2 files; 8 visits made for their rooms (enter_room and "
        + "leave_room events, docs/import.md)", lines.get(0));
    assertEquals("ingested 32 records: 26 to silver.events_obt, 6 quarantined, 0 duplicates removed (T)", lines.get(1));
    assertEquals("quarantined by reason: schema_violation 6", lines.get(3));
    assertEquals(List.of(
        "  2017/11/UserBehavior.csv:7 schema_violation: behavior must be pv, fav, cart or buy: 'like'",
        "  2017/11/UserBehavior.csv:8 schema_violation: timestamp is not an integer: '[phone]'",
        "  2017/11/UserBehavior.csv:10 schema_violation: expected 5 fields, got 4",
        "  2017/12/UserBehavior.csv:7 schema_violation: behavior must be pv, fav, cart or buy: 'like'",
        "  2017/12/UserBehavior.csv:8 schema_violation: timestamp is not an integer: '[phone]'",
        "  2017/12/UserBehavior.csv:10 schema_violation: expected 5 fields, got 4"), lines.subList(4, 10));
    Map<String, Long> twice = new TreeMap<>();
    TAOBAO_OBT.forEach((type, n) -> twice.put(type, 2 * n));
    assertEquals(twice, obt("taobao-nested"), "each month's events are the fixture's");
  }

  @Test
  void jsonlIsTheFileIngestionItself() {
    CliRun run = importing("--format", "jsonl", "--input", FIXTURES.resolve("events.jsonl").toString());
    assertEquals("""
        import jsonl: 4 rows read from 1 file
        ingested 4 records: 2 to silver.events_obt, 1 quarantined, 1 duplicates removed (T)
        quarantined by reason: malformed_json 1
          events.jsonl:2 malformed_json: payload is not valid JSON: Unexpected end-of-input within/between Object \
        entries (line 1, column 113)
        """, timeless(run.out()));
    assertEquals(Map.of("product_click", 1L, "like", 1L), obt("douyin"));
  }

  @Test
  void optionsThatDoNotFitTheFormatAreRefusedBeforeAnythingIsStaged() {
    CliRun rule = CliRun.of("--lake", LAKE.toString(), "import", "--format", "taobao-user-behavior", "--input",
        FIXTURES.resolve("UserBehavior.csv").toString(), "--session-rule", "user-session");
    assertEquals(2, rule.code());
    assertEquals("livelake: --session-rule for taobao-user-behavior must be one of category-hour, category-day, "
        + "got 'user-session'\n", rule.err());
    CliRun zone = CliRun.of("--lake", LAKE.toString(), "import", "--format", "rees46", "--input",
        FIXTURES.resolve("2019-Oct.csv").toString(), "--time-zone", "UTC");
    assertEquals("livelake: --time-zone does not apply to --format rees46\n", zone.err());
    CliRun header = CliRun.of("--lake", LAKE.toString(), "import", "--format", "online-retail", "--input",
        FIXTURES.resolve("2019-Oct.csv").toString());
    assertEquals(2, header.code());
    assertTrue(header.err().startsWith("livelake: import: " + FIXTURES.resolve("2019-Oct.csv")
        + ": line 1: the header must name the columns InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,"
        + "CustomerID,Country or Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country (each "
        + "once; others are not read), got 'event_time,"),
        header.err());
  }

  @Test
  void aCurrencyWithoutARateIsRefusedBeforeAnythingIsStaged() throws Exception {
    long runsBefore = stagingRuns();
    CliRun gbp = CliRun.of("--lake", LAKE.toString(), "import", "--format", "online-retail", "--input",
        FIXTURES.resolve("OnlineRetail.csv").toString());
    assertEquals(2, gbp.code(), gbp.err());
    assertEquals("livelake: import: currency 'GBP' has no rate in reporting.fx.rates, so the amount cannot be converted "
        + "into CNY (reporting.fx.rates has rates for CNY, EUR, IDR, USD); every amount of the import would be "
        + "quarantined as unknown_currency. Add its rate (CNY per unit of GBP) to the whole list, e.g. --set "
        + "reporting.fx.rates=CNY:1,USD:7.1,EUR:7.7,IDR:0.00045,GBP:<rate>, or give the prices' --currency; nothing "
        + "was imported\n", gbp.err());
    CliRun lower = CliRun.of("--lake", LAKE.toString(), "import", "--format", "rees46", "--currency", "usd", "--input",
        FIXTURES.resolve("2019-Oct.csv").toString());
    assertEquals(2, lower.code(), lower.err());
    assertTrue(lower.err().contains("(reporting.fx.rates has rates for CNY, EUR, IDR, USD; codes are upper case: USD)"),
        lower.err());
    assertEquals(runsBefore, stagingRuns(), "no run was staged");
  }

  /** How many import runs the test lake's staging directory holds. */
  private static long stagingRuns() throws IOException {
    Path imports = LAKE.resolve("_import");
    if (!Files.isDirectory(imports)) return 0;
    try (var runs = Files.list(imports)) {
      return runs.count();
    }
  }

  /** The staging directory a run's last line on stderr names, after {@code "import: staged records " + verb}. */
  private static Path stagingOf(CliRun run, String verb) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("import: staged records " + verb + " (\\S+) \\(")
        .matcher(run.err());
    assertTrue(m.find(), run.err());
    return Path.of(m.group(1));
  }

  private static CliRun importing(String... args) {
    TestSpark.session();
    String[] all = new String[args.length + 3];
    all[0] = "--lake";
    all[1] = LAKE.toString();
    all[2] = "import";
    System.arraycopy(args, 0, all, 3, args.length);
    CliRun run = CliRun.of(all);
    assertEquals(0, run.code(), run.err());
    return run;
  }

  /** The summary without the run's duration. */
  private static String timeless(String out) { return out.replaceAll("\\(\\d+\\.\\d s\\)", "(T)"); }

  private static Lake lake() { return TestSpark.lake(LAKE); }

  /** Events of {@code platform} in the OBT per type. */
  private static Map<String, Long> obt(String platform) {
    Map<String, Long> n = new TreeMap<>();
    for (Row r : lake().read(Tables.EVENTS_OBT).where(col("platform").equalTo(platform)).groupBy("event_type").count()
        .collectAsList()) {
      n.put(r.getString(0), r.getLong(1));
    }
    return n;
  }

  private static List<String> sessions(String platform) {
    return lake().read(Tables.DIM_SESSIONS).where(col("platform").equalTo(platform)).orderBy("session_id")
        .select("session_id").as(Encoders.STRING()).collectAsList();
  }
}
