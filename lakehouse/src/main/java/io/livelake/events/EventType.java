package io.livelake.events;

import static io.livelake.events.EventSource.*;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every event type of the contract, with its source and the fields it requires beyond the common ones. */
public enum EventType {
  LOGIN(ACCESS, false),
  LOGOUT(ACCESS, false),
  ENTER_ROOM(ACCESS, true),
  LEAVE_ROOM(ACCESS, true),
  HEARTBEAT(ACCESS, true),
  PRODUCT_IMPRESSION(INTERACTION, true, "product_id"),
  PRODUCT_CLICK(INTERACTION, true, "product_id"),
  COMMENT(INTERACTION, true, "text"),
  LIKE(INTERACTION, true),
  SHARE(INTERACTION, true),
  GIFT(INTERACTION, true, "gift_value"),
  FOLLOW(INTERACTION, true),
  UNFOLLOW(INTERACTION, true),
  RATING(INTERACTION, true, "rating", "target"),
  GAME_JOIN(INTERACTION, true),
  AD_IMPRESSION(INTERACTION, true, "ad_id"),
  AD_CLICK(INTERACTION, true, "ad_id"),
  CART_ADD(CART, true, "product_id", "quantity"),
  CART_REMOVE(CART, true, "product_id", "quantity"),
  ORDER_PAID(ORDER, false, "order_id", "lines", "amount", "currency"),
  ORDER_REFUNDED(ORDER, false, "order_id", "lines", "amount", "currency");

  /**
   * The types that come after the live whose session_id they carry, days later: a refund of an order paid in it,
   * a rating of its anchor or products. They count for that session, but they are not its room's activity.
   */
  public static final List<EventType> AFTER_THE_LIVE = List.of(ORDER_REFUNDED, RATING);

  private static final Map<String, EventType> BY_WIRE =
      Arrays.stream(values()).collect(Collectors.toMap(EventType::wireName, Function.identity()));

  private final EventSource source;
  private final boolean inSession;
  private final List<String> requiredFields;

  EventType(EventSource source, boolean inSession, String... requiredFields) {
    this.source = source;
    this.inSession = inSession;
    this.requiredFields = List.of(requiredFields);
  }

  public EventSource source() { return source; }

  /** Whether the event happens in a live room, so session_id and anchor_id are required. */
  public boolean inSession() { return inSession; }

  /** Type-specific fields that must be present (the common ones are in {@link EventContract}). */
  public List<String> requiredFields() { return requiredFields; }

  /** The name on the wire: lower snake case, e.g. {@code product_click}. */
  public String wireName() { return name().toLowerCase(Locale.ROOT); }

  public static Optional<EventType> fromWire(String name) { return Optional.ofNullable(BY_WIRE.get(name)); }

  /**
   * The types whose name shares a word with {@code name}, a type the contract does not have, as another producer
   * names its events ({@code add_to_cart} or {@code addToCart}: cart_add, cart_remove; {@code likes}: like); words
   * are split at anything but letters and digits and where a lower-case letter meets an upper-case one, compared
   * in lower case, a plural's s dropped.
   */
  public static List<EventType> sharingAWordWith(String name) {
    Set<String> words = new HashSet<>();
    for (String w : name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
      if (w.isEmpty()) continue;
      words.add(w);
      if (w.length() > 2 && w.endsWith("s")) words.add(w.substring(0, w.length() - 1));
    }
    return Arrays.stream(values())
        .filter(t -> Arrays.stream(t.wireName().split("_")).anyMatch(words::contains))
        .toList();
  }
}
