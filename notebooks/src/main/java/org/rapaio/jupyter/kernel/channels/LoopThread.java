package org.rapaio.jupyter.kernel.channels;

/**
 * The rapaio kernel's channel loop (same name and API as its own), with the two faults that made its
 * start fail fixed. bin/notebooks puts this class ahead of the kernel's jar on the kernel's classpath,
 * so the kernel loads it instead of its own.
 *
 * <p>The kernel's Channels.connect binds the channels one by one, each starting its loop, and only
 * then registers its message handlers. The client's first kernel_info_request, queued until the
 * shell binds, can reach the shell loop before that: a NullPointerException, on which the kernel's
 * loop ended its thread, so the shell never answered again and the client timed out (1 start in 10
 * here). This loop survives a failing turn: that request is lost, and the client's next one
 * (jupyter_client asks once a second until answered) finds the handlers. Second, the kernel's
 * start() set the running flag only after starting the thread, which may look at it first and leave
 * at once; here the flag is set before.
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
      try {
        loopBody.run();
      } catch (RuntimeException e) {
        // The kernel's log (stderr) keeps it; the channel goes on serving.
        System.err.println("[" + getName() + "] a turn of the channel loop failed, continuing: " + e);
      }
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
