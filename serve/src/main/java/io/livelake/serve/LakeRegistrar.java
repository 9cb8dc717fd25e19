package io.livelake.serve;

import io.livelake.catalog.Lake;
import io.livelake.catalog.TableDef;
import io.livelake.catalog.Tables;
import io.livelake.spark.LakePaths;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Gives every LiveLake table that exists in the lake its name in Trino's catalog (schema = the
 * table's database), so BI tools query {@code gold.realtime_kpis} and not a path. Called at start and
 * then on a timer: a table created later appears within one interval.
 */
final class LakeRegistrar {
  private final LakePaths lake;
  private final Consumer<String> warn;
  private final Set<String> registered = new HashSet<>();
  private final Set<String> warned = new HashSet<>();
  private boolean schemasCreated;

  LakeRegistrar(LakePaths lake, Consumer<String> warn) {
    this.lake = lake;
    this.warn = warn;
  }

  /** The tables registered so far, as schema.table. */
  synchronized Set<String> registered() { return Set.copyOf(registered); }

  /**
   * Registers the tables that now have a Delta log and were not registered yet.
   *
   * @return their names, schema.table
   */
  synchronized List<String> registerNew(Connection admin) throws SQLException {
    List<String> added = new ArrayList<>();
    try (Statement st = admin.createStatement()) {
      if (!schemasCreated) {
        for (String db : Tables.DATABASES) {
          st.execute("CREATE SCHEMA IF NOT EXISTS " + TrinoConfig.CATALOG + "." + db
              + " WITH (location = " + quote(TrinoConfig.local(local(lake.database(db)))) + ")");
        }
        schemasCreated = true;
      }
      for (TableDef t : Tables.all()) {
        if (registered.contains(t.fullName()) || !hasCommit(path(t))) continue;
        try {
          st.execute("CALL " + TrinoConfig.CATALOG + ".system.register_table(schema_name => " + quote(t.database())
              + ", table_name => " + quote(t.name()) + ", table_location => " + quote(TrinoConfig.local(path(t))) + ")");
          registered.add(t.fullName());
          added.add(t.fullName());
        } catch (SQLException e) {
          // A table Trino cannot read yet (e.g. its first commit is being written) is tried again next time.
          if (warned.add(t.fullName())) warn.accept("serve: could not register " + t.fullName() + " yet: " + firstLine(e));
        }
      }
    }
    return added;
  }

  /** A SQL string literal: a lake under a directory with a quote in its name stays one literal. */
  static String quote(String s) { return "'" + s.replace("'", "''") + "'"; }

  private Path path(TableDef t) { return local(lake.table(t.database(), t.name())); }

  private static Path local(String uri) { return Path.of(URI.create(uri)); }

  /** Whether the table has a commit or a checkpoint (old commits are cleaned up behind checkpoints). */
  static boolean hasCommit(Path table) {
    Path log = table.resolve("_delta_log");
    if (!Files.isDirectory(log)) return false;
    try (Stream<Path> files = Files.list(log)) {
      return files.anyMatch(f -> Lake.isLogEntry(f.getFileName().toString()));
    } catch (IOException e) {
      return false;
    }
  }

  private static String firstLine(SQLException e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
