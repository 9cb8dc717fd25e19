package io.livelake.privacy;

/**
 * Removes personal data from free text (comments, reviews): e-mail addresses, Chinese resident ID
 * numbers and phone numbers become {@code [email]}, {@code [id]} and {@code [phone]}, in that order.
 *
 * <p>Each kind is found by a hand-written scanner that reads every character a bounded number of
 * times and keeps no stack, so any input, however long or hostile, costs linear time. The scanners
 * replace exactly what these regular expressions would (leftmost, greedy), which PrivacyTest checks on
 * random inputs; Java's own engine backtracks on them (quadratic time, or a stack overflow):
 * <ul>
 *   <li>e-mail: {@code [\p{L}\p{Nd}\p{M}_.%+-]+[@＠][\p{L}\p{Nd}\p{M}.。．｡-]+[.。．｡][\p{L}\p{M}]{2,}}: letters,
 *       digits and marks of any script in the local part and the domain (internationalized addresses
 *       such as {@code 用户@例子.公司} or {@code josé@correo.es}), the full-width at sign, and the dots
 *       that IDNA treats as label separators;</li>
 *   <li>ID: {@code (?<!\p{Nd})\p{Nd}{17}[\p{Nd}XxＸｘ](?!\p{Nd})}: 17 digits and a check digit or X
 *       (full-width too);</li>
 *   <li>phone: {@code (?<!W)[+＋]?\p{Nd}(?:S{0,3}\p{Nd}){6,}(?!W)}: seven or more digits in groups separated by
 *       at most three of S (white space, dashes, {@code . ．( ) （ ）}), optionally after a plus, where W
 *       is an ASCII or full-width Latin letter or digit, an underscore or any decimal digit. Digits
 *       are those of any script ({@code １３８}, {@code ١٣٨}); ideographs count as no letter, so a number
 *       written straight after Chinese text is caught.</li>
 * </ul>
 *
 * <p>Free text (a comment's or review's {@code text}, a record that is not JSON) also loses mentions of other
 * users, {@link #redactText}: {@code (?<![\p{L}\p{Nd}\p{M}_.%+-])[@＠][\p{L}\p{Nd}\p{M}_](?:[\p{L}\p{Nd}\p{M}_.-]*[\p{L}\p{Nd}\p{M}_])?}
 * becomes {@code [mention]}, after the e-mail addresses (whose at sign follows a local part) and before the rest.
 * A barrage names other viewers by their handle ({@code @小美 thanks for the gift}): an online identifier of a
 * person as much as an address is. Ideographs are letters, so a handle written straight into Chinese text takes
 * the words after it along ({@code @小美谢谢} is one mention); a nickname with blanks loses its first word only.
 *
 * <p>Not caught: numbers written in words or ideographs ({@code 一三八...}), digits broken by letters or
 * by more than three separators, fewer than seven digits, obfuscated addresses ({@code a at b dot com},
 * {@code a@b} without a top-level domain), quoted or symbol-rich local parts (redacted only from the
 * last character outside letters, digits and {@code _ . % + -}), IDs with separators inside (then
 * redacted as a phone, the final X left), names, street addresses and anything else of meaning.
 * Lists of prices with dots and blanks ({@code 12.50 13.90 15.00}) are redacted as phones.
 */
public final class Redactor {
  private static final String EMAIL = "[email]";
  private static final String ID = "[id]";
  private static final String PHONE = "[phone]";
  private static final String MENTION = "[mention]";
  /** The longest run of separators between two groups of a phone number. */
  private static final int MAX_SEPARATORS = 3;

  private Redactor() {}

  /** The text with personal data replaced by [email], [id] and [phone]; null stays null. */
  public static String redact(String text) {
    if (text == null) return null;
    return phones(ids(emails(text)));
  }

  /** Free text with personal data replaced as by {@link #redact}, and mentions of users by [mention]; null stays null. */
  public static String redactText(String text) {
    if (text == null) return null;
    return phones(ids(mentions(emails(text))));
  }

