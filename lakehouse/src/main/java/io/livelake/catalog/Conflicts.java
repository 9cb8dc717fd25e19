package io.livelake.catalog;

import java.util.ConcurrentModificationException;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Delta commits that may meet a concurrent one (tables commit as Serializable, optimistically) and can
 * simply run again: a delete by filter, a replace of whole windows, a compaction.
 */
public final class Conflicts {
  private static final Logger LOG = LogManager.getLogger(Conflicts.class);

  private Conflicts() {}

  /**
   * Runs {@code commit}, again while it fails on a concurrent commit (Delta's conflicts extend
   * ConcurrentModificationException), {@code attempts} times at most; the last conflict is thrown.
   */
  public static <T> T retry(int attempts, String what, Supplier<T> commit) {
    for (int attempt = 1; ; attempt++) {
      try {
        return commit.get();
      } catch (ConcurrentModificationException e) {
        if (attempt >= attempts) throw e;
        LOG.debug("{}: attempt {} met a concurrent commit, trying again: {}", what, attempt, e.getMessage());
      }
    }
  }
}
