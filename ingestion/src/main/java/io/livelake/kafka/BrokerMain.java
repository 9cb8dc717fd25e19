package io.livelake.kafka;

/**
 * Entry point of the embedded broker's child JVM: runs Kafka's own server main, and exits when the
 * parent process goes away (its stdin closes), so no orphaned broker keeps the port after a kill -9.
 */
public final class BrokerMain {
  private BrokerMain() {}

  public static void main(String[] args) {
    if (args.length > 1 && args[1].equals("--exit-with-parent")) {
      Thread watcher = new Thread(() -> {
        try {
          while (System.in.read() >= 0) {
            // Parent is alive; nothing to read.
          }
        } catch (java.io.IOException ignored) {
          // A broken pipe means the parent is gone, same as end of input.
        }
        Runtime.getRuntime().halt(0);
      }, "parent-watcher");
      watcher.setDaemon(true);
      watcher.start();
    }
    kafka.Kafka.main(new String[] {args[0]});
  }
}
