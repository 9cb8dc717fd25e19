package io.livelake.ingestion.imports;

import static org.apache.spark.sql.functions.col;

import io.livelake.Sha256;
import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The files `livelake import` has ingested (ops.imports), by content: a second import of the same
 * bytes would add every event again, since each import is a pipeline of its own whose duplicate rules
 * do not see another's, so it is refused before anything is staged unless the user asks for it.
 */
public final class ImportLedger {
  private ImportLedger() {}

  /** An input file and its content hash. */
  public record Digest(Path file, long bytes, String sha256) {}

  /** The digests of {@code files}. */
  public static List<Digest> digest(List<Path> files) {
    List<Digest> out = new ArrayList<>();
    byte[] buffer = new byte[1 << 16];
    for (Path f : files) {
      MessageDigest sha = Sha256.digest();
      try (InputStream in = new DigestInputStream(Files.newInputStream(f), sha)) {
        long n = 0;
        for (int r = in.read(buffer); r >= 0; r = in.read(buffer)) n += r;
        out.add(new Digest(f.toAbsolutePath(), n, HexFormat.of().formatHex(sha.digest())));
      } catch (IOException e) {
        throw new UncheckedIOException("import: " + f + ": cannot be read: " + e.getMessage(), e);
      }
    }
    return out;
  }

  /**
   * Refuses, naming the file and the earlier run, an input whose content an earlier import already
   * ingested.
   *
   * @throws IllegalArgumentException for the first such file
   */
  public static void requireNew(Lake lake, List<Digest> digests) {
    if (!lake.exists(Tables.IMPORTS)) return;
    List<String> hashes = digests.stream().map(Digest::sha256).toList();
    List<Row> seen = lake.read(Tables.IMPORTS).where(col("sha256").isin(hashes.toArray()))
        .orderBy("imported_at").collectAsList();
    for (Digest d : digests) {
      for (Row r : seen) {
        if (r.<String>getAs("sha256").equals(d.sha256())) {
          String same = r.<String>getAs("file").equals(d.file().toString()) ? "was imported"
              : "has the same content as " + r.getAs("file") + ", imported";
          throw new IllegalArgumentException("import: " + d.file() + " " + same + " at "
              + r.<Timestamp>getAs("imported_at").toInstant() + " (run " + r.getAs("run") + "): importing it again "
              + "would add its events twice; pass --again to import it anyway");
        }
      }
    }
  }

  /** Records that run {@code run} ingested {@code digests}. */
  public static void record(Lake lake, String run, String format, List<Digest> digests) {
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows = new ArrayList<>();
    for (Digest d : digests) rows.add(RowFactory.create(run, format, d.file().toString(), d.bytes(), d.sha256(), now));
    lake.ensure(Tables.IMPORTS);
    lake.spark().createDataFrame(rows, Tables.IMPORTS.schema()).write().format("delta").mode("append")
        .save(lake.path(Tables.IMPORTS));
  }
}
