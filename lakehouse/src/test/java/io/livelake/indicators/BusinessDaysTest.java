package io.livelake.indicators;

import static org.junit.jupiter.api.Assertions.*;

import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BusinessDaysTest {
  @Test
  void aRunRecordsItsZoneUnlessUtcAndTheReportReadsItBack() {
    assertEquals("", BusinessDays.definition(ZoneId.of("UTC")), "lakes built before the setting keep their definitions");
    assertEquals("", BusinessDays.definition(ZoneOffset.UTC));
    assertEquals("; reporting.timezone=Asia/Shanghai", BusinessDays.definition(ZoneId.of("Asia/Shanghai")));
    String run = "outcome r3; indicators.outcome.days=7; indicators.outcome=later_gmv_per_viewer"
        + BusinessDays.definition(ZoneId.of("Asia/Shanghai"))
        + "; indicators.a22.survey.construct=A2 (survey version 3)";
    assertEquals(ZoneId.of("Asia/Shanghai"), BusinessDays.recordedIn(run));
    assertEquals(ZoneOffset.ofHours(-3), BusinessDays.recordedIn("r; reporting.timezone=-03:00"));
    assertEquals("UTC", BusinessDays.recordedIn("outcome r3; indicators.outcome.days=7").getId(), "as axis titles name it");
  }
}
