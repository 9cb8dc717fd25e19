package io.livelake.ml.segments;

/** One segment: its size, its members' mean features (original units) and its description in plain words. */
public record SegmentProfile(int segment, long users, double share, double watchMinutes, double interactions,
    double purchases, double purchaseValue, double recencyDays, String description) {}
