package io.livelake.ingestion.dimensions;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.TableDef;
import io.livelake.catalog.Tables;
import io.livelake.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Dimension files are checked whole before any table is written; every problem is one line naming the file. */
class DimensionLoaderTest {
  private static final List<TableDef> DIMENSIONS = List.of(Tables.DIM_SESSIONS, Tables.DIM_PRODUCTS, Tables.DIM_AD_CAMPAIGNS);
  private static final String SESSION =
      "{\"session_id\":\"s1\",\"anchor_id\":\"a1\",\"anchor_name\":\"Ann\",\"platform\":\"douyin\",\"title\":\"%s\","
          + "\"start_time\":1793491200000,\"end_time\":1793494800000}";
  private static final String PRODUCT =
      "{\"product_id\":\"p1\",\"product_name\":\"Tea\",\"category\":\"food\",\"list_price\":%s,\"currency\":\"CNY\"}";
  private static final String AD = "{\"ad_id\":\"ad1\",\"campaign_id\":\"c1\",\"campaign_name\":\"Spring\",\"product_id\":\"p1\"}";
  private static Lake lake;

  @BeforeAll
  static void loadAGoodDirectory() throws IOException {
    lake = TestSpark.newLake("dimensions");
    Path good = dir("good", String.format(SESSION, "Opening night"), String.format(PRODUCT, "9.5") + "\n\n"
        + String.format(PRODUCT, "8.5").replace("p1", "p2"), AD);
    Map<String, Long> loaded = DimensionLoader.load(lake, good);
    assertEquals(Map.of("silver.dim_sessions", 1L, "silver.dim_products", 2L, "silver.dim_ad_campaigns", 1L), loaded);
  }

  /** A directory with the three files holding {@code sessions}, {@code products}, {@code ads} (null: no file). */
  private static Path dir(String name, String sessions, String products, String ads) throws IOException {
    Path d = TestSpark.newDir(name);
    Map<String, String> files = new LinkedHashMap<>();
    files.put("sessions.jsonl", sessions);
    files.put("products.jsonl", products);
    files.put("ad_campaigns.jsonl", ads);
    for (Map.Entry<String, String> f : files.entrySet()) {
      if (f.getValue() != null) Files.writeString(d.resolve(f.getKey()), f.getValue().isEmpty() ? "" : f.getValue() + "\n");
    }
    return d;
  }

  /** Every dimension table's version and rows. */
  private static Map<String, String> tables() {
    Map<String, String> m = new LinkedHashMap<>();
    for (TableDef t : DIMENSIONS) {
      long version = lake.delta(t).history(1).first().<Long>getAs("version");
      m.put(t.fullName(), "v" + version + " " + lake.read(t).orderBy(t.schema().fieldNames()[0]).collectAsList());
    }
    return m;
  }

