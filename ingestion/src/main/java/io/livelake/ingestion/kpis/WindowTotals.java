package io.livelake.ingestion.kpis;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The running figures of one session's one-minute window, which a change of the One Big Table adds to
 * (an insert) or takes from (a delete): event counts, exact decimal sums, and how many of the window's
 * rows name each platform and anchor, so the smallest of those still present is known after deletes.
 * Distinct viewers and buyers are counted by the caller, which knows each user's rows in the window.
 */
final class WindowTotals {
  private static final String[] COUNTED = {"comment", "like", "share", "gift", "product_click", "order_paid"};

  long rows;
  /** Rows by type, in the order of {@link #COUNTED}. */
  final long[] counts = new long[COUNTED.length];
  long viewers;
  long buyers;
  BigDecimal giftValue = BigDecimal.ZERO;
  BigDecimal gmv = BigDecimal.ZERO;
  final Map<String, Long> platforms = new TreeMap<>();
  final Map<String, Long> anchors = new TreeMap<>();

  /** Adds one OBT row ({@code sign} 1) or takes it away (-1). */
  void add(int sign, String type, BigDecimal gift, BigDecimal amount, String platform, String anchor) {
    rows += sign;
    for (int i = 0; i < COUNTED.length; i++) if (COUNTED[i].equals(type)) counts[i] += sign;
    if ("gift".equals(type) && gift != null) giftValue = giftValue.add(signed(sign, gift));
    if ("order_paid".equals(type) && amount != null) gmv = gmv.add(signed(sign, amount));
    label(platforms, platform, sign);
    label(anchors, anchor, sign);
  }

  private static BigDecimal signed(int sign, BigDecimal v) { return sign < 0 ? v.negate() : v; }

  private static void label(Map<String, Long> labels, String value, int sign) {
    if (value != null) labels.merge(value, (long) sign, (a, b) -> a + b == 0 ? null : a + b);
  }

  /** No row left: the window is gone. */
  boolean isEmpty() { return rows == 0; }

  /** Some count went below zero: a delete of a row this state never had. */
  boolean isInconsistent() {
    if (rows < 0 || viewers < 0 || buyers < 0) return true;
    for (long c : counts) if (c < 0) return true;
    return platforms.values().stream().anyMatch(c -> c < 0) || anchors.values().stream().anyMatch(c -> c < 0);
  }

  /** The window's figures in the order of {@link KpiWindowsProcessor#OUTPUT}'s window columns. */
  Object[] figures() {
    return new Object[] {smallest(platforms), smallest(anchors), viewers, counts[0], counts[1], counts[2], counts[3],
        giftValue, counts[4], counts[5], buyers, gmv};
  }

  private static String smallest(Map<String, Long> labels) {
    return labels.isEmpty() ? null : labels.keySet().iterator().next();
  }

  byte[] bytes() {
    try {
      ByteArrayOutputStream buf = new ByteArrayOutputStream(128);
      DataOutputStream out = new DataOutputStream(buf);
      out.writeLong(rows);
      for (long c : counts) out.writeLong(c);
      out.writeLong(viewers);
      out.writeLong(buyers);
      decimal(out, giftValue);
      decimal(out, gmv);
      labels(out, platforms);
      labels(out, anchors);
      return buf.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static WindowTotals of(byte[] packed) {
    WindowTotals t = new WindowTotals();
    if (packed == null) return t;
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(packed));
      t.rows = in.readLong();
      for (int i = 0; i < t.counts.length; i++) t.counts[i] = in.readLong();
      t.viewers = in.readLong();
      t.buyers = in.readLong();
      t.giftValue = decimal(in);
      t.gmv = decimal(in);
      labels(in, t.platforms);
      labels(in, t.anchors);
      return t;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void decimal(DataOutputStream out, BigDecimal v) throws IOException {
    byte[] unscaled = v.unscaledValue().toByteArray();
    out.writeInt(v.scale());
    out.writeShort(unscaled.length);
    out.write(unscaled);
  }

  private static BigDecimal decimal(DataInputStream in) throws IOException {
    int scale = in.readInt();
    byte[] unscaled = new byte[in.readShort()];
    in.readFully(unscaled);
    return new BigDecimal(new BigInteger(unscaled), scale);
  }

  private static void labels(DataOutputStream out, Map<String, Long> labels) throws IOException {
    out.writeInt(labels.size());
    for (var e : labels.entrySet()) {
      byte[] utf8 = e.getKey().getBytes(StandardCharsets.UTF_8);
      out.writeInt(utf8.length);
      out.write(utf8);
      out.writeLong(e.getValue());
    }
  }

  private static void labels(DataInputStream in, Map<String, Long> labels) throws IOException {
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      byte[] utf8 = new byte[in.readInt()];
      in.readFully(utf8);
      labels.put(new String(utf8, StandardCharsets.UTF_8), in.readLong());
    }
  }
}
