package io.livelake.ingestion.imports;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.livelake.progress.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** REES46 event times as the files spell them, and as pandas writes them back after a round trip. */
class Rees46Test {
  /**
   * The data set's description: "A session can have multiple purchase events. It's ok, because it's a single order."
   * A visit's purchases are one order (before, each was an order); one without a price stays an order of its own, so
   * that the ingestion quarantines it and not the goods bought with it.
   */
  @Test
  void theDescriptionsOrdersAreOneOrderPerVisitAndRoom() throws Exception {
    Path input = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "rees46-");
    Files.writeString(input.resolve("2019-Oct.csv"), """
        event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session
        2019-10-01 00:00:00 UTC,purchase,11,7,,x,10.00,1,s1
        2019-10-01 00:00:00 UTC,purchase,12,7,,x,5.50,1,s1
        2019-10-01 00:00:02 UTC,view,13,7,,x,3.00,2,s2
        2019-10-01 00:03:00 UTC,purchase,13,7,,x,0,1,s1
        2019-10-01 00:04:00 UTC,purchase,11,8,,x,10.00,1,s1
        2019-10-01 00:05:00 UTC,purchase,12,7,,x,7.25,2,s2
        """);
    assertEquals(List.of("2-6 order_paid rees46:s1 25.5 [11, 12, 11]", "4 product_click", "5 order_paid "
            + "rees46:s1:13:1569888180000 0 [13]", "7-7 order_paid rees46:s2 7.25 [12]"), orders(input, null),
        "s1's three priced purchases are one order, the one at 0 one of its own");
    // By category and hour, a visit's purchases in two categories are two orders, each in its own room.
    assertEquals(List.of("2-3 order_paid rees46:s1:rees46-c7-2019100100 15.5 [11, 12]", "4 product_click",
            "5 order_paid rees46:s1:13:1569888180000 0 [13]", "6-6 order_paid rees46:s1:rees46-c8-2019100100 10.0 [11]",
            "7-7 order_paid rees46:s2:rees46-c7-2019100100 7.25 [12]"), orders(input, "category-hour"));
  }

  /** The staged events but the visits: lines, type, and for an order its id, amount and products. */
  private static List<String> orders(Path input, String rule) throws Exception {
    Path staging = Files.createTempDirectory(input, "staging-").resolve("run");
    Importer.Staged staged = Importer.of(new ImportOptions("rees46", null, rule, null, null, null, null), input.resolve("2019-Oct.csv"))
        .stage(staging, 1 << 20, Progress.silent());
    List<String> got = new ArrayList<>();
    for (JsonNode r : StagedRecords.read(staged.events())) {
      if (r.has(Visits.SYNTHESIZED)) continue;
      String lines = r.get("import_line") + (r.has("import_last_line") ? "-" + r.get("import_last_line") : "");
      if (!r.get("event_type").asText().equals("order_paid")) {
        got.add(lines + " " + r.get("event_type").asText());
        continue;
      }
      List<String> goods = new ArrayList<>();
      r.get("lines").forEach(l -> goods.add(l.get("product_id").asText()));
      got.add(lines + " order_paid " + r.get("order_id").asText() + " " + r.get("amount").asText() + " " + goods);
    }
    return got;
  }

  @Test
  void timesInTheFilesSpellingOrWithAnOffsetAreRead() throws Exception {
    Path input = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "rees46-");
    Files.writeString(input.resolve("2019-Oct.csv"), """
        event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session
        2019-10-01 00:00:00 UTC,view,44600062,2103807459595387724,,shiseido,35.79,541312140,72d76fde-8bb3-4e00-8c23-a032dfed738c
        2019-10-01 00:00:01+00:00,view,3900821,2053013552326770905,appliances.environment.water_heater,aqua,33.20,554748717,9333dfbd-b87a-4708-9857-6336556b0fcc
        2019-10-01 08:00:02+08:00,view,3900821,2053013552326770905,appliances.environment.water_heater,aqua,33.20,554748717,9333dfbd-b87a-4708-9857-6336556b0fcc
        2019-10-01 00:00:03,view,3900821,2053013552326770905,appliances.environment.water_heater,aqua,33.20,554748717,9333dfbd-b87a-4708-9857-6336556b0fcc
        """);
    Importer.Staged staged = Importer.of(new ImportOptions("rees46", null, null, null, null, null, null), input)
        .stage(input.resolve("staging"), 1 << 20, Progress.silent());
    List<String> got = new ArrayList<>();
    for (JsonNode r : StagedRecords.read(staged.events())) {
      if (r.has(Visits.SYNTHESIZED)) continue; // the visits' times are their rows'
      got.add(r.get("import_line") + " " + (r.has("import_problem") ? r.get("import_problem").asText()
          : Instant.ofEpochMilli(r.get("event_time").asLong()).toString()));
    }
    assertEquals(List.of("5 event_time is not like yyyy-MM-dd HH:mm:ss UTC or yyyy-MM-dd HH:mm:ss+00:00: "
            + "'2019-10-01 00:00:03'", "2 2019-10-01T00:00:00Z", "3 2019-10-01T00:00:01Z", "4 2019-10-01T00:00:02Z"),
        got, "a time without a zone is not guessed at");
  }
}
