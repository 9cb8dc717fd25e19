package io.livelake.report.charts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiPredicate;
import javax.imageio.ImageIO;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  /** Decodes the PNG back and checks it is a whole chart, not a blank or tiny image. */
  private static BufferedImage assertPng(ChartImage chart) throws IOException {
    byte[] png = chart.png();
    assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, 8));
    assertTrue(png.length > 10_000, "a chart with title, axes and data is more than " + png.length + " bytes");
    BufferedImage back = ImageIO.read(new ByteArrayInputStream(png));
    assertEquals(ChartStyle.WIDTH, back.getWidth());
    assertEquals(ChartStyle.HEIGHT, back.getHeight());
    return back;
  }

  @Test
  void barChartWithAsymmetricIntervals() throws IOException {
    assertPng(BarChart.titled("Indicator weights").axes("indicator", "weight (share of 1)")
        .categories(List.of("A41", "A31", "A51", "A11"))
        .series("weight", List.of(0.40, 0.30, 0.20, 0.10))
        .intervals("95% interval", List.of(0.30, 0.28, 0.05, 0.0), List.of(0.55, 0.33, 0.25, 0.12)).render());
  }

  @Test
  void intervalsNeedASingleSeriesAndMatchingLengths() {
    BarChart two = BarChart.titled("t").axes("x", "y").categories(List.of("a")).series("s1", List.of(1)).series("s2", List.of(2))
        .intervals("i", List.of(0), List.of(1));
    assertThrows(IllegalStateException.class, two::render);
    BarChart shortLow = BarChart.titled("t").axes("x", "y").categories(List.of("a", "b")).series("s", List.of(1, 2))
        .intervals("i", List.of(0), List.of(1, 2));
    assertThrows(IllegalArgumentException.class, shortLow::render);
  }

  @Test
  void aChartWithoutAxisTitlesIsRefused() {
    assertThrows(IllegalStateException.class,
        () -> BarChart.titled("t").categories(List.of("a")).series("s", List.of(1)).render());
  }

  @Test
  void lineChartOverTimeAndOverIterations() throws IOException {
    List<Date> minutes = new ArrayList<>();
    List<Double> gmv = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      minutes.add(new Timestamp(1_700_000_000_000L + i * 60_000L));
      gmv.add(100 + 50 * Math.sin(i / 6.0));
    }
    assertPng(LineChart.titled("GMV per minute").axes("minute (UTC)", "GMV (CNY)").timeSeries("s1", minutes, gmv).render());
    assertPng(LineChart.titled("Training loss").axes("iteration", "loss (squared error)").logY()
        .series("train", List.of(0, 1, 2, 3), List.of(1.0, 0.5, 0.2, 0.1))
        .series("test", List.of(0, 1, 2, 3), List.of(1.1, 0.6, 0.3, 0.25)).render());
  }

  @Test
  void aTimeAxisOfOneInstantRunsOneUnitOfItsPatternEitherSide() throws IOException {
    long day = 1_793_491_200_000L; // 2026-11-01T00:00Z
    List<Date> one = List.of(new Timestamp(day));
    assertArrayEquals(new double[] {day - 86_400_000L, day + 86_400_000L},
        LineChart.oneInstantRange(List.of(one, List.of(new Timestamp(day), new Timestamp(day))), "MMM d"));
    assertArrayEquals(new double[] {day - 60_000L, day + 60_000L}, LineChart.oneInstantRange(List.of(one), "HH:mm"));
    assertArrayEquals(new double[] {day - 3_600_000L, day + 3_600_000L}, LineChart.oneInstantRange(List.of(one), "h a"));
    assertArrayEquals(new double[] {day - 31 * 86_400_000L, day + 31 * 86_400_000L},
        LineChart.oneInstantRange(List.of(one), "MMM yyyy"));
    assertNull(LineChart.oneInstantRange(List.of(one, List.of(new Timestamp(day + 1))), "MMM d"), "two instants: XChart's own axis");
    assertNull(LineChart.oneInstantRange(List.of(List.of(0, 0)), "MMM d"), "numbers: XChart's own axis");
    assertPng(LineChart.titled("GMV per platform and day").axes("session date (UTC)", "GMV (CNY)").datePattern("MMM d")
        .timeSeries("taobao", one, List.of(5.0)).timeSeries("douyin", one, List.of(7.0)).render());
  }

  @Test
  void aLinePointWithoutAValueIsLeftOutAndALineOfNoneIsNoData() throws IOException {
    // What a measure undefined at some points gives (diversity of products without categories is null).
    List<Double> diversity = Arrays.asList(null, 0.4, null, 0.6);
    List<Double> precision = Arrays.asList(0.1, null, 0.3, 0.2);
    assertPng(LineChart.titled("trade-off").axes("lambda", "share").series("precision", List.of(0, 1, 2, 3), precision)
        .series("diversity", List.of(0, 1, 2, 3), diversity).series("none", List.of(0, 1), Arrays.asList(null, null)).render());
    IllegalStateException none = assertThrows(IllegalStateException.class, () -> LineChart.titled("trade-off")
        .axes("diversity", "precision").series("MMR", diversity, Arrays.asList(0.1, null, 0.3, null)).render());
    assertEquals("line chart 'trade-off' has no data", none.getMessage());
  }

  @Test
  void funnelAsSharesOfTheFirstStage() throws IOException {
    assertPng(FunnelChart.titled("Viewer funnel").stages(List.of("viewers", "clicked", "carted", "bought"))
        .group("douyin", List.of(1000, 400, 100, 30)).group("kuaishou", List.of(800, 200, 90, 10)).render());
  }

  @Test
  void aFunnelLeavesOutAGroupWithNoneAtItsFirstStage() {
    FunnelChart funnel = FunnelChart.titled("Viewer funnel").stages(List.of("viewers", "clicked", "bought"))
        .group("douyin", List.of(200, 50, 5)).group("shop", List.of(0, 0, 3));
    assertEquals(Map.of("douyin", List.of(100.0, 25.0, 2.5)), funnel.shares());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> FunnelChart.titled("Viewer funnel")
        .stages(List.of("viewers", "bought")).group("shop", List.of(0, 3)).render());
    assertEquals("funnel 'Viewer funnel' has no group with any viewers: shop", e.getMessage());
  }

  @Test
  void histogramOfValuesWithNullsLeftOut() throws IOException {
    Random r = new Random(1);
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < 500; i++) values.add(i % 50 == 0 ? null : r.nextGaussian());
    assertPng(HistogramChart.titled("A11 distribution").axes("A11 (normalized, 0..1)", "sessions").bins(15).values(values).render());
    assertPng(HistogramChart.titled("constant").axes("x", "n").values(List.of(3, 3, 3)).render());
    ChartImage small = HistogramChart.titled("small").axes("x", "n").size(450, 260).values(values).render();
    assertEquals(450, small.image().getWidth());
    assertEquals(260, small.image().getHeight());
  }

  @Test
  void columnsFeedChartsFromRows() throws IOException {
    StructType schema = new StructType().add("reason", DataTypes.StringType).add("records", DataTypes.LongType);
    Columns c = Columns.of(List.of(new GenericRowWithSchema(new Object[] {"late", 12L}, schema),
        new GenericRowWithSchema(new Object[] {"bot_burst", 40L}, schema)));
    assertEquals(List.of("late", "bot_burst"), c.strings("reason"));
    assertEquals(List.of(12.0, 40.0), c.numbers("records"));
    assertThrows(IllegalArgumentException.class, () -> c.numbers("reason"));
    StructType timed = new StructType().add("window_start", DataTypes.TimestampType).add("day", DataTypes.DateType);
    Columns t = Columns.of(List.of(new GenericRowWithSchema(new Object[] {new Timestamp(60_000L), java.sql.Date.valueOf("2026-01-02")}, timed),
        new GenericRowWithSchema(new Object[] {java.time.Instant.ofEpochSecond(120), java.time.LocalDate.of(2026, 1, 3)}, timed)));
    assertEquals(List.of(60_000L, 120_000L), t.times("window_start").stream().map(Date::getTime).toList());
    assertEquals(java.time.LocalDate.of(2026, 1, 3).atStartOfDay(java.time.ZoneOffset.UTC).toInstant(), t.times("day").get(1).toInstant());
    assertPng(BarChart.titled("Quarantine by reason").axes("reason", "records").categories(c.strings("reason"))
        .series("records", c.numbers("records")).render());
  }

  @Test
  void theFontIsTheOneThatDrawsTheLabels() {
    // What each family draws, as a machine with a CJK font and a symbol font installed would answer.
    Map<String, String> extra = Map.of("Noto Serif CJK SC", "抖音", "Noto Sans CJK SC", "抖音", "Symbols", "★");
    BiPredicate<String, Integer> draws = (family, cp) -> cp < 0x80 || extra.getOrDefault(family, "").contains(Character.toString(cp));
    List<String> families = List.of("Noto Serif CJK SC", "Noto Sans CJK SC", "Symbols");
    assertEquals(new Lettering(Font.SANS_SERIF, ""), Lettering.choose(List.of("GMV per platform", "taobao"), families, draws));
    assertEquals(new Lettering("Noto Sans CJK SC", ""), Lettering.choose(List.of("GMV per platform", "抖音", "taobao"), families, draws),
        "the family that draws every label, a sans one before a serif one");
    assertEquals(new Lettering("Noto Sans CJK SC", "★"), Lettering.choose(List.of("抖音 ★", "taobao"), families, draws),
        "no family draws all: the one that leaves the fewest, and those named");
    assertEquals(new Lettering(Font.SANS_SERIF, "抖音"), Lettering.choose(List.of("抖音\t抖\n", "douyin"), List.of(), draws),
        "nothing installed draws them; blanks and controls are not drawn at all");
    assertEquals(new Lettering(Font.SANS_SERIF, "一丁丂七丄丅丆万丈三上下"),
        Lettering.choose(List.of("一丁丂七丄丅丆万丈三上下丌不与丏"), families, draws), "at most 12 are named");
  }

  @Test
  void aLabelNoInstalledFontDrawsIsNamed() throws IOException {
    // U+0378 is unassigned: no font has a glyph for it, whatever this machine has installed.
    ChartImage boxed = BarChart.titled("GMV per platform").axes("platform", "GMV (CNY)")
        .categories(List.of("taobao", "shop\u0378")).series("GMV", List.of(10, 20)).render();
    assertPng(boxed);
    assertEquals("\u0378", boxed.missing());
    assertTrue(boxed.missingNotice().contains("(\u0378)") && boxed.missingNotice().contains("fonts-noto-cjk"), boxed.missingNotice());
    ChartImage line = LineChart.titled("GMV per minute").axes("minute", "GMV").series("a\u0378\u0379", List.of(1, 2), List.of(3, 4)).render();
    assertEquals("\u0378\u0379", line.missing());
    ChartImage plain = BarChart.titled("GMV per platform").axes("platform", "GMV (CNY)")
        .categories(List.of("taobao", "douyin")).series("GMV", List.of(10, 20)).render();
    assertEquals("", plain.missing());
    assertEquals("\u0378\u0379", ChartImage.grid(List.of(plain, boxed, line, boxed), 2).missing());
  }

  @Test
  void gridAndFile(@TempDir Path dir) throws IOException {
    ChartImage one = HistogramChart.titled("h").axes("x", "n").values(List.of(1, 2, 3)).render();
    ChartImage grid = ChartImage.grid(List.of(one, one, one), 2);
    assertEquals(2 * ChartStyle.WIDTH, grid.image().getWidth());
    assertEquals(2 * ChartStyle.HEIGHT, grid.image().getHeight());
    Path file = grid.write(dir.resolve("sub/grid.png"));
    assertTrue(Files.size(file) > 10_000);
  }
}
