package io.livelake.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livelake.report.charts.BarChart;
import io.livelake.report.charts.ChartImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PageTest {
  private static ChartImage platforms(String... names) {
    return BarChart.titled("GMV per platform").axes("platform", "GMV (CNY)").categories(List.of(names))
        .series("GMV", List.of(names).stream().map(n -> 1).toList()).render();
  }

  @Test
  void aChartWithUndrawnCharactersIsFollowedByAWarning(@TempDir Path dir) throws IOException {
    // U+0378 and U+0379 are unassigned: no installed font draws them.
    Page page = new Page(dir, "index.html", "report")
        .chart("plain", "GMV", platforms("taobao", "douyin"), "douyin leads.")
        .chart("boxed", "GMV", platforms("shop\u0378", "taobao"), "shop leads.")
        .chart("boxed-again", "GMV", platforms("shop\u0379\u0378"), "one platform.");
    String html = Files.readString(page.write());
    assertEquals(List.of(dir.resolve("charts/boxed.png"), dir.resolve("charts/boxed-again.png")), page.boxed());
    assertEquals(3, page.charts().size());
    assertEquals("\u0378\u0379", page.missing());
    String plain = html.substring(html.indexOf("charts/plain.png"), html.indexOf("charts/boxed.png"));
    assertFalse(plain.contains("class=\"warning\""), "a chart whose labels are all drawn has no warning: " + plain);
    String boxed = html.substring(html.indexOf("charts/boxed.png"), html.indexOf("charts/boxed-again.png"));
    assertTrue(boxed.contains("<p class=\"warning\">Some labels of this chart hold characters (\u0378) that no font "
        + "installed on the machine that drew it can draw, so they show as boxes."), boxed);
  }
}
