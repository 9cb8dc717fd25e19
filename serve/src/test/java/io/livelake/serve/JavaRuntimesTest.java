package io.livelake.serve;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which JDK runs Trino: the configured one if new enough, else JAVA_HOME, else the newest 24+ installed. */
class JavaRuntimesTest {
  @TempDir Path jvm;

  private Path jdk(String name, String version) throws Exception {
    Path home = jvm.resolve(name);
    Files.createDirectories(home.resolve("bin"));
    Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"" + version + "\"\n");
    Files.writeString(home.resolve("bin/java"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(home.resolve("bin/java"), PosixFilePermissions.fromString("rwxr-xr-x"));
    return home;
  }

  @Test
  void picksTheNewestJdkOfAtLeast24() throws Exception {
    Path j17 = jdk("java-17-openjdk-amd64", "17.0.15");
    Path j24 = jdk("jdk-24", "24.0.1");
    Path j25 = jdk("temurin-25-jdk-amd64", "25.0.3");
    Files.createDirectories(jvm.resolve("not-a-jdk"));
    assertEquals(j25, JavaRuntimes.find("", j17.toString(), jvm));
    assertEquals(j24, JavaRuntimes.find("", j24.toString(), jvm), "a new enough JAVA_HOME wins");
    assertEquals(j24, JavaRuntimes.find(j24.toString(), null, jvm));
    assertEquals("serve.java.home: " + j17 + " is Java 17; Trino needs Java 24 or newer",
        assertThrows(ConfigException.class, () -> JavaRuntimes.find(j17.toString(), null, jvm)).getMessage());
    assertEquals("serve.java.home: " + jvm.resolve("not-a-jdk") + " is not a JDK (no bin/java and release file)",
        assertThrows(ConfigException.class, () -> JavaRuntimes.find(jvm.resolve("not-a-jdk").toString(), null, jvm))
            .getMessage());
  }

  @Test
  void noNewEnoughJdkIsOneLineNamingTheSetting() throws Exception {
    Path j17 = jdk("java-17", "17.0.15");
    assertEquals("serve.java.home: Trino needs Java 24 or newer and none was found (JAVA_HOME, " + jvm
        + "); install one (e.g. Temurin 25) and set serve.java.home to it",
        assertThrows(ConfigException.class, () -> JavaRuntimes.find("", j17.toString(), jvm)).getMessage());
  }
}
