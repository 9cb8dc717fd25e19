package io.livelake.catalog;

import io.livelake.spark.LakePaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Lets an erasure commit between an ingestion's batches. Delta's tables here commit as Serializable, so a delete
 * that reads a whole table conflicts with every append committed while it runs: beside a stream that commits
 * every few seconds an erasure never got through. Batches pass the gate together; an erasure holds it alone, once
 * the batches running when it came have ended, and the next ones wait for it.
 *
 * <p>Across processes it is an operating-system lock on {@code <lake>/_locks/writes.gate}: byte 1 held shared by
 * each process's running batches, exclusive by an erasure; byte 0 a turnstile that a batch passes before taking
 * byte 1 and an erasure holds first, so a stream whose batches follow each other closely cannot starve it. Within
 * a process, where one's locks on a file may not overlap, a fair read-write lock orders the takers. A lake outside
 * the local file system has no gate (Hadoop's file systems offer no lock): there the erasure retries its commits.
 */
public final class WriteGate {
  /** The gate's file beside the lake's {@link LakeLock}s, named apart from their roles. */
  private static final String FILE = "writes.gate";
  private static final Map<Path, WriteGate> GATES = new ConcurrentHashMap<>();
  private static final long POLL_MS = 50;
  private static final Pass OPEN = () -> { };

  /** One passage of the gate; closing it more than once does nothing. */
  public interface Pass extends AutoCloseable {
    @Override
    void close();
  }

  private final Path file;
  private final ReentrantReadWriteLock inProcess = new ReentrantReadWriteLock(true);
  private FileChannel channel;
  /** Batches of this process inside the gate, and their shared hold of byte 1 while there are any. */
  private int batches;
  private FileLock batchesHold;

  private WriteGate(Path file) { this.file = file; }

  /**
   * Passes a batch through the gate of the lake, waiting while an erasure holds it; close the pass when the
   * batch's writes have ended.
   */
  public static Pass batch(LakePaths paths) {
    if (!paths.isLocal()) return OPEN;
    return gate(paths).enterBatch();
  }

  /**
   * Holds the lake's gate alone: returns once the batches inside it have ended, and keeps the next ones out until
   * closed. {@code whileWaiting} runs once if it has to wait (to say so).
   */
  public static Pass alone(LakePaths paths, Runnable whileWaiting) {
    if (!paths.isLocal()) return OPEN;
    return gate(paths).enterAlone(whileWaiting);
  }

  private static WriteGate gate(LakePaths paths) {
    return GATES.computeIfAbsent(LakeLock.directory(paths).resolve(FILE).toAbsolutePath().normalize(),
        WriteGate::new);
  }

  private Pass enterBatch() {
    inProcess.readLock().lock();
    try {
      synchronized (this) {
        if (batches == 0) {
          // The turnstile only needs passing: held shared for a moment, it is free to an erasure again at once.
          FileLock turnstile = await(0, true, null);
          try {
            batchesHold = await(1, true, null);
          } finally {
            turnstile.release();
          }
        }
        batches++;
      }
    } catch (IOException | RuntimeException e) {
      inProcess.readLock().unlock();
      throw e instanceof IOException io ? new UncheckedIOException("could not lock " + file + ": " + io.getMessage(), io)
          : (RuntimeException) e;
    }
    AtomicBoolean open = new AtomicBoolean(true);
    return () -> {
      if (!open.getAndSet(false)) return;
      try {
        synchronized (this) {
          if (--batches == 0) release(batchesHold);
        }
      } finally {
        inProcess.readLock().unlock();
      }
    };
  }

  private Pass enterAlone(Runnable whileWaiting) {
    AtomicBoolean waited = new AtomicBoolean(false);
    Runnable waiting = () -> {
      if (!waited.getAndSet(true)) whileWaiting.run();
    };
    if (!inProcess.writeLock().tryLock()) {
      waiting.run();
      inProcess.writeLock().lock();
    }
    FileLock turnstile = null;
    FileLock alone;
    try {
      turnstile = await(0, false, waiting);
      alone = await(1, false, waiting);
    } catch (IOException | RuntimeException e) {
      if (turnstile != null) release(turnstile);
      inProcess.writeLock().unlock();
      throw e instanceof IOException io ? new UncheckedIOException("could not lock " + file + ": " + io.getMessage(), io)
          : (RuntimeException) e;
    }
    FileLock held = turnstile;
    AtomicBoolean open = new AtomicBoolean(true);
    return () -> {
      if (!open.getAndSet(false)) return;
      try {
        release(alone);
        release(held);
      } finally {
        inProcess.writeLock().unlock();
      }
    };
  }

  /**
   * Byte {@code at} of the file locked, waiting for it by polling: a thread blocked in an interruptible channel's
   * lock would close the channel, and with it every lock of this process on the file, when interrupted (a
   * streaming query stopped while its batch waits, say).
   */
  private FileLock await(long at, boolean shared, Runnable whileWaiting) throws IOException {
    while (true) {
      FileLock lock = channel().tryLock(at, 1, shared);
      if (lock != null) return lock;
      if (whileWaiting != null) whileWaiting.run();
      try {
        Thread.sleep(POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + file, e);
      }
    }
  }

  private synchronized FileChannel channel() throws IOException {
    if (channel == null || !channel.isOpen()) {
      Files.createDirectories(file.getParent());
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }
    return channel;
  }

  private static void release(FileLock lock) {
    try {
      if (lock.isValid()) lock.release();
    } catch (IOException e) {
      throw new UncheckedIOException("could not unlock: " + e.getMessage(), e);
    }
  }
}