  /**
   * The text with mentions replaced: an at sign that follows no local-part character (it would be an address's,
   * or a word's as in {@code a@b}), then the longest run of letters, digits, marks, {@code _ . -} that starts
   * and ends with other than a dot or dash. Each character is read at most twice.
   */
  static String mentions(String s) {
    int n = s.length();
    Replacements out = new Replacements(s);
    int i = 0;
    while (i < n) {
      int c = s.codePointAt(i);
      int next = i + Character.charCount(c);
      if ((c == '@' || c == '＠') && (i == 0 || !localChar(s.codePointBefore(i)))) {
        int end = -1;
        for (int j = next; j < n; ) {
          int h = s.codePointAt(j);
          boolean inner = h == '.' || h == '-';
          if (!inner && !handleChar(h) || j == next && inner) break;
          j += Character.charCount(h);
          if (!inner) end = j;
        }
        if (end > 0) {
          out.replace(i, end, MENTION);
          next = end;
        }
      }
      i = next;
    }
    return out.text();
  }

  /** The text with e-mail addresses replaced; the same instance when there are none. */
  static String emails(String s) {
    int n = s.length();
    Replacements out = new Replacements(s);
    // Start of the current run of local-part characters (the leftmost start of a match), -1 outside one.
    int run = -1;
    int i = 0;
    while (i < n) {
      int c = s.codePointAt(i);
      int next = i + Character.charCount(c);
      if (localChar(c)) {
        if (run < 0) run = i;
      } else {
        if (run >= 0 && (c == '@' || c == '＠')) {
          int end = domainEnd(s, next);
          if (end > 0) {
            out.replace(run, end, EMAIL);
            next = end;
          }
        }
        run = -1;
      }
      i = next;
    }
    return out.text();
  }

  /**
   * Where an address whose domain starts at {@code from} ends, -1 if there is none: the domain is the
   * longest run of domain characters that ends with a dot and two or more letters, as the greedy
   * pattern finds. The run contains no at sign, so each character is read here for one at sign only.
   */
  private static int domainEnd(String s, int from) {
    int n = s.length();
    int best = -1;
    int i = from;
    while (i < n) {
      int c = s.codePointAt(i);
      if (!domainChar(c)) break;
      if (dot(c) && i > from) {
        int j = i + 1;
        int letters = 0;
        while (j < n) {
          int t = s.codePointAt(j);
          if (!tldChar(t)) break;
          letters++;
          j += Character.charCount(t);
        }
        if (letters >= 2) best = j;
        // The letters after the dot hold no dot; the character that ended them is read next.
        i = j;
      } else {
        i += Character.charCount(c);
      }
    }
    return best;
  }

  /** The text with resident ID numbers replaced: a digit run of 18, or of 17 and an X not followed by a digit. */
  static String ids(String s) {
    int n = s.length();
    Replacements out = new Replacements(s);
    int i = 0;
    while (i < n) {
      int c = s.codePointAt(i);
      if (!Character.isDigit(c)) {
        i += Character.charCount(c);
        continue;
      }
      int start = i;
      int digits = 0;
      while (i < n && Character.isDigit(c = s.codePointAt(i))) {
        digits++;
        i += Character.charCount(c);
      }
      int end = -1;
      if (digits == 18) {
        end = i;
      } else if (digits == 17 && i < n && "XxＸｘ".indexOf(s.charAt(i)) >= 0
          && (i + 1 >= n || !Character.isDigit(s.codePointAt(i + 1)))) {
        end = i + 1;
      }
      if (end > 0) {
        out.replace(start, end, ID);
        i = end;
      }
    }
    return out.text();
  }

