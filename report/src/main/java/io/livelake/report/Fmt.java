package io.livelake.report;

import java.util.Locale;

/** Numbers for people: thousands separators, amounts in the reporting currency, percentages. */
public final class Fmt {
  private Fmt() {}

  /** A count with thousands separators, e.g. 12,345. */
  public static String count(long n) { return String.format(Locale.ROOT, "%,d", n); }

  /** An amount in {@code currency}: whole units from 1,000 up, cents below, e.g. CNY 12,346 or CNY 8.25. */
  public static String money(double amount, String currency) {
    return currency + " " + (Math.abs(amount) >= 1000 ? String.format(Locale.ROOT, "%,.0f", amount)
        : String.format(Locale.ROOT, "%,.2f", amount));
  }

  /** A count and its noun, plural unless one: "1 viewer", "1,024 viewers" (the report's nouns take an s). */
  public static String count(long n, String noun) { return count(n, noun, noun + "s"); }

  /** A count and the noun's singular or plural form, for nouns without a plain s: "1 batch", "2 batches". */
  public static String count(long n, String one, String many) { return count(n) + " " + (n == 1 ? one : many); }

  /** A share of 1 as a percentage with one decimal, e.g. 0.1234 as 12.3%. */
  public static String percent(double share) { return String.format(Locale.ROOT, "%.1f%%", 100 * share); }

  /** A measure with {@code digits} decimals and thousands separators; NaN and infinities in words. */
  public static String number(double v, int digits) {
    if (Double.isNaN(v)) return "not defined";
    if (Double.isInfinite(v)) return v > 0 ? "infinite" : "minus infinity";
    return String.format(Locale.ROOT, "%,." + digits + "f", v);
  }

  /** A signed change with {@code digits} decimals, e.g. +0.42. */
  public static String change(double v, int digits) { return (v >= 0 ? "+" : "") + number(v, digits); }
}
