package io.livelake.spark;

import io.livelake.config.LiveLakeConfig;
import io.livelake.config.Settings;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.apache.spark.sql.SparkSession;

/** Where things live under the lake root, which may be a local path or any Hadoop file-system URI. */
public record LakePaths(String root) {

  /** The lake of this configuration; a relative local path is made absolute against the working directory. */
  public static LakePaths of(LiveLakeConfig config) {
    return new LakePaths(normalize(config.getString(Settings.LAKE_ROOT)));
  }

  /** The root as a person writes it: a local directory's path ({@code /data/my lake}), another file system's URI. */
  public String display() {
    return root.startsWith("file:") ? Path.of(URI.create(root)).toString() : root;
  }

  static String normalize(String root) {
    String r = root.endsWith("/") && root.length() > 1 ? root.substring(0, root.length() - 1) : root;
    URI uri = URI.create(r.replace(" ", "%20"));
    if (uri.getScheme() == null) {
      return Path.of(r).toAbsolutePath().normalize().toUri().toString().replaceAll("/$", "");
    }
    return r;
  }

  public boolean isLocal() { return root.startsWith("file:"); }

  /** A local-file path for the lake root (only when {@link #isLocal()}). */
  public Path localRoot() { return Path.of(URI.create(root)); }

  /** The directory of a database's tables. */
  public String database(String database) { return root + "/" + database; }

  public String table(String database, String name) { return database(database) + "/" + name; }

  public String checkpoint(String pipeline) { return root + "/_checkpoints/" + pipeline; }

  public String models() { return root + "/_models"; }

  public String warehouse() { return root + "/_warehouse"; }

  public String secrets() { return root + "/_secrets"; }

  /** What the root is. */
  public enum RootKind { DIRECTORY, FILE, MISSING }

  /**
   * What the root is, asked of the local disk directly or, for other file systems, of Hadoop with
   * {@code spark}'s configuration (credentials and all); {@code spark} is only called for those.
   */
  public RootKind rootKind(Supplier<SparkSession> spark) {
    if (isLocal()) {
      Path p = localRoot();
      return Files.isDirectory(p) ? RootKind.DIRECTORY : Files.exists(p) ? RootKind.FILE : RootKind.MISSING;
    }
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(root);
    FileSystem fs;
    try {
      fs = p.getFileSystem(spark.get().sparkContext().hadoopConfiguration());
    } catch (UnsupportedFileSystemException e) {
      throw noFileSystem(p.toUri().getScheme(), null);
    } catch (IOException e) {
      throw new UncheckedIOException("lake " + root + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      // A scheme Hadoop maps to a class (s3a, abfss, gs) whose jar is not there.
      if (e.getCause() instanceof ClassNotFoundException) throw noFileSystem(p.toUri().getScheme(), e.getCause().getMessage());
      throw e;
    }
    try {
      return fs.getFileStatus(p).isDirectory() ? RootKind.DIRECTORY : RootKind.FILE;
    } catch (FileNotFoundException e) {
      return RootKind.MISSING;
    } catch (IOException e) {
      throw new UncheckedIOException("lake " + root + ": " + e.getMessage(), e);
    }
  }

  private IllegalArgumentException noFileSystem(String scheme, String missingClass) {
    return new IllegalArgumentException("lake " + root + ": no Hadoop file system for " + scheme + ": on the classpath"
        + (missingClass == null ? "" : " (" + missingClass + ")") + "; add its jars with LIVELAKE_CLASSPATH"
        + (scheme.equals("s3a") ? " (hadoop-aws of Spark's Hadoop version and the AWS SDK bundle it names)" : "")
        + ", or give them to spark-submit");
  }

  /** Embedded Derby metastore, used only when catalog.type = hive and the lake is local. */
  public String metastoreDir() {
    return isLocal() ? localRoot().resolve("_metastore").toString() : "livelake_metastore";
  }
}
