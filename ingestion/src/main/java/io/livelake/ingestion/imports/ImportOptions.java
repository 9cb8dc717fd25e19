package io.livelake.ingestion.imports;

import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The options of an import as typed, null where not given; {@link #converter()} applies each format's
 * defaults and refuses an option the format has no use for (it would silently do nothing).
 */
public record ImportOptions(String format, String platform, String sessionRule, String currency, BigDecimal unitPrice,
    String timeZone, String encoding) {

  /** The formats, as typed after --format. */
  public static final List<String> FORMATS = List.of("taobao-user-behavior", "rees46", "online-retail", "jsonl");

  /**
   * The converter these options describe.
   *
   * @throws IllegalArgumentException naming the option that does not fit
   */
  ImportFormat converter() {
    return switch (format) {
      case "taobao-user-behavior" -> {
        refuse("--time-zone", timeZone);
        if (unitPrice != null && unitPrice.signum() <= 0) {
          throw new IllegalArgumentException("--unit-price must be positive (a price of 0 is no sale), got " + unitPrice);
        }
        SessionRule rule = rule(SessionRule.CATEGORY_HOUR, List.of(SessionRule.CATEGORY_HOUR, SessionRule.CATEGORY_DAY));
        yield new TaobaoUserBehavior(or(platform, "taobao"), rule, unitPrice == null ? BigDecimal.ONE : unitPrice,
            or(currency, "CNY"));
      }
      case "rees46" -> {
        refuse("--time-zone", timeZone);
        refuse("--unit-price", unitPrice);
        yield new Rees46(or(platform, "rees46"), rule(SessionRule.USER_SESSION, List.of(SessionRule.values())),
            or(currency, "USD"));
      }
      case "online-retail" -> {
        refuse("--unit-price", unitPrice);
        refuse("--session-rule", sessionRule);
        yield new OnlineRetail(or(platform, "online-retail"), or(currency, "GBP"), zone());
      }
      case "jsonl" -> {
        if (platform != null || sessionRule != null || currency != null || unitPrice != null || timeZone != null) {
          throw new IllegalArgumentException("--format jsonl takes no conversion options: its events carry their fields");
        }
        yield new Jsonl();
      }
      default -> throw new IllegalArgumentException("--format must be one of " + String.join(", ", FORMATS) + ", got '"
          + format + "'");
    };
  }

  /** The options as the flags that give them, those not given left out: how a run is named to the user. */
  public String asFlags() {
    StringBuilder b = new StringBuilder("--format ").append(format);
    if (platform != null) b.append(" --platform ").append(platform);
    if (sessionRule != null) b.append(" --session-rule ").append(sessionRule);
    if (currency != null) b.append(" --currency ").append(currency);
    if (unitPrice != null) b.append(" --unit-price ").append(unitPrice.toPlainString());
    if (timeZone != null) b.append(" --time-zone ").append(timeZone);
    if (encoding != null) b.append(" --encoding ").append(encoding);
    return b.toString();
  }

  private SessionRule rule(SessionRule fallback, List<SessionRule> allowed) {
    if (sessionRule == null) return fallback;
    SessionRule r = SessionRule.of(sessionRule);
    if (!allowed.contains(r)) {
      List<String> names = new ArrayList<>();
      allowed.forEach(a -> names.add(a.option()));
      throw new IllegalArgumentException("--session-rule for " + format + " must be one of " + String.join(", ", names)
          + ", got '" + sessionRule + "'");
    }
    return r;
  }

  /**
   * The charset --encoding names; null when not given, for the input's own (UTF-8, or UTF-16 as {@link
   * io.livelake.ingestion.source.TextEncoding} tells it).
   *
   * @throws IllegalArgumentException naming the option when Java knows no such charset
   */
  Charset charset() {
    if (encoding == null) return null;
    try {
      return Charset.forName(encoding);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--encoding must be a charset such as UTF-8, windows-1252 or ISO-8859-1, got '"
          + encoding + "'");
    }
  }

  private ZoneId zone() {
    if (timeZone == null) return ZoneId.of("UTC");
    try {
      return ZoneId.of(timeZone);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--time-zone must be a zone such as UTC or Europe/London, got '" + timeZone + "'");
    }
  }

  private void refuse(String option, Object value) {
    if (value != null) throw new IllegalArgumentException(option + " does not apply to --format " + format);
  }

  private static String or(String value, String fallback) { return value == null ? fallback : value; }
}
