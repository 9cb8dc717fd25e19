package io.livelake.ingestion;

import io.livelake.testing.IntegrationTest;

/**
 * {@link HostileInputTest}'s fuzz run with ingest.cleaning.state = store: the records are parsed on the
 * executors and judged in Spark's state store, and the same guarantees must hold.
 */
@IntegrationTest
class HostileInputInStateStoreTest extends HostileInputTest {
  @Override
  String cleaningState() {
    return "store";
  }
}
