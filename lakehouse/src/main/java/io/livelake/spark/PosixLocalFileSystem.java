package io.livelake.spark;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.local.LocalConfigKeys;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system (checksums included) with permissions set and links read through
 * java.nio. Without Hadoop's native library, which no Maven artifact ships, the stock one starts a
 * {@code chmod} process for every file it creates and eight {@code readlink} processes for every
 * Delta commit (FileContext's rename): about 45 processes a second beside a stream on 1 s triggers.
 * The calls and their effect on disk are the same; only symbolic links and permissions Java cannot
 * express (sticky bits, non-POSIX disks) still go through Hadoop's shell commands.
 */
public final class PosixLocalFileSystem extends LocalFileSystem {
  public PosixLocalFileSystem() {
    super(new Raw());
  }

  @Override
  public Path getChecksumFile(Path file) {
    return checksumFile(file);
  }

  /**
   * Where the checksum of {@code file} is: {@code .<name>.crc} beside it, as Hadoop says. Hadoop makes that path from
   * the name as a relative URI, which a name with a colon (an ISO time, {@code events-2026-12-06T01:00:00.jsonl})
   * cannot be: every read of such a file failed ("Relative path in absolute URI"). For such a name the path is built
   * from the parent's URI instead.
   */
  static Path checksumFile(Path file) {
    Path parent = file.getParent();
    String name = "." + file.getName() + ".crc";
    try {
      return new Path(parent, name);
    } catch (IllegalArgumentException colon) {
      URI dir = parent.toUri();
      String path = dir.getPath().isEmpty() || dir.getPath().endsWith("/") ? dir.getPath() : dir.getPath() + "/";
      try {
        return new Path(new URI(dir.getScheme(), dir.getAuthority(), path + name, null, null));
      } catch (URISyntaxException e) {
        colon.addSuppressed(e);
        throw colon;
      }
    }
  }

  /** The raw file system underneath: the two calls that would start a process, done in-process. */
  static final class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      Set<PosixFilePermission> posix = posix(permission);
      if (posix == null) {
        super.setPermission(p, permission);
        return;
      }
      try {
        Files.setPosixFilePermissions(pathToFile(p).toPath(), posix);
      } catch (UnsupportedOperationException notPosix) {
        super.setPermission(p, permission);
      }
    }

    @Override
    public FileStatus getFileLinkStatus(Path f) throws IOException {
      // Hadoop asks readlink whether f is a link; for a plain file or directory the answer is its status.
      if (!Files.isSymbolicLink(pathToFile(f).toPath())) return getFileStatus(f);
      return super.getFileLinkStatus(f);
    }

    /** The nine permission bits as java.nio sees them; null for what they cannot express (sticky bit). */
    static Set<PosixFilePermission> posix(FsPermission permission) {
      if (permission.getStickyBit()) return null;
      short bits = permission.toShort();
      Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
      // PosixFilePermission lists owner r/w/x, group r/w/x, others r/w/x: bit 8 down to bit 0.
      PosixFilePermission[] order = PosixFilePermission.values();
      for (int i = 0; i < order.length; i++) {
        if ((bits & (1 << (8 - i))) != 0) out.add(order[i]);
      }
      return out;
    }
  }

  /**
   * The same for FileContext, which Delta's log store and Spark's streaming checkpoints write
   * through: Hadoop's {@code LocalFs} with {@link Raw} underneath.
   */
  public static final class Fs extends ChecksumFs {
    public Fs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(new RawFs(uri, conf));
    }

    @Override
    public Path getChecksumFile(Path file) {
      return checksumFile(file);
    }
  }

  /** Hadoop's {@code RawLocalFs} over {@link Raw}. */
  static final class RawFs extends DelegateToFileSystem {
    RawFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(uri, new Raw(), conf, "file", false);
    }

    @Override
    public int getUriDefaultPort() {
      return -1;
    }

    @Override
    public FsServerDefaults getServerDefaults(Path f) throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    @Deprecated
    public FsServerDefaults getServerDefaults() throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    public boolean isValidName(String src) {
      return true;
    }
  }
}
