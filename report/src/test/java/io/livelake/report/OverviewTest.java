package io.livelake.report;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which stages the viewer funnel shows, and what its reading says of those it leaves out. */
class OverviewTest {
  @Test
  void aStageNoUserReachedOnAnyPlatformIsLeftOutAndNamedWithItsEvents() {
    // A feed without product impressions or cart events: 5 clicked without having "seen" a product.
    Map<String, List<Long>> funnel = Map.of("douyin", List.of(5L, 0L, 5L, 0L, 3L), "taobao", List.of(2L, 0L, 1L, 0L, 0L));
    List<Integer> shown = Overview.shownStages(funnel);
    assertEquals(List.of(0, 2, 4), shown);
    assertEquals(" The OBT has no event of the stages 'saw a product' (no product_impression), 'added to cart' (no "
        + "cart_add), left out.", Overview.stagesLeftOut(shown));
  }

  @Test
  void aStageOnePlatformReachedIsShownAndTheFirstAndLastAlways() {
    Map<String, List<Long>> funnel = Map.of("douyin", List.of(5L, 0L, 0L, 0L, 0L), "taobao", List.of(0L, 1L, 0L, 0L, 0L));
    assertEquals(List.of(0, 1, 4), Overview.shownStages(funnel));
    assertEquals(" The OBT has no event of the stage 'clicked' (no product_click), left out.",
        Overview.stagesLeftOut(List.of(0, 1, 3, 4)));
    assertEquals("", Overview.stagesLeftOut(List.of(0, 1, 2, 3, 4)));
  }
}
