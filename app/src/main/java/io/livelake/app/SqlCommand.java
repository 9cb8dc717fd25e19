package io.livelake.app;

import io.livelake.catalog.Lake;
import io.livelake.catalog.StatementTables;
import io.livelake.catalog.StatementWrites;
import io.livelake.catalog.Tables;
import io.livelake.catalog.WriteGate;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "sql", mixinStandardHelpOptions = true,
    description = {"Run Spark SQL against the lake's catalog (databases bronze, silver, gold, ops) and print the result.",
        "Read-only unless --write is given: queries, SHOW, DESCRIBE, EXPLAIN and SET run; a statement that would change a "
            + "table or the catalog is refused."})
final class SqlCommand implements Callable<Integer> {
  @ParentCommand LiveLakeCli root;

  @Parameters(index = "0", paramLabel = "QUERY", description = "The SQL statement, e.g. \"SELECT * FROM gold.realtime_kpis LIMIT 5\".")
  String query;

  @Option(names = "--format", defaultValue = "table", description = "table, csv (with a header row) or json (one object per line).")
  String format;

  @Option(names = "--max-rows", defaultValue = "1000", description = "Rows printed at most in table format (default ${DEFAULT-VALUE}).")
  int maxRows;

  @Option(names = "--write", description = "Allow a statement that changes the lake (INSERT, DELETE, UPDATE, MERGE, "
      + "CREATE, DROP, ALTER, OPTIMIZE, ...). It passes the lake's write gate as a batch job does. Nothing records it: "
      + "to erase a person use `erase`, whose log the ingestion and every later build honour.")
  boolean write;

  @Override
  public Integer call() {
    if (maxRows < 1) throw new IllegalArgumentException("--max-rows must be at least 1, got " + maxRows);
    ResultPrinter printer = ResultPrinter.forFormat(format);
    try (Runtime rt = root.runtime()) {
      // Only the tables the statement names (all for SHOW TABLES and the like): each costs a read of its Delta log.
      Lake lake = rt.existingLake(spark -> StatementTables.named(spark, query).orElseGet(Tables::all));
      Optional<String> writer = StatementWrites.writer(rt.spark(), query);
      if (writer.isPresent() && !write) {
        throw new IllegalArgumentException("query: the statement may change the lake (" + writer.get()
            + "), and sql is read-only; give --write to run it");
      }
      // A read passes no gate: only writes conflict with an erasure's commits.
      try (WriteGate.Pass pass = writer.isPresent() ? WriteGate.batch(lake.paths()) : () -> { }) {
        Dataset<Row> result = rt.spark().sql(query);
        printer.print(result, maxRows, System.out);
      } catch (Exception e) {
        if (e instanceof org.apache.spark.sql.AnalysisException
            || e instanceof org.apache.spark.sql.catalyst.parser.ParseException) {
          // A parse error's message starts with a line break; its first line of text has the position
          // and what was expected.
          throw new IllegalArgumentException("query: " + LiveLakeCli.firstLine(e.getMessage()));
        }
        throw e;
      }
    }
    return 0;
  }
}
