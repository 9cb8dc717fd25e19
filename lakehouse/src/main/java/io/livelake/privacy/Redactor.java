package io.livelake.privacy;

import java.util.regex.Pattern;

/** Removes personal data from free text (comments, reviews): e-mail addresses, phone and ID numbers. */
public final class Redactor {
  private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
  /** Chinese resident ID: 17 digits and a digit or X. */
  private static final Pattern NATIONAL_ID = Pattern.compile("(?<!\\d)\\d{17}[\\dXx](?!\\d)");
  /** Seven or more digits, possibly with a leading + and spaces or dashes between groups. */
  private static final Pattern PHONE = Pattern.compile("(?<![\\w])\\+?\\d(?:[\\s-]?\\d){6,}(?![\\w])");

  private Redactor() {}

  /** The text with personal data replaced by [email], [id] and [phone]; null stays null. */
  public static String redact(String text) {
    if (text == null) return null;
    String t = EMAIL.matcher(text).replaceAll("[email]");
    t = NATIONAL_ID.matcher(t).replaceAll("[id]");
    return PHONE.matcher(t).replaceAll("[phone]");
  }
}
