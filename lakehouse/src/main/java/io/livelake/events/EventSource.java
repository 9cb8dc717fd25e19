package io.livelake.events;

/** The four data sources of paper 001 (Table 1), which decide the cleaning rules an event goes through. */
public enum EventSource {
  ACCESS, INTERACTION, CART, ORDER;

  public String wireName() { return name().toLowerCase(java.util.Locale.ROOT); }
}
