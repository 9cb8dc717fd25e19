package io.livelake.app;

/**
 * Text laid out in a terminal's columns: a Chinese or Japanese character or an emoji takes two, a combining mark or a
 * zero-width character none, and a line break or tab inside a value would break the row, so it is shown escaped.
 * The widths follow Unicode's East Asian Width (wide and full-width ranges) as terminals apply it.
 */
final class TerminalText {
  private TerminalText() {}

  /** The columns {@code s} takes in a terminal. */
  static int width(String s) {
    int w = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      w += width(cp);
      i += Character.charCount(cp);
    }
    return w;
  }

  /**
   * {@code value} as one line of at most {@code max} columns: control characters escaped ({@code \n}, {@code \t},
   * {@code \r}, others as {@code \u001B}), and a longer value cut at a whole character and ended by "...".
   */
  static String cell(String value, int max) {
    StringBuilder escaped = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\n' -> escaped.append("\\n");
        case '\r' -> escaped.append("\\r");
        case '\t' -> escaped.append("\\t");
        default -> {
          if (Character.isISOControl(c)) escaped.append(String.format("\\u%04X", (int) c));
          else escaped.append(c);
        }
      }
    }
    String s = escaped.toString();
    if (width(s) <= max) return s;
    StringBuilder cut = new StringBuilder();
    int w = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (w + width(cp) > max - 3) break;
      cut.appendCodePoint(cp);
      w += width(cp);
      i += Character.charCount(cp);
    }
    return cut.append("...").toString();
  }

  /** {@code s} followed by blanks up to {@code columns}. */
  static String pad(String s, int columns) {
    return s + " ".repeat(Math.max(0, columns - width(s)));
  }

  private static int width(int cp) {
    int type = Character.getType(cp);
    if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT
        || cp >= 0x1160 && cp <= 0x11FF) {
      return 0;
    }
    return wide(cp) ? 2 : 1;
  }

  private static boolean wide(int cp) {
    return cp >= 0x1100 && cp <= 0x115F || cp >= 0x2E80 && cp <= 0x303E || cp >= 0x3041 && cp <= 0x33FF
        || cp >= 0x3400 && cp <= 0x4DBF || cp >= 0x4E00 && cp <= 0x9FFF || cp >= 0xA000 && cp <= 0xA4CF
        || cp >= 0xAC00 && cp <= 0xD7A3 || cp >= 0xF900 && cp <= 0xFAFF || cp >= 0xFE30 && cp <= 0xFE4F
        || cp >= 0xFF00 && cp <= 0xFF60 || cp >= 0xFFE0 && cp <= 0xFFE6 || cp >= 0x1F300 && cp <= 0x1F64F
        || cp >= 0x1F900 && cp <= 0x1F9FF || cp >= 0x20000 && cp <= 0x3FFFD;
  }
}
