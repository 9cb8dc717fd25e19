package io.livelake.report.charts;

import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;

/**
 * The font family a chart's text is drawn in. A chart's labels come from the data (platforms, session ids), and a
 * Chinese platform's name drawn in a font without its glyphs shows as empty boxes: sans-serif when it draws every
 * character, else the installed family that draws the most of them, with those it does not draw named in
 * {@code missing}, for the reader to be told.
 *
 * @param family the font family to draw the chart's text in
 * @param missing the distinct characters of the text that the family does not draw (at most 12), in order of
 *     appearance; empty when every character is drawn
 */
record Lettering(String family, String missing) {
  private static final int SHOWN = 12;
  private static final Map<String, Font> FONTS = new ConcurrentHashMap<>();
  private static volatile List<String> installed;

  /** The lettering for these texts with the fonts installed on this machine. */
  static Lettering of(Collection<String> texts) {
    // Listing the installed families is the costly part, and sans-serif alone draws most charts' text.
    if (undrawn(texts, Font.SANS_SERIF, Lettering::draws).isEmpty()) return new Lettering(Font.SANS_SERIF, "");
    return choose(texts, installed(), Lettering::draws);
  }

  /**
   * The rule over a given list of families and what each draws: sans-serif if it draws every character, else the
   * family that leaves the fewest undrawn (the first of them, families named Sans before the others), with those
   * named.
   */
  static Lettering choose(Collection<String> texts, List<String> families, BiPredicate<String, Integer> draws) {
    String best = Font.SANS_SERIF;
    Set<Integer> bestUndrawn = undrawn(texts, best, draws);
    for (boolean sans : new boolean[] {true, false}) {
      for (String f : families) {
        if (bestUndrawn.isEmpty()) break;
        if (f.contains("Sans") != sans) continue;
        Set<Integer> u = undrawn(texts, f, draws);
        if (u.size() < bestUndrawn.size()) {
          best = f;
          bestUndrawn = u;
        }
      }
    }
    StringBuilder shown = new StringBuilder();
    bestUndrawn.stream().limit(SHOWN).forEach(shown::appendCodePoint);
    return new Lettering(best, shown.toString());
  }

  /** Whitespace and control characters are laid out, not drawn, so only the others count. */
  private static Set<Integer> undrawn(Collection<String> texts, String family, BiPredicate<String, Integer> draws) {
    Set<Integer> out = new LinkedHashSet<>();
    for (String t : texts) {
      if (t == null) continue;
      t.codePoints().filter(cp -> !Character.isWhitespace(cp) && !Character.isISOControl(cp))
          .filter(cp -> !out.contains(cp) && !draws.test(family, cp)).forEach(out::add);
    }
    return out;
  }

  private static boolean draws(String family, int codePoint) {
    return FONTS.computeIfAbsent(family, f -> new Font(f, Font.PLAIN, 12)).canDisplay(codePoint);
  }

  /** Listed once per JVM: a report asks for it for every chart with such text. */
  private static List<String> installed() {
    List<String> families = installed;
    if (families == null) {
      families = List.of(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames());
      installed = families;
    }
    return families;
  }
}
