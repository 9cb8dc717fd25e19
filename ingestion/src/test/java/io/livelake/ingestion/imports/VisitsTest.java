package io.livelake.ingestion.imports;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.livelake.progress.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The visits an import makes for a shop's log, which has no access events, as staged among the converted events. */
class VisitsTest {
  @Test
  void aUsersEventsInARoomMakeAVisitUntilAGapOfMoreThanHalfAnHour() throws Exception {
    Path input = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "visits-");
    // 1511568000 is 2017-11-25T00:00:00Z: category 7's room of that hour holds lines 1 to 5, category 8's line 6.
    Files.writeString(input.resolve("UserBehavior.csv"), """
        1,11,7,pv,1511568000
        1,12,7,pv,1511568600
        1,13,7,cart,1511571000
        2,11,7,pv,1511568600
        ,11,7,pv,1511568700
        1,11,8,buy,1511568600
        3,11,7,like,1511568000
        """);
    Importer.Staged staged = stage(input);
    List<String> got = new ArrayList<>();
    for (JsonNode r : StagedRecords.read(staged.events())) {
      got.add(r.get("import_line") + " " + shown(r) + (r.has(Visits.SYNTHESIZED) ? " (" + r.get("event_id").asText() + ")" : ""));
    }
    assertEquals(List.of(
        "7 rejected",
        "1 enter_room +0s user 1 (taobao:UserBehavior.csv:1:enter_room)",
        "1 product_click +0s user 1",
        // At 10 minutes: user 2's visit of one event and user 1's in category 8 open, user 1's first visit of 7 ends.
        "4 enter_room +600s user 2 (taobao:UserBehavior.csv:4:enter_room)",
        "6 enter_room +600s user 1 (taobao:UserBehavior.csv:6:enter_room)",
        "2 product_click +600s user 1",
        "4 product_click +600s user 2",
        "6 order_paid +600s user 1",
        // A visit within one millisecond has no leave_room: with its enter_room alone it lasts 0 s, as it would with both.
        "2 leave_room +600s user 1 (taobao:UserBehavior.csv:2:leave_room)",
        // No user, no visit: ingestion quarantines the event.
        "5 product_click +700s",
        // 40 minutes after user 1's last event in the room: a second visit.
        "3 enter_room +3000s user 1 (taobao:UserBehavior.csv:3:enter_room)",
        "3 cart_add +3000s user 1"), got);
    assertEquals(SAME_LOG, got.stream().map(g -> g.replaceFirst("^\\d+ ", "").replaceFirst(" \\(.*\\)$", "")).toList());
    assertEquals(7, staged.rowsRead());
    assertEquals(4, staged.visits());
    assertEquals(12, staged.records());
    JsonNode enter = StagedRecords.read(staged.events()).get(1);
    assertEquals("{\"schema_version\":1,\"event_id\":\"taobao:UserBehavior.csv:1:enter_room\",\"event_type\":\"enter_room\","
        + "\"event_time\":1511568000000,\"platform\":\"taobao\",\"user_id\":\"1\",\"session_id\":\"taobao-c7-2017112500\","
        + "\"anchor_id\":\"taobao-c7\",\"import_file\":\"UserBehavior.csv\",\"import_line\":1,\"import_synthesized\":\"visit\"}",
        enter.toString(), "a contract event in the room, traced to the line of the visit's first event");
  }

  /** The records of the log above, as staged from one file or several: what a visit is does not depend on files. */
  private static final List<String> SAME_LOG = List.of("rejected", "enter_room +0s user 1", "product_click +0s user 1",
      "enter_room +600s user 2", "enter_room +600s user 1", "product_click +600s user 1", "product_click +600s user 2",
      "order_paid +600s user 1", "leave_room +600s user 1", "product_click +700s", "enter_room +3000s user 1",
      "cart_add +3000s user 1");

  /**
   * A log exported as part files (as Spark, Hive or a database's export writes one) splits users' visits anywhere:
   * the visits are made over all the files' records, so they are those of the log in one file, above. Made per file
   * they were 5: user 1's first visit of category 7, 10 minutes long, was two visits of 0 s, one in each part.
   */
  @Test
  void aVisitWhoseRowsAreInSeveralFilesIsOneVisit() throws Exception {
    Path input = Files.createDirectories(Files.createTempDirectory(Files.createDirectories(Path.of("target")), "visits-")
        .resolve("in"));
    Files.writeString(input.resolve("part-00000.csv"), """
        1,12,7,pv,1511568600
        2,11,7,pv,1511568600
        1,11,8,buy,1511568600
        """);
    Files.writeString(input.resolve("part-00001.csv"), """
        1,11,7,pv,1511568000
        1,13,7,cart,1511571000
        ,11,7,pv,1511568700
        3,11,7,like,1511568000
        """);
    Importer.Staged staged = stage(input);
    List<String> got = new ArrayList<>();
    for (JsonNode r : StagedRecords.read(staged.events())) got.add(shown(r));
    assertEquals(SAME_LOG, got);
    assertEquals(4, staged.visits());
    assertEquals(12, staged.records());
  }

  private static Importer.Staged stage(Path input) throws Exception {
    return Importer.of(new ImportOptions("taobao-user-behavior", null, null, null, null, null, null), input)
        .stage(input.resolveSibling(input.getFileName() + ".staging"), 1 << 20, Progress.silent());
  }

  /** A staged record as type, seconds after the log's first hour and user. */
  private static String shown(JsonNode r) {
    return (r.has("event_type") ? r.get("event_type").asText() : "rejected")
        + (r.has("event_time") ? " +" + (r.get("event_time").asLong() / 1000 - 1511568000) + "s" : "")
        + (r.has("user_id") ? " user " + r.get("user_id").asText() : "");
  }
}