  /** Loading {@code d} fails with {@code message} and leaves every dimension table as it was. */
  private static void refused(Path d, String message) {
    Map<String, String> before = tables();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DimensionLoader.load(lake, d));
    assertEquals(message, e.getMessage());
    assertEquals(before, tables(), "no table changed");
  }

  @Test
  void anEmptyFileIsRefusedNamingItBeforeTheOtherFilesAreWritten() throws IOException {
    Path d = dir("empty-ads", String.format(SESSION, "Changed"), String.format(PRODUCT, "1.0"), "");
    refused(d, "dimensions: " + d.resolve("ad_campaigns.jsonl") + " is empty");
    Path blank = dir("blank-ads", String.format(SESSION, "Changed"), null, " \n\n");
    refused(blank, "dimensions: " + blank.resolve("ad_campaigns.jsonl") + " is empty");
  }

  @Test
  void aMalformedLineIsNamedByFileAndLineNumber() throws IOException {
    String session = String.format(SESSION, "Changed");
    Path notJson = dir("not-json", session, String.format(PRODUCT, "1.0") + "\n" + String.format(PRODUCT, "2.0") + "\n{oops", AD);
    refused(notJson, "dimensions: " + notJson.resolve("products.jsonl") + ": line 3: not JSON");
    Path array = dir("array", session, "[1,2]", AD);
    refused(array, "dimensions: " + array.resolve("products.jsonl") + ": line 1: not a JSON object");
    Path noKey = dir("no-key", session, null, AD.replace("\"ad_id\":\"ad1\",", ""));
    refused(noKey, "dimensions: " + noKey.resolve("ad_campaigns.jsonl") + ": line 1: no field ad_id");
    Path emptyKey = dir("empty-key", session.replace("\"s1\"", "\" \""), null, null);
    refused(emptyKey, "dimensions: " + emptyKey.resolve("sessions.jsonl")
        + ": line 1: field session_id: the key must be a non-empty string");
    Path badTime = dir("bad-time", session.replace("1793491200000", "\"yesterday\""), null, null);
    refused(badTime, "dimensions: " + badTime.resolve("sessions.jsonl")
        + ": line 1: field start_time: expected an integer (epoch milliseconds) or an ISO-8601 time with its offset "
        + "(2026-11-01T08:00:00+08:00)");
    Path noOffset = dir("no-offset", session.replace("1793491200000", "\"2026-11-01T08:00:00\""), null, null);
    refused(noOffset, "dimensions: " + noOffset.resolve("sessions.jsonl")
        + ": line 1: field start_time: expected an integer (epoch milliseconds) or an ISO-8601 time with its offset "
        + "(2026-11-01T08:00:00+08:00)");
    // Two lines glued together were read as the first, the second dropped; a repeated field kept its last value.
    Path glued = dir("glued", null, String.format(PRODUCT, "1.0") + String.format(PRODUCT, "2.0").replace("p1", "p2"), null);
    refused(glued, "dimensions: " + glued.resolve("products.jsonl") + ": line 1: more after the JSON object (two records "
        + "written without a line break?): write each on a line of its own");
    Path twice = dir("twice", null, String.format(PRODUCT, "1.0").replace("\"category\":\"food\"",
        "\"category\":\"food\",\"category\":\"tea\""), null);
    refused(twice, "dimensions: " + twice.resolve("products.jsonl") + ": line 1: a field appears twice (which one holds?)");
    Path badPrice = dir("bad-price", null, String.format(PRODUCT, "\"cheap\""), null);
    refused(badPrice, "dimensions: " + badPrice.resolve("products.jsonl") + ": line 1: field list_price: expected a finite number");
  }

  /** A database export writes its times as ISO-8601 text with an offset; each is the instant it names. */
  @Test
  void timesWrittenAsIsoTextWithAnOffsetAreRead() throws IOException {
    Path iso = dir("iso", String.format(SESSION, "ISO").replace("\"s1\"", "\"s-iso\"")
        .replace("1793491200000", "\"2026-11-01T08:00:00+08:00\"").replace("1793494800000", "\"2026-11-01T01:00:00.250Z\""),
        null, null);
    assertEquals(Map.of("silver.dim_sessions", 1L), DimensionLoader.load(lake, iso));
    Row s = lake.read(Tables.DIM_SESSIONS).where("session_id = 's-iso'").first();
    assertEquals(1793491200000L, s.<java.sql.Timestamp>getAs("start_time").getTime(), "2026-11-01T00:00Z");
    assertEquals(1793494800250L, s.<java.sql.Timestamp>getAs("end_time").getTime());
  }

  /** A file that starts with a UTF-8 byte-order mark: its first line was refused as "not JSON". */
  @Test
  void aByteOrderMarkBeforeTheFirstLineIsRead() throws IOException {
    Path marked = dir("marked", null, null, "\uFEFF" + AD.replace("ad1", "ad-marked"));
    assertEquals(Map.of("silver.dim_ad_campaigns", 1L), DimensionLoader.load(lake, marked));
    assertEquals(1, lake.read(Tables.DIM_AD_CAMPAIGNS).where("ad_id = 'ad-marked'").count());
  }

  @Test
  void aMissingFileLeavesItsTableAndNoFileAtAllIsRefused() throws IOException {
    Path onlySessions = dir("only-sessions", String.format(SESSION, "Second night"), null, null);
    Map<String, String> before = tables();
    assertEquals(Map.of("silver.dim_sessions", 1L), DimensionLoader.load(lake, onlySessions));
    Map<String, String> after = tables();
    assertEquals(before.get("silver.dim_products"), after.get("silver.dim_products"));
    assertEquals(before.get("silver.dim_ad_campaigns"), after.get("silver.dim_ad_campaigns"));
    Row s = lake.read(Tables.DIM_SESSIONS).where("session_id = 's1'").first();
    assertEquals("Second night", s.getAs("title"));
    assertEquals(1793491200000L, s.<java.sql.Timestamp>getAs("start_time").getTime());

    Path none = dir("no-files", null, null, null);
    refused(none, "dimensions: " + none + " holds none of [sessions.jsonl, products.jsonl, ad_campaigns.jsonl]");
    Path notADir = none.resolve("sessions.jsonl");
    refused(notADir, "dimensions: " + notADir + " is not a directory");
  }
}
