package io.livelake.report;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which of the top sessions the readings of the real-time charts name. */
class RealtimeKpisTest {
  private static RealtimeKpis.Minutes minutes(String session, double peak, double gmv) {
    return new RealtimeKpis.Minutes(session, List.of(0.0, 1.0), List.of(1.0, peak), List.of(0.0, gmv));
  }

  @Test
  void theSessionWithTheMostViewersIsNamedForViewersAndTiesAreAllNamed() {
    // Ordered by GMV, as the report lists them: S2 sold most, S1 drew most, S0 and S2 tie on viewers below S1.
    List<RealtimeKpis.Minutes> top = List.of(minutes("S2", 4, 90), minutes("S1", 9, 31.5), minutes("S0", 4, 31.5));
    assertEquals(List.of("S1"), RealtimeKpis.leaders(top, RealtimeKpis.Minutes::peakViewers).stream()
        .map(RealtimeKpis.Minutes::session).toList());
    assertEquals("Session S2", RealtimeKpis.named(RealtimeKpis.leaders(top, RealtimeKpis.Minutes::totalGmv)));
    List<RealtimeKpis.Minutes> tied = List.of(minutes("S0", 5, 31.5), minutes("S1", 5, 31.5), minutes("S2", 5, 31.5));
    assertEquals("Sessions S0, S1 and S2", RealtimeKpis.named(RealtimeKpis.leaders(tied, RealtimeKpis.Minutes::totalGmv)));
    assertEquals("Sessions S0 and S1", RealtimeKpis.named(tied.subList(0, 2)));
  }

  @Test
  void aSessionWithoutMinutesIsNoLeader() {
    RealtimeKpis.Minutes none = new RealtimeKpis.Minutes("X", List.of(), List.of(), List.of());
    assertEquals(List.of(), RealtimeKpis.leaders(List.of(none), RealtimeKpis.Minutes::totalGmv));
  }
}
