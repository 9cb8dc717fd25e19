package io.livelake.report.charts;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A rendered chart: the image a notebook displays inline and the PNG a report embeds or writes.
 *
 * @param image the chart
 * @param missing the characters of its labels that no font installed on this machine draws (they show as boxes),
 *     empty when every character is drawn
 */
public record ChartImage(BufferedImage image, String missing) {

  /** What a reader is told when {@link #missing} is not empty: which characters, and how to get them drawn. */
  public String missingNotice() {
    return "Some labels of this chart hold characters (" + missing + ") that no font installed on the machine that drew "
        + "it can draw, so they show as boxes. Install a font that covers them (on Debian or Ubuntu, the fonts-noto-cjk "
        + "package for Chinese, Japanese and Korean) and draw it again; the tables carry the same names.";
  }

  /** The image as PNG bytes. */
  public byte[] png() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException("could not encode the chart as PNG", e);
    }
    return out.toByteArray();
  }

  /** Writes the PNG to {@code file} (parent directories created) and returns the file. */
  public Path write(Path file) {
    try {
      if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
      return Files.write(file, png());
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the chart to " + file, e);
    }
  }

  /** The characters of these texts, each once, in order of first appearance: the missing ones of many charts. */
  public static String distinctCharacters(List<String> texts) {
    StringBuilder out = new StringBuilder();
    texts.stream().flatMapToInt(String::codePoints).distinct().forEach(out::appendCodePoint);
    return out.toString();
  }

  /** Lays charts out in a grid of {@code columns}, row by row: many small charts as one image. */
  public static ChartImage grid(List<ChartImage> charts, int columns) {
    if (charts.isEmpty() || columns < 1) throw new IllegalArgumentException("a grid needs charts and at least one column");
    int w = charts.stream().mapToInt(c -> c.image().getWidth()).max().orElseThrow();
    int h = charts.stream().mapToInt(c -> c.image().getHeight()).max().orElseThrow();
    int rows = (charts.size() + columns - 1) / columns;
    BufferedImage grid = new BufferedImage(w * Math.min(columns, charts.size()), h * rows, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = grid.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
    for (int i = 0; i < charts.size(); i++) {
      g.drawImage(charts.get(i).image(), (i % columns) * w, (i / columns) * h, null);
    }
    g.dispose();
    return new ChartImage(grid, distinctCharacters(charts.stream().map(ChartImage::missing).toList()));
  }
}
