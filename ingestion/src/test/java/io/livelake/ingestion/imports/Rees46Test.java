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
    Importer.Staged staged = Importer.of(new ImportOptions("rees46", null, null, null, null, null), input)
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
