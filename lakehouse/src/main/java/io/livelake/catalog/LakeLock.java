package io.livelake.catalog;

import io.livelake.spark.LakePaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * One process's hold of a role on a local lake (a pipeline's ingestion, the layers' queries), so that a second
 * process that would write through the same checkpoints is refused at its start, in a line that names the
 * holder, instead of one of the two failing mid-stream on Spark's CONCURRENT_STREAM_LOG_UPDATE. It is an
 * operating-system lock on a file under {@code <lake>/_locks}, which ends with its process however that ends
 * (kill -9 too), so a crash leaves nothing to clear. A lake outside the local file system gets none: Hadoop's file
 * systems offer no lock, and there Spark's error remains the guard.
 */
public final class LakeLock implements AutoCloseable {
  /**
   * The locks this JVM holds. An operating-system lock belongs to the process, and closing any channel of its file
   * releases it: a second taker in this JVM must not open the file at all.
   */
  private static final Map<Path, LakeLock> HELD = new ConcurrentHashMap<>();
  private static final String SUFFIX = ".lock";

  private final Path file;
  private final String holder;
  private final FileChannel channel;

  private LakeLock(Path file, String holder, FileChannel channel) {
    this.file = file;
    this.holder = holder;
    this.channel = channel;
  }

  /**
   * Takes {@code role} on the lake for this process, described as {@code holder} to whoever comes next (the
   * command, say); no lock (one whose close does nothing) on a lake outside the local file system.
   *
   * @throws IllegalArgumentException if another process, or this one, holds the role: the message says
   *     {@code what} ("the layers of lake ... already run"), in which process since when, and {@code advice}
   */
  public static LakeLock take(LakePaths paths, String role, String holder, String what, String advice) {
    if (!paths.isLocal()) return new LakeLock(null, holder, null);
    Path file = directory(paths).resolve(role + SUFFIX);
    LakeLock mine = new LakeLock(file, described(holder), null);
    LakeLock here = HELD.putIfAbsent(file, mine);
    if (here != null) throw held(what, "this process (" + here.holder + ")", advice);
    LakeLock taken = lock(mine);
    if (taken == null) {
      String other;
      try {
        other = Files.readString(file, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
      }
      throw held(what, "another process (" + (other.isEmpty() ? "starting" : other) + ")", advice);
    }
    return taken;
  }

  /**
   * Takes the lock file {@code file} (on the local file system) for this process, described as {@code holder}, or
   * empty when a process holds it, this one included: for a lock outside a lake's roles, such as an import run's
   * claim on its staging directory.
   */
  public static Optional<LakeLock> tryTake(Path file, String holder) {
    LakeLock mine = new LakeLock(file, described(holder), null);
    if (HELD.putIfAbsent(file, mine) != null) return Optional.empty();
    return Optional.ofNullable(lock(mine));
  }

  private static String described(String holder) {
    String since = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    return "pid " + ProcessHandle.current().pid() + ": " + holder + ", since " + since;
  }

  /**
   * Locks the file of {@code mine}, which this JVM has just registered as its own in {@link #HELD}: the lock, or
   * null (and {@code mine} unregistered) when another process holds it.
   */
  private static LakeLock lock(LakeLock mine) {
    Path file = mine.file;
    try {
      Files.createDirectories(file.getParent());
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        channel.close();
        HELD.remove(file, mine);
        return null;
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((mine.holder + "\n").getBytes(StandardCharsets.UTF_8)), 0);
      LakeLock taken = new LakeLock(file, mine.holder, channel);
      HELD.put(file, taken);
      return taken;
    } catch (IOException e) {
      HELD.remove(file, mine);
      throw new UncheckedIOException("could not lock " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      HELD.remove(file, mine);
      throw e;
    }
  }

  /** Where a local lake's locks are: {@code <lake>/_locks}, which {@link WriteGate} shares. */
  static Path directory(LakePaths paths) { return paths.localRoot().resolve("_locks"); }

  /**
   * The roles ever taken on the lake, held now or not (a role's file stays once taken), in name order; none on a
   * lake outside the local file system.
   */
  public static List<String> roles(LakePaths paths) {
    Path dir = paths.isLocal() ? directory(paths) : null;
    if (dir == null || !Files.isDirectory(dir)) return List.of();
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(SUFFIX))
          .map(n -> n.substring(0, n.length() - SUFFIX.length())).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("could not list " + dir + ": " + e.getMessage(), e);
    }
  }

  private static IllegalArgumentException held(String what, String by, String advice) {
    return new IllegalArgumentException(what + " in " + by + ": " + advice);
  }

  /** Gives the role up; the next taker finds it free. Closing twice does nothing. */
  @Override
  public void close() {
    if (channel == null || !HELD.remove(file, this)) return;
    try {
      // Emptied first: a reader that finds the lock free never sees a former holder's line.
      channel.truncate(0);
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("could not unlock " + file + ": " + e.getMessage(), e);
    }
  }
}
