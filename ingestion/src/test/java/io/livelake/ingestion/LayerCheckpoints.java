package io.livelake.ingestion;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.catalog.Lake;
import java.io.File;
import java.net.URI;

/** Puts a layer's streaming checkpoint back as a crash leaves it, for tests of replays. */
public final class LayerCheckpoints {
  private LayerCheckpoints() {}

  /**
   * Deletes the newest commit of the checkpoint of {@code layer}, as a crash between the batch's write and
   * its commit leaves it: the next run replays that batch.
   */
  public static void forgetLastBatch(Lake lake, String layer) {
    File commits = new File(URI.create(lake.paths().checkpoint(layer) + "/commits"));
    File last = null;
    for (File f : commits.listFiles()) {
      if (f.getName().matches("\\d+") && (last == null || Long.parseLong(f.getName()) > Long.parseLong(last.getName()))) {
        last = f;
      }
    }
    assertNotNull(last, "no commit in " + commits);
    assertTrue(last.delete());
    new File(commits, "." + last.getName() + ".crc").delete();
  }

  /** Deletes the checkpoint of {@code layer} altogether: the next run starts over. */
  public static void forget(Lake lake, String layer) {
    try {
      org.apache.commons.io.FileUtils.deleteDirectory(new File(URI.create(lake.paths().checkpoint(layer))));
    } catch (java.io.IOException e) {
      fail("deleting the checkpoint of " + layer + ": " + e);
    }
  }
}
