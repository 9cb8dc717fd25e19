package io.livelake.ingestion.cleaning;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CleaningStateTest {
  private static final long T = 1_793_491_200_000L; // a whole hour, so minute and hour buckets start here
  private static final CleaningRules RULES = new CleaningRules(600_000L, 3_600_000L, 3, 30, 120, 2, 20, 50, 10_000L, 0.5, 200_000, 100_000, 300_000L, 1 << 20);
  private long offset;

  /** An event in live room s1. */
  private EventKey ev(int partition, String id, String type, long time, String user, String product, String orderKey) {
    return ev(partition, id, type, time, user, "s1", product, orderKey);
  }

  private EventKey ev(int partition, String id, String type, long time, String user, String session, String product,
      String orderKey) {
    return new EventKey(partition, null, offset++, null, id, type, time, user, session, product, orderKey, false);
  }

  private static Map<String, String> outcome(CleaningState.Judgement j) {
    Map<String, String> m = new TreeMap<>();
    for (Verdict v : j.verdicts()) m.put(v.event().eventId(), v.kind() + ":" + v.code());
    return m;
  }

  @Test
  void lateIsJudgedPerPartitionAgainstEverythingThatArrivedBefore() {
    CleaningState s = new CleaningState(RULES);
    var j = s.judge(List.of(
        ev(0, "a", "like", T + 20 * 60_000, "u1", null, null),
        ev(0, "b", "like", T + 9 * 60_000, "u2", null, null),      // 11 min older than the newest before it: late
        ev(0, "c", "like", T + 11 * 60_000, "u2", null, null),     // 9 min older: on time, out of order
        ev(1, "d", "like", T, "u3", null, null)), 0L);                 // partition 1 has seen nothing yet
    assertEquals(Map.of("b", "quarantine:late"), outcome(j));
    var next = s.judge(List.of(ev(1, "e", "like", T - 11 * 60_000, "u3", null, null)), 0L);
    assertEquals(Map.of("e", "quarantine:late"), outcome(next), "the watermark carries over to the next batch");
  }

  @Test
  void aQuietPartitionStopsHoldingTheWatermarkBackOnceItIsIdle() {
    CleaningState s = new CleaningState(RULES); // watermark delay 10 min, a partition idle after 1 h without records
    long wall = 0;
    s.judge(List.of(ev(0, "quiet", "like", T, "u0", null, null)), wall);
    // Partition 1 goes on for 3 hours, a batch a minute with one like each from a new user (a key and a bucket
    // each); partition 0 delivers nothing.
    for (int m = 1; m <= 180; m++) {
      wall += 60_000L;
      var j = s.judge(List.of(ev(1, "e" + m, "like", T + m * 60_000L, "u" + m, null, null)), wall);
      assertEquals(Map.of(), outcome(j));
      if (m == 60) assertEquals(T - 600_000L, s.watermark(), "an hour without records: not idle yet");
    }
    assertEquals(T + 170 * 60_000L, s.watermark(), "partition 1's newest less the delay");
    long bounded = s.size();
    for (int m = 181; m <= 360; m++) {
      wall += 60_000L;
      s.judge(List.of(ev(1, "e" + m, "like", T + m * 60_000L, "u" + m, null, null)), wall);
    }
    assertEquals(bounded, s.size(), "another 3 hours and the state holds as many events: eviction goes on");
    // The watermark at minute 170 less the 10 s cart window: minutes 169 (its bucket ends after that edge) to 180,
    // one event id and one like bucket each.
    assertEquals(2 * 12, bounded);

    // The quiet partition delivers again: on time against its own newest event, but its state is gone.
    var j = s.judge(List.of(
        ev(0, "old", "like", T + 5 * 60_000L, "u0", null, null),
        ev(0, "recent", "like", T + 355 * 60_000L, "u0", null, null)), wall + 60_000L);
    assertEquals(Map.of("old", "quarantine:late"), outcome(j));
    assertEquals("older than the watermark the cleaning state moved on to while its source partition was idle (no "
        + "records for ingest.partition.idle = 3600000 ms): events of a past period go in with livelake import "
        + "--format jsonl, in time order", j.verdicts().get(0).detail());
    assertEquals(T + 350 * 60_000L, s.watermark(), "both partitions deliver: the slower one's newest less the delay");

    CleaningState restarted = new CleaningState(RULES);
    restarted.partitionMax(0, T);
    restarted.partitionMax(1, T + 180 * 60_000L);
    restarted.evictedTo(T + 170 * 60_000L);
    assertEquals(T + 170 * 60_000L, restarted.watermark(), "a restart goes on from the watermark the run had reached");
  }

  @Test
  void anEventIdIsADuplicateWhateverItsTimeAsLongAsItsNewestCopyIsWithinTheHorizon() {
    CleaningState s = new CleaningState(RULES);
    var j = s.judge(List.of(
        ev(0, "x", "like", T, "u1", null, null),
        ev(0, "x", "like", T + 5 * 60_000, "u1", null, null),           // same id, 5 min later
        ev(0, "y", "like", T + 9 * 3_600_000L, "u2", null, null)), 0L);     // moves the watermark 9 h on
    assertEquals(Map.of("x", "duplicate:event_id"), outcome(j));
    var later = s.judge(List.of(ev(0, "x", "like", T + 9 * 3_600_000L, "u1", null, null)), 0L);
    assertEquals(Map.of(), outcome(later), "both copies are behind the horizon: the id is new again");
    var kept = new CleaningState(RULES);
    kept.judge(List.of(ev(0, "z", "like", T, "u1", null, null), ev(0, "z", "like", T + 3_600_000L, "u1", null, null),
        ev(0, "w", "like", T + 3_600_000L + 60_000, "u3", null, null)), 0L);
    var again = kept.judge(List.of(ev(0, "z", "like", T + 3_600_000L + 30_000, "u1", null, null)), 0L);
    assertEquals(Map.of("z", "duplicate:event_id"), outcome(again),
        "the id is remembered with its newest copy, an hour after the first");
  }

  @Test
  void anEventIdHeldByAnEventOfAnotherTypeOrUserIsQuarantinedNotCountedAsADuplicate() {
    CleaningState s = new CleaningState(RULES);
    var j = s.judge(List.of(
        ev(0, "7", "like", T, "u1", null, null),
        ev(0, "7", "like", T + 2_000, "u1", null, null),                // a retry stamped anew: a copy
        ev(0, "7", "comment", T + 3_000, "u1", null, null),             // a producer's counter that restarted
        ev(0, "7", "like", T + 4_000, "u2", null, null),                // ... and another user's event
        ev(0, "8", "like", T + 5_000, "u2", null, null)), 0L);
    assertEquals(List.of("7 like u1 duplicate event_id", "7 comment u1 quarantine event_id_reused",
        "7 like u2 quarantine event_id_reused"), described(j));
    assertEquals("its event_id is held by an earlier event of another event_type or user_id: a second event under one "
        + "id, not a redelivery of the first (which stays); give each event an id of its own", j.verdicts().get(1).detail());
    var again = s.judge(List.of(ev(1, "7", "like", T + 60_000, "u1", null, null),
        ev(1, "7", "comment", T + 61_000, "u1", null, null)), 0L);
    assertEquals(List.of("7 like u1 duplicate event_id", "7 comment u1 quarantine event_id_reused"), described(again),
        "the first event still holds its id in a later batch");

    CleaningState rebuilt = new CleaningState(RULES); // after a restart, from what the lake holds
    rebuilt.rememberAccepted("7", "like", T, "u1", "s1", null, null);
    rebuilt.rememberRateQuarantined("9", "product_click", T, "u3");
    var after = rebuilt.judge(List.of(ev(0, "7", "like", T, "u1", null, null), ev(0, "7", "share", T, "u1", null, null),
        ev(0, "9", "product_click", T, "u3", null, null), ev(0, "9", "product_click", T, "u4", null, null)), 0L);
    assertEquals(List.of("7 like u1 duplicate event_id", "7 share u1 quarantine event_id_reused",
        "9 product_click u3 duplicate event_id", "9 product_click u4 quarantine event_id_reused"), described(after));
  }

  @Test
  void anEventIdHeldWithoutAFingerprintMatchesAnyEventAsBefore() {
    // A state store checkpoint written before fingerprints holds ids at their bare minute.
    HeapCleaningStore store = new HeapCleaningStore();
    store.putKey("i|7", CleaningStore.minute(T));
    var j = new CleaningState(RULES, store).judge(List.of(ev(0, "7", "comment", T + 90_000, "u9", null, null)), 0L);
    assertEquals(List.of("7 comment u9 duplicate event_id"), described(j));
    assertEquals(CleaningStore.minute(T + 90_000), CleaningStore.minuteOfStamp(store.stampOf("i|7")),
        "held at the newer minute, as a copy is");
  }

  @Test
  void aStampKeepsItsMinuteAndFingerprintApart() {
    long lastMinute = CleaningStore.minute(253_402_300_799_999L); // 9999-12-31T23:59:59.999Z
    for (int fingerprint : new int[] {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
      for (long minute : new long[] {CleaningStore.minute(946_684_800_000L), CleaningStore.minute(T), lastMinute}) {
        long stamp = CleaningStore.stamp(minute, fingerprint);
        assertEquals(minute, CleaningStore.minuteOfStamp(stamp));
        assertEquals(fingerprint, CleaningStore.fingerprintOf(stamp));
      }
    }
    assertEquals(CleaningStore.minute(T), CleaningStore.stamp(CleaningStore.minute(T), 0), "a bare minute is a stamp");
  }

  /** The verdicts as "id type user kind code", in arrival order. */
  private static List<String> described(CleaningState.Judgement j) {
    List<String> out = new ArrayList<>();
    for (Verdict v : j.verdicts()) {
      EventKey e = v.event();
      out.add(e.eventId() + " " + e.type() + " " + e.userId() + " " + v.kind() + " " + v.code());
    }
    return out;
  }

  @Test
  void duplicatesByEventIdAccessKeyOrderKeyAndCartWindow() {
    CleaningState s = new CleaningState(RULES);
    String order = "o|o1|order_paid|" + T + "|[...]";
    var j = s.judge(List.of(
        ev(0, "e1", "heartbeat", T, "u1", null, null),
        ev(0, "e1", "heartbeat", T, "u1", null, null),                  // same id
        ev(0, "e2", "heartbeat", T, "u1", null, null),                  // same user, type, time
        ev(0, "e3", "heartbeat", T + 1, "u1", null, null),              // a millisecond later: distinct
        ev(0, "o-a", "order_paid", T, "u1", null, order),
        ev(0, "o-b", "order_paid", T, "u1", null, order),               // same order number, time and goods
        ev(0, "c1", "cart_add", T, "u1", "p1", null),
        ev(0, "c2", "cart_add", T + 10_000, "u1", "p1", null),          // within 10 s of an accepted add
        ev(0, "c3", "cart_add", T + 10_001, "u1", "p2", null)), 0L);        // another product
    assertEquals(Map.of("e1", "duplicate:event_id", "e2", "duplicate:access_log", "o-b", "duplicate:order",
        "c2", "duplicate:cart_readd"), outcome(j));
    var again = s.judge(List.of(ev(1, "e1", "heartbeat", T, "u1", null, null),
        ev(0, "c4", "cart_add", T + 21_000, "u1", "p1", null)), 0L);
    assertEquals(Map.of("e1", "duplicate:event_id"), outcome(again),
        "a redelivery in a later batch is caught; an add 21 s after the accepted one is new");
  }

  @Test
  void theAccessLogKeyIncludesTheRoomSoVisitsOfTwoRoomsInOneMillisecondBothCount() {
    CleaningState s = new CleaningState(RULES);
    var j = s.judge(List.of(
        ev(0, "v1", "enter_room", T, "u1", "s1", null, null),
        ev(0, "v2", "enter_room", T, "u1", "s2", null, null),           // another room, same time: a visit
        ev(0, "v3", "enter_room", T, "u1", "s1", null, null),           // same room again: a duplicate
        ev(0, "l1", "login", T, "u1", null, null, null),
        ev(0, "l2", "login", T, "u1", null, null, null)), 0L);              // no room either time: a duplicate
    assertEquals(Map.of("v3", "duplicate:access_log", "l2", "duplicate:access_log"), outcome(j));

    CleaningState rebuilt = new CleaningState(RULES);
    rebuilt.partitionMax(0, T);
    rebuilt.rememberAccepted("v1", "enter_room", T, "u1", "s1", null, null);
    rebuilt.rememberAccepted("l1", "login", T, "u1", null, null, null);
    var after = rebuilt.judge(List.of(
        ev(0, "v4", "enter_room", T, "u1", "s2", null, null),
        ev(0, "v5", "enter_room", T, "u1", "s1", null, null),
        ev(0, "l3", "login", T, "u1", null, null, null)), 0L);
    assertEquals(Map.of("v5", "duplicate:access_log", "l3", "duplicate:access_log"), outcome(after),
        "a rebuilt state keys visits by room too");
  }

  @Test
  void aBucketOverItsLimitIsQuarantinedWholeIncludingEarlierBatches() {
    CleaningState s = new CleaningState(RULES); // at most 3 clicks per user per minute
    var first = s.judge(List.of(ev(0, "k1", "product_click", T + 1_000, "bot", "p", null),
        ev(0, "k2", "ad_click", T + 2_000, "bot", null, null)), 0L);
    assertTrue(first.verdicts().isEmpty());
    var second = s.judge(List.of(ev(0, "k3", "product_click", T + 3_000, "bot", "p", null),
        ev(0, "k4", "product_click", T + 4_000, "bot", "p", null),
        ev(0, "k5", "product_click", T + 61_000, "bot", "p", null)), 0L);      // next minute: its own bucket
    assertEquals(Map.of("k3", "quarantine:bot_burst", "k4", "quarantine:bot_burst"), outcome(second));
    assertEquals(1, second.retractions().size());
    Retraction r = second.retractions().get(0);
    assertEquals("bot", r.userId());
    assertEquals(List.of("product_click", "ad_click"), r.types());
    assertEquals(T, r.fromMs());
    assertEquals(T + 60_000, r.toMs());
    assertEquals(2, r.events(), "k1 and k2 are in the OBT; k3 of this batch gets its verdict instead");
    var third = s.judge(List.of(ev(0, "k6", "product_click", T + 5_000, "bot", "p", null)), 0L);
    assertEquals(Map.of("k6", "quarantine:bot_burst"), outcome(third), "the bucket stays over");
    assertTrue(third.retractions().isEmpty(), "nothing left to retract");
  }

  @Test
  void loginsArePerHourAndTheOutcomeDoesNotDependOnBatching() {
    List<EventKey> events = new ArrayList<>();
    for (int i = 0; i < 3; i++) events.add(ev(0, "l" + i, "login", T + i * 600_000L, "u9", null, null));
    events.add(ev(0, "x", "login", T + 3_600_000L, "u9", null, null));
    CleaningState whole = new CleaningState(RULES);
    var all = whole.judge(events, 0L);
    CleaningState split = new CleaningState(RULES);
    Map<String, String> pieces = new TreeMap<>();
    List<Retraction> retractions = new ArrayList<>();
    for (EventKey e : events) {
      var j = split.judge(List.of(e), 0L);
      pieces.putAll(outcome(j));
      retractions.addAll(j.retractions());
    }
    assertEquals(Map.of("l2", "quarantine:abnormal_login"), pieces, "l0 and l1 were accepted when they arrived");
    assertEquals(Map.of("l0", "quarantine:abnormal_login", "l1", "quarantine:abnormal_login",
        "l2", "quarantine:abnormal_login"), outcome(all));
    assertEquals(1, retractions.size(), "one at a time, the first two are retracted from the OBT when the third arrives");
    assertEquals(T, retractions.get(0).fromMs());
    assertEquals(T + 3_600_000L, retractions.get(0).toMs());
  }

  @Test
  void rebuiltStateJudgesLikeTheStateItReplaces() {
    CleaningState rebuilt = new CleaningState(RULES);
    rebuilt.partitionMax(0, T + 60_000);
    rebuilt.rememberAccepted("e1", "heartbeat", T, "u1", "s1", null, null);
    rebuilt.rememberAccepted("c1", "cart_add", T, "u1", "s1", "p1", null);
    rebuilt.rememberAccepted("k1", "like", T, "u2", "s1", null, null);
    var j = rebuilt.judge(List.of(ev(0, "e1", "heartbeat", T, "u1", null, null),
        ev(0, "c2", "cart_add", T + 5_000, "u1", "p1", null),
        ev(0, "old", "like", T + 60_000 - 600_001, "u2", null, null)), 0L);
    assertEquals(Map.of("e1", "duplicate:event_id", "c2", "duplicate:cart_readd", "old", "quarantine:late"), outcome(j));
  }

  @Test
  void aBucketSeededWithARateQuarantinedEventIsOverAndDecidesNoRetractionAgain() {
    CleaningState s = new CleaningState(RULES);
    s.partitionMax(0, T + 60_000);
    // A run stopped after quarantining bot's burst, before the retraction layer moved its earlier clicks.
    s.rememberAccepted("k1", "product_click", T + 1_000, "bot", "s1", "p", null);
    s.rememberAccepted("k2", "ad_click", T + 2_000, "bot", "s1", null, null);
    s.rememberRateQuarantined("k4", "product_click", T + 4_000, "bot");
    s.rememberAccepted("m2", "like", T + 2_000, "u3", "s1", null, null);

    var j = s.judge(List.of(ev(0, "k5", "product_click", T + 5_000, "bot", "p", null),
        ev(0, "m3", "like", T + 3_000, "u3", null, null)), 0L);
    assertEquals(Map.of("k5", "quarantine:bot_burst"), outcome(j));
    assertTrue(j.retractions().isEmpty(), "the bucket was over before: its retraction was decided then");
  }
}