  /**
   * The text with phone numbers replaced. A chain is a maximal sequence of digits joined by at most
   * {@value #MAX_SEPARATORS} separators. A match starts at the chain's first digit (or its plus) when no
   * word character precedes it, else at its second group, and ends at the last group end where it has
   * seven digits or more and no word character follows: what the pattern finds by backtracking. Each
   * chain is walked at most twice.
   */
  static String phones(String s) {
    int n = s.length();
    Replacements out = new Replacements(s);
    int i = 0;
    while (i < n) {
      int c = s.codePointAt(i);
      if (!Character.isDigit(c)) {
        i += Character.charCount(c);
        continue;
      }
      int start = i;
      int before = start > 0 ? s.codePointBefore(start) : -1;
      if (before == '+' || before == '＋') {
        // The plus belongs to the number unless a word character precedes it (then the digits alone do).
        if (!wordChar(start > 1 ? s.codePointBefore(start - 1) : -1)) start--;
      } else if (wordChar(before)) {
        start = secondGroup(s, i);
      }
      int end = -1;
      int chainEnd;
      if (start >= 0) {
        int digits = 0;
        int k = start;
        while (true) {
          int d = s.codePointAt(k);
          if (Character.isDigit(d)) digits++;
          k += Character.charCount(d);
          int gap = groupGap(s, k);
          if (gap < 0) break;
          // k ends a group (a separator follows) when the gap is not empty: an end that counts if long enough.
          if (gap > 0 && digits >= 7) end = k;
          k += gap;
        }
        chainEnd = k;
        if (digits >= 7 && (k >= n || !wordChar(s.codePointAt(k)))) end = k;
      } else {
        chainEnd = chainEnd(s, i);
      }
      if (end > 0) {
        out.replace(start, end, PHONE);
        i = end;
      } else {
        i = chainEnd;
      }
    }
    return out.text();
  }

  /**
   * After the digit (or plus) ending at {@code k}: the number of separators before the chain's next
   * digit (0 when it follows at once), or -1 when the chain ends at {@code k}.
   */
  private static int groupGap(String s, int k) {
    int n = s.length();
    int j = k;
    for (int gap = 0; gap <= MAX_SEPARATORS && j < n; gap++) {
      int c = s.codePointAt(j);
      if (Character.isDigit(c)) return j - k;
      if (!separator(c)) return -1;
      j += Character.charCount(c);
    }
    return -1;
  }

  /** The first digit of the chain's second group, -1 if the chain has one group only. */
  private static int secondGroup(String s, int first) {
    int k = first;
    while (true) {
      k += Character.charCount(s.codePointAt(k));
      int gap = groupGap(s, k);
      if (gap < 0) return -1;
      if (gap > 0) return k + gap;
    }
  }

  /** Where the chain whose first digit is at {@code first} ends (after its last digit). */
  private static int chainEnd(String s, int first) {
    int k = first;
    while (true) {
      k += Character.charCount(s.codePointAt(k));
      int gap = groupGap(s, k);
      if (gap < 0) return k;
      k += gap;
    }
  }

  /** A text's replacements, made left to right: the text itself when there is none. */
  private static final class Replacements {
    private final String s;
    private StringBuilder out;
    private int copied;

    Replacements(String s) { this.s = s; }

    /** Replaces {@code s[start, end)}, which starts at or after the end of the previous replacement. */
    void replace(int start, int end, String with) {
      if (out == null) out = new StringBuilder(s.length());
      out.append(s, copied, start).append(with);
      copied = end;
    }

    String text() { return out == null ? s : out.append(s, copied, s.length()).toString(); }
  }

  private static boolean localChar(int c) {
    return letterDigitOrMark(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
  }

  /** Characters a handle starts and ends with: letters, digits and marks of any script, and the underscore. */
  private static boolean handleChar(int c) {
    return letterDigitOrMark(c) || c == '_';
  }

  private static boolean domainChar(int c) {
    return letterDigitOrMark(c) || c == '-' || dot(c);
  }

  /** Full stop, ideographic and full-width full stops: IDNA reads all of them as a label separator. */
  private static boolean dot(int c) {
    return c == '.' || c == '。' || c == '．' || c == '｡';
  }

  private static boolean tldChar(int c) {
    return Character.isLetter(c) || mark(c);
  }

  private static boolean letterDigitOrMark(int c) {
    return Character.isLetter(c) || Character.isDigit(c) || mark(c);
  }

  private static boolean mark(int c) {
    int t = Character.getType(c);
    return t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK || t == Character.ENCLOSING_MARK;
  }

  /** Characters a phone number may not touch: they make it part of a code such as sku1234567. */
  private static boolean wordChar(int c) {
    if (c < 0) return false;
    if (c < 128) return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    return Character.isDigit(c) || c >= 'Ａ' && c <= 'Ｚ' || c >= 'ａ' && c <= 'ｚ';
  }

  private static boolean separator(int c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.getType(c) == Character.DASH_PUNCTUATION
        || c == '.' || c == '．' || c == '(' || c == ')' || c == '（' || c == '）';
  }
}
