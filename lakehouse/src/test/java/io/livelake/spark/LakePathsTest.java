package io.livelake.spark;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** A lake root as given, as Spark takes it, and as a person reads it. */
class LakePathsTest {
  @Test
  void aLocalRootIsAFileUriForSparkAndAPathForPeople() {
    LakePaths local = new LakePaths(LakePaths.normalize("/data/my lake/"));
    assertEquals("file:///data/my%20lake", local.root());
    assertEquals("/data/my lake", local.display());
    LakePaths s3 = new LakePaths(LakePaths.normalize("s3a://bucket/lake"));
    assertEquals("s3a://bucket/lake", s3.root());
    assertEquals("s3a://bucket/lake", s3.display());
  }
}
