package io.livelake.ingestion.obt;

import static org.apache.spark.sql.functions.*;

import io.livelake.config.ConfigException;
import io.livelake.config.LiveLakeConfig;
import io.livelake.config.Settings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;

/** Conversion of amounts into the reporting currency (reporting.fx.rates). */
public record FxRates(String reporting, Map<String, Double> perUnit) {

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
   * {@code amount} converted from {@code currency} (an ISO code, upper case as the contract says);
   * null for a currency without a rate.
   */
  public Column toReporting(Column amount, Column currency) {
    Column rate = lit(null).cast("double");
    for (Map.Entry<String, Double> e : perUnit.entrySet()) {
      rate = when(currency.equalTo(e.getKey()), lit(e.getValue())).otherwise(rate);
    }
    return round(amount.multiply(rate).divide(lit(perUnit.get(reporting))), 2);
  }
}
