-- The per-session rows of gold.session_indicators before normalization, in DuckDB SQL: the counts,
-- the 14 raw indicators A11..A51 and the two outcomes, as LiveLake's SessionIndicators.compute and
-- Outcome.perViewer define them (lakehouse/src/main/java/io/livelake/indicators/). DuckDbBench runs it
-- over a table or view named obt holding silver.events_obt (read from Parquet), with the variable
-- outcome_days set to indicators.outcome.days, and checks its rows equal LiveLake's value by value.
--
-- Conventions shared with the Java:
-- * Times are compared as epoch milliseconds (Spark's unix_millis = DuckDB's epoch_ms), and dates are
--   taken in UTC (LiveLake's Spark session runs in UTC; DuckDbBench sets TimeZone to UTC).
-- * Money is summed as DECIMAL(24,6) and turned into a double only at the end, as SessionIndicators.MONEY:
--   an exact sum whatever the order of the rows, so both engines get the same double.
-- * Every ratio and mean casts both sides to DOUBLE: in DuckDB 1000.0 is a DECIMAL literal and
--   sum(BIGINT) is a HUGEINT, which would otherwise give decimal arithmetic instead of Java's doubles.
-- * A ratio whose denominator is 0 is 0.0; a mean over no observations is NULL (SessionIndicators' javadoc).

WITH
-- Only rows of a live session: shop orders outside any room make no session (compute's first filter).
ev AS (
  SELECT * FROM obt WHERE session_id IS NOT NULL
),

-- SessionIndicators.counts: one pass of fixed-size aggregates per session. Spark's count(when(c, 1)) is
-- count(*) FILTER (WHERE c); sum(when(c, x)) is sum(x) FILTER (WHERE c), NULL when nothing matches.
-- max() of strings compares bytes in both engines (no collation here).
counts AS (
  SELECT
    session_id,
    max(anchor_id) AS anchor_id,
    min(anchor_id) AS least_anchor,
    max(anchor_name) AS anchor_name,
    max(platform) AS platform,
    min(platform) AS least_platform,
    -- The schedule when known, else the first event and the room's last (a later refund or rating is not).
    coalesce(max(session_start), min(event_time)) AS session_start,
    coalesce(max(session_end), max(event_time) FILTER (WHERE event_type NOT IN ('order_refunded', 'rating')),
      max(event_time)) AS session_end,
    sum(CAST(gift_value AS DECIMAL(24, 6))) FILTER (WHERE event_type = 'gift') AS gift_value_exact,
    -- SessionIndicators.rating(target): a rating event with that target and a score.
    count(*) FILTER (WHERE event_type = 'rating' AND rating_target = 'anchor' AND rating IS NOT NULL) AS anchor_ratings,
    sum(CAST(rating AS BIGINT)) FILTER (WHERE event_type = 'rating' AND rating_target = 'anchor' AND rating IS NOT NULL)
      AS anchor_rating_sum,
    count(*) FILTER (WHERE event_type = 'rating' AND rating_target = 'product' AND rating IS NOT NULL) AS product_ratings,
    sum(CAST(rating AS BIGINT)) FILTER (WHERE event_type = 'rating' AND rating_target = 'product' AND rating IS NOT NULL)
      AS product_rating_sum,
    sum(CAST(amount_reporting AS DECIMAL(24, 6))) FILTER (WHERE event_type = 'order_paid') AS paid_exact,
    -- SessionIndicators.COUNTED: plain event counts.
    count(*) FILTER (WHERE event_type = 'product_impression') AS impressions,
    count(*) FILTER (WHERE event_type = 'product_click') AS product_clicks,
    count(*) FILTER (WHERE event_type = 'comment') AS comments,
    count(*) FILTER (WHERE event_type = 'gift') AS gifts,
    count(*) FILTER (WHERE event_type = 'like') AS likes,
    count(*) FILTER (WHERE event_type = 'share') AS shares,
    count(*) FILTER (WHERE event_type = 'unfollow') AS unfollows,
    count(*) FILTER (WHERE event_type = 'ad_impression') AS ad_impressions,
    count(*) FILTER (WHERE event_type = 'ad_click') AS ad_clicks
  FROM ev
  GROUP BY session_id
),

-- SessionIndicators.viewerVisits: a viewer's enter_room / heartbeat / leave_room events in time order,
-- ranked 0 / 1 / 2 so that at the same millisecond enter sorts before heartbeat before leave.
access AS (
  SELECT session_id, user_id, epoch_ms(event_time) AS t,
    CASE event_type WHEN 'enter_room' THEN 0 WHEN 'heartbeat' THEN 1 ELSE 2 END AS r
  FROM ev
  WHERE event_type IN ('enter_room', 'heartbeat', 'leave_room') AND user_id IS NOT NULL
),
-- A visit is open right after an enter or a heartbeat (rank < 2) and closed after a leave; the gap
-- before a heartbeat or a leave (rank > 0) counts when the visit was open before it. The first event
-- has no predecessor: NULL < 2 is NULL, so the CASE falls to 0, as Spark's when(...).otherwise(0).
-- Rows tied on (t, r) are the same kind at the same instant: whichever comes first, the gaps are equal.
gaps AS (
  SELECT session_id, user_id, r,
    CASE WHEN lag(r) OVER w < 2 AND r > 0 THEN t - lag(t) OVER w ELSE 0 END AS gap
  FROM access
  WINDOW w AS (PARTITION BY session_id, user_id ORDER BY t, r)
),
-- Viewers are users with an enter or a heartbeat (smallest rank < 2); a user who only left is none.
visits AS (
  SELECT session_id, user_id, sum(gap) AS watch_ms
  FROM gaps
  GROUP BY session_id, user_id
  HAVING min(r) < 2
),
audience AS (
  SELECT session_id, count(*) AS viewers, sum(watch_ms) AS watch_ms
  FROM visits
  GROUP BY session_id
),

-- SessionIndicators.distinctPairs: distinct (viewer, product) impressions and cart adds, game
-- participants, buyers, and paid order ids, as one distinct over tagged keys. UNION (not UNION ALL)
-- is that distinct, and treats NULL keys as equal as Spark's distinct() does.
tagged AS (
  SELECT session_id, event_type AS kind, user_id AS k1,
    CASE WHEN event_type IN ('game_join', 'order_paid') THEN NULL ELSE product_id END AS k2
  FROM ev
  WHERE event_type IN ('product_impression', 'cart_add', 'game_join', 'order_paid') AND user_id IS NOT NULL
  UNION
  SELECT session_id, 'order' AS kind, order_id AS k1, NULL AS k2
  FROM ev
  WHERE event_type = 'order_paid' AND order_id IS NOT NULL
),
pairs AS (
  SELECT session_id,
    -- A pair needs a product: an impression or cart add without product_id is no (viewer, product) pair.
    count(*) FILTER (WHERE kind = 'product_impression' AND k2 IS NOT NULL) AS impression_pairs,
    count(*) FILTER (WHERE kind = 'cart_add' AND k2 IS NOT NULL) AS cart_pairs,
    count(*) FILTER (WHERE kind = 'game_join') AS game_participants,
    count(*) FILTER (WHERE kind = 'order') AS orders,
    count(*) FILTER (WHERE kind = 'order_paid') AS buyers
  FROM tagged
  GROUP BY session_id
),

-- SessionIndicators.firstTimeViewers on a full build: each session's rank among its anchor's sessions
-- by start, ties by session id (Spark sorts NULLs first in ascending order; said explicitly here, as
-- DuckDB's default is NULLS LAST); a viewer is first-time in the session of their smallest rank.
ranked AS (
  SELECT session_id, anchor_id,
    row_number() OVER (PARTITION BY anchor_id ORDER BY session_start ASC NULLS FIRST, session_id ASC NULLS FIRST) AS rnk
  FROM counts
),
first_seen AS (
  SELECT s.anchor_id, v.user_id, min(s.rnk) AS rnk
  FROM visits v JOIN ranked s USING (session_id)
  GROUP BY s.anchor_id, v.user_id
),
-- An equi-join on anchor_id: sessions without an anchor get no first-time viewers, as in Spark's join.
first_time AS (
  SELECT s.session_id, count(*) AS first_time_viewers
  FROM first_seen f JOIN ranked s ON f.anchor_id = s.anchor_id AND f.rnk = s.rnk
  GROUP BY s.session_id
),

-- OrderSessions.attributed: a refund counts in the session of its order's earliest payment (same user and
-- order_id), under its own session_id only when the OBT holds no such payment. Spark takes the least
-- (event_time, session_id); arg_min breaks a tie of times at random, and the synthetic OBT's ties are
-- payments of one order in one session.
first_paid AS (
  SELECT user_id, order_id, arg_min(session_id, event_time) AS paid_session
  FROM obt
  WHERE event_type = 'order_paid' AND user_id IS NOT NULL AND order_id IS NOT NULL
  GROUP BY user_id, order_id
),
orders AS (
  SELECT o.event_type, o.user_id, o.event_time, o.amount_reporting,
    CASE WHEN o.event_type = 'order_refunded' AND f.user_id IS NOT NULL THEN f.paid_session ELSE o.session_id END
      AS session_id
  FROM obt o
  LEFT JOIN first_paid f ON o.event_type = 'order_refunded' AND f.user_id = o.user_id AND f.order_id = o.order_id
  WHERE o.event_type IN ('order_paid', 'order_refunded')
),
-- SessionIndicators.refunds: the refunds counting for each session.
refunds AS (
  SELECT session_id, sum(CAST(amount_reporting AS DECIMAL(24, 6))) AS refunded_exact
  FROM orders
  WHERE event_type = 'order_refunded' AND session_id IS NOT NULL
  GROUP BY session_id
),

-- Outcome.perViewer: every order and refund with a user, signed (a refund subtracts), against each
-- viewer's window from the session start to outcome_days days after its end, both ends included
-- (Spark's between). A NULL amount stays NULL and is skipped by sum(), as in Spark.
money AS (
  SELECT user_id AS buyer, session_id AS order_session, epoch_ms(event_time) AS t,
    CASE WHEN event_type = 'order_paid' THEN CAST(amount_reporting AS DECIMAL(24, 6))
         ELSE -CAST(amount_reporting AS DECIMAL(24, 6)) END AS signed
  FROM orders
  WHERE user_id IS NOT NULL
),
viewer_windows AS (
  SELECT v.session_id, v.user_id, epoch_ms(c.session_start) AS from_ms, epoch_ms(c.session_end) AS end_ms,
    epoch_ms(c.session_end) + CAST(getvariable('outcome_days') AS BIGINT) * 86400000 AS to_ms
  FROM visits v JOIN counts c USING (session_id)
),
-- net: everything the viewers spent in the window (the session's own orders included);
-- net_later: only after the session's end and outside any live room (order_session IS NULL).
spent AS (
  SELECT w.session_id,
    sum(m.signed) AS net,
    sum(m.signed) FILTER (WHERE m.t > w.end_ms AND m.order_session IS NULL) AS net_later
  FROM viewer_windows w JOIN money m ON m.buyer = w.user_id AND m.t BETWEEN w.from_ms AND w.to_ms
  GROUP BY w.session_id
),

-- compute's joins with na().fill(0): a session without viewers, pairs or first-time viewers has 0 of them.
joined AS (
  SELECT c.*,
    coalesce(a.viewers, 0) AS viewers,
    coalesce(a.watch_ms, 0) AS watch_ms,
    coalesce(p.impression_pairs, 0) AS impression_pairs,
    coalesce(p.cart_pairs, 0) AS cart_pairs,
    coalesce(p.game_participants, 0) AS game_participants,
    coalesce(p.orders, 0) AS orders,
    coalesce(p.buyers, 0) AS buyers,
    coalesce(f.first_time_viewers, 0) AS first_time_viewers,
    coalesce(s.net, 0) AS net,
    coalesce(s.net_later, 0) AS net_later,
    r.refunded_exact
  FROM counts c
  LEFT JOIN audience a USING (session_id)
  LEFT JOIN pairs p USING (session_id)
  LEFT JOIN first_time f USING (session_id)
  LEFT JOIN spent s USING (session_id)
  LEFT JOIN refunds r USING (session_id)
)

-- SessionIndicators.withIndicators: the columns of gold.session_indicators, named as there.
SELECT
  session_id, anchor_id, anchor_name, platform,
  -- SessionIndicators.conflict: the least and greatest anchor and platform, where they differ (concat_ws skips NULLs).
  nullif(concat_ws('; ',
      CASE WHEN least_anchor <> anchor_id THEN 'anchor_id ' || least_anchor || ' … ' || anchor_id END,
      CASE WHEN least_platform <> platform THEN 'platform ' || least_platform || ' … ' || platform END), '')
    AS session_id_conflict,
  CAST(session_start AS DATE) AS session_date,
  session_start, session_end,
  viewers,
  CAST(watch_ms AS DOUBLE) / 1000.0::DOUBLE AS watch_seconds,
  impressions, impression_pairs, product_clicks, cart_pairs, comments, gifts,
  CAST(coalesce(gift_value_exact, 0) AS DOUBLE) AS gift_value,
  likes, shares, game_participants, anchor_ratings, product_ratings, unfollows, first_time_viewers,
  ad_impressions, ad_clicks, orders, buyers,
  CAST(coalesce(paid_exact, 0) AS DOUBLE) AS gmv_paid,
  CAST(coalesce(refunded_exact, 0) AS DOUBLE) AS gmv_refunded,
  -- A11: mean watch seconds per viewer, seconds first as in ratio(watch_ms / 1000.0, viewers).
  CASE WHEN viewers > 0 THEN (CAST(watch_ms AS DOUBLE) / 1000.0::DOUBLE) / CAST(viewers AS DOUBLE) ELSE 0.0 END
    AS a11_viewing_duration_s,
  CAST(comments AS DOUBLE) AS a12_barrages,
  CAST(gifts AS DOUBLE) AS a13_gifts,
  CAST(likes + shares AS DOUBLE) AS a14_likes_shares,
  CASE WHEN impression_pairs > 0 THEN CAST(cart_pairs AS DOUBLE) / CAST(impression_pairs AS DOUBLE) ELSE 0.0 END
    AS a21_commodity_display_effect,
  CASE WHEN anchor_ratings > 0 THEN CAST(anchor_rating_sum AS DOUBLE) / CAST(anchor_ratings AS DOUBLE) END
    AS a22_anchor_professionalism,
  CASE WHEN viewers > 0 THEN CAST(game_participants AS DOUBLE) / CAST(viewers AS DOUBLE) ELSE 0.0 END
    AS a23_interactive_game_effect,
  CASE WHEN viewers > 0 THEN CAST(buyers AS DOUBLE) / CAST(viewers AS DOUBLE) ELSE 0.0 END
    AS a31_purchase_conversion_rate,
  -- A32: paid net of refunded, subtracted as decimals, then a double.
  CAST(coalesce(paid_exact, 0) - coalesce(refunded_exact, 0) AS DOUBLE) AS a32_sales,
  CASE WHEN impressions > 0 THEN CAST(product_clicks AS DOUBLE) / CAST(impressions AS DOUBLE) ELSE 0.0 END
    AS a33_goods_click_rate,
  CASE WHEN product_ratings > 0 THEN CAST(product_rating_sum AS DOUBLE) / CAST(product_ratings AS DOUBLE) END
    AS a41_comments_ratings,
  CASE WHEN viewers > 0 THEN CAST(unfollows AS DOUBLE) / CAST(viewers AS DOUBLE) ELSE 0.0 END
    AS a42_unsubscribe_rate,
  CASE WHEN viewers > 0 THEN CAST(first_time_viewers AS DOUBLE) / CAST(viewers AS DOUBLE) ELSE 0.0 END
    AS a43_user_growth_rate,
  CASE WHEN ad_impressions > 0 THEN CAST(ad_clicks AS DOUBLE) / CAST(ad_impressions AS DOUBLE) ELSE 0.0 END
    AS a51_advertising_ctr,
  -- Outcome.perViewer: the decimal sums as doubles over the viewer count; 0.0 without viewers.
  CASE WHEN viewers > 0 THEN CAST(net AS DOUBLE) / CAST(viewers AS DOUBLE) ELSE 0.0 END AS outcome_gmv_per_viewer,
  CASE WHEN viewers > 0 THEN CAST(net_later AS DOUBLE) / CAST(viewers AS DOUBLE) ELSE 0.0 END
    AS outcome_later_gmv_per_viewer
FROM joined
