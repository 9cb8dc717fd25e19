package io.livelake.simulator;

import java.util.List;

/**
 * A scheduled live broadcast and its hidden qualities, which drive viewer behaviour and hence the
 * indicators and the marketing outcome: content quality, interactive games, ad intensity, discount.
 */
record LiveSession(
    String id,
    World.Anchor anchor,
    long start,
    long end,
    String title,
    double content,
    double games,
    double adIntensity,
    double discount,
    int expectedViewers,
    List<World.Product> products) {}
