package io.livelake.ingestion.obt;

import io.livelake.config.ConfigException;
import io.livelake.config.LiveLakeConfig;
import io.livelake.config.Settings;
import io.livelake.privacy.Redactor;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** Conversion of amounts into the reporting currency (reporting.fx.rates). */
public record FxRates(String reporting, Map<String, Double> perUnit) implements Serializable {
  /**
   * Names and symbols that exports write in place of an ISO 4217 code, upper-cased: Chinese shops' RMB and 元 above
   * all, and the rupiah's Rp. Only named in the quarantine's detail, never converted: a symbol such as ¥ or $ names
   * more than one currency.
   */
  private static final Map<String, String> COMMON_NAMES = Map.of("RMB", "CNY", "YUAN", "CNY", "元", "CNY", "人民币",
      "CNY", "RP", "IDR", "NTD", "TWD", "NT$", "TWD", "US$", "USD", "HK$", "HKD", "€", "EUR");

  public static FxRates from(LiveLakeConfig c) {
    Map<String, Double> rates = new LinkedHashMap<>();
    List<String> pairs = c.getList(Settings.FX_RATES);
    for (String pair : pairs) {
      String[] kv = pair.split(":");
      try {
        if (kv.length != 2) throw new NumberFormatException();
        double rate = Double.parseDouble(kv[1]);
        if (!(rate > 0)) throw new NumberFormatException();
        rates.put(kv[0].trim().toUpperCase(java.util.Locale.ROOT), rate);
      } catch (NumberFormatException e) {
        throw new ConfigException(Settings.FX_RATES.key() + ": expected CODE:rate with a positive rate, got '" + pair + "'");
      }
    }
    String reporting = c.getString(Settings.REPORTING_CURRENCY).toUpperCase(java.util.Locale.ROOT);
    rates.putIfAbsent(reporting, 1.0);
    return new FxRates(reporting, Map.copyOf(rates));
  }

  /**
   * Why an amount in {@code currency} cannot be converted, naming the setting to extend; null when
   * it can. Ingestion quarantines such an amount: stored unconverted it would count as nothing in
   * GMV and escape the plausibility rule on amounts.
   */
  public String unconvertible(String currency) {
    if (currency != null && perUnit.containsKey(currency)) return null;
    String known = "reporting.fx.rates has rates for " + String.join(", ", new TreeSet<>(perUnit.keySet()));
    if (currency == null) {
      return "amount without a currency, so it cannot be converted into " + reporting + " (" + known + ")";
    }
    // Any text can stand where a code belongs: shown short and redacted, like every detail.
    String redacted = Redactor.redact(currency);
    String shown = redacted.length() > 12 ? redacted.substring(0, 12) + "..." : redacted;
    String upper = currency.toUpperCase(Locale.ROOT);
    String iso = COMMON_NAMES.get(upper);
    String hint = iso != null ? "; " + upper + " is not an ISO 4217 code: the producer writes " + iso
        + " for it, or reporting.fx.rates gets " + upper + ":<rate of " + iso + ">"
        : !upper.equals(currency) && perUnit.containsKey(upper) ? "; codes are upper case: " + upper : "";
    return "currency '" + shown + "' has no rate in reporting.fx.rates, so the amount cannot be converted into "
        + reporting + " (" + known + hint + ")";
  }

  /**
   * {@code amount} converted from {@code currency} (an ISO code, upper case as the contract says),
   * rounded half up to cents; infinite when it exceeds a double (the plausibility rule then rejects
   * it); null for a missing amount or a currency without a rate ({@link #unconvertible} says why).
   */
  public Double toReporting(Double amount, String currency) {
    Double rate = currency == null ? null : perUnit.get(currency);
    if (amount == null || rate == null) return null;
    double x = amount * rate / perUnit.get(reporting);
    if (!Double.isFinite(x)) return x;
    return BigDecimal.valueOf(x).setScale(2, RoundingMode.HALF_UP).doubleValue();
  }
}
