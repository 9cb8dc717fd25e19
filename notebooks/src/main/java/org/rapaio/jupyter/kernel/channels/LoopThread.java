package org.rapaio.jupyter.kernel.channels;

/**
 * The rapaio kernel's channel loop (same name and API as its own), with its start race fixed.
 *
 * <p>The kernel's LoopThread starts the thread and only then sets its running flag; a thread
 * scheduled before that assignment sees false, leaves its loop at once, and the channel (shell,
 * control or heartbeat) never answers: about one start in three timed out on two cores. Here the
 * flag is set before the thread starts. bin/notebooks puts this class ahead of the kernel's jar on
 * the kernel's classpath, so the kernel loads it instead of its own.
 */
public final class LoopThread extends Thread {
  private volatile boolean running;
  private final long sleep;
  private final Runnable loopBody;

  /** A loop named {@code name} that runs {@code loopBody} every {@code sleep} milliseconds until shut down. */
  public LoopThread(String name, long sleep, Runnable loopBody) {
    super(name);
    this.sleep = sleep;
    this.loopBody = loopBody;
  }

  @Override
  public void run() {
    while (running) {
      loopBody.run();
      try {
        Thread.sleep(sleep);
      } catch (InterruptedException e) {
        running = false;
        return;
      }
    }
  }

  @Override
  public synchronized void start() {
    running = true;
    super.start();
  }

  /** Ends the loop after its current turn. */
  public void shutdown() {
    running = false;
  }
}
