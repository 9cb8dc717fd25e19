package io.livelake.app;

import io.livelake.config.LiveLakeConfig;
import io.livelake.config.Settings;
import io.livelake.ingestion.IngestionJob;
import io.livelake.ingestion.RunningIngestion;
import io.livelake.ingestion.dimensions.DimensionLoader;
import io.livelake.ingestion.imports.ImportLedger;
import io.livelake.ingestion.imports.ImportOptions;
import io.livelake.ingestion.imports.ImportQuarantine;
import io.livelake.ingestion.imports.Importer;
import io.livelake.ingestion.imports.UnfinishedImports;
import io.livelake.ingestion.obt.FxRates;
import io.livelake.progress.Progress;
import io.livelake.report.Fmt;
import io.livelake.spark.LakePaths;
import io.livelake.spark.LocalFiles;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Import a public e-commerce log (taobao-user-behavior, rees46, online-retail, or jsonl events): "
        + "each row is converted to the event contract, staged under <lake>/_import/<run>, and ingested by the file "
        + "ingestion with its validation, cleaning and quarantine. See docs/import.md for the mapping.")
final class ImportCommand implements Callable<Integer> {
  private static final DateTimeFormatter RUN = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

  @ParentCommand LiveLakeCli root;

  @Option(names = "--format", required = true, description = "taobao-user-behavior, rees46, online-retail or jsonl.")
  String format;

  @Option(names = "--input", required = true, paramLabel = "PATH",
      description = "A file, or a directory of files (read in name order).")
  Path input;

  @Option(names = "--session-rule", paramLabel = "RULE", description = "How events are put in live sessions: "
      + "category-hour (taobao-user-behavior's default), category-day, user-session (rees46's default).")
  String sessionRule;

  @Option(names = "--platform",
      description = "Platform of the events (default the format's name; taobao for taobao-user-behavior).")
  String platform;

  @Option(names = "--currency",
      description = "Currency of prices: default CNY (taobao-user-behavior), USD (rees46), GBP (online-retail).")
  String currency;

  @Option(names = "--unit-price", paramLabel = "PRICE", description = "taobao-user-behavior: the price of a purchased unit, "
      + "which the data lacks (default 1).")
  BigDecimal unitPrice;

  @Option(names = "--time-zone", paramLabel = "ZONE", description = "online-retail: the zone of InvoiceDate (default UTC).")
  String timeZone;

  @Option(names = "--encoding", paramLabel = "CHARSET", description = "The input's character encoding, e.g. "
      + "windows-1252 or ISO-8859-1 (default: UTF-8, or UTF-16 when the file is; a line that does not decode stops the "
      + "import before anything is ingested).")
  String encoding;

  @Option(names = "--show", defaultValue = "20", paramLabel = "N",
      description = "Quarantined rows listed with file and line (default ${DEFAULT-VALUE}); the rest are counted.")
  int show;

  @Option(names = "--again",
      description = "Import files whose content an earlier import already ingested (ops.imports); refused by default, "
          + "since their events would be added twice.")
  boolean again;

  @Option(names = "--keep-staging", description = "Keep the staged records under <lake>/_import/<run> after the import "
      + "(deleted by default: they hold the input's user ids before pseudonymization, which erase does not reach).")
  boolean keepStaging;

  @Override
  public Integer call() throws Exception {
    if (show < 0) throw new IllegalArgumentException("--show must not be negative, got " + show);
    ImportOptions options = new ImportOptions(format, platform, sessionRule, currency, unitPrice, timeZone,
        encoding);
    Importer importer = Importer.of(options, input);
    importer.unreadColumns().forEach(c -> Console.info("import: " + c));
    String flags = options.asFlags();
    List<ImportLedger.Digest> digests = ImportLedger.digest(importer.files());
    try (Runtime rt = root.runtime()) {
      LakePaths paths = LakePaths.of(rt.config());
      if (!paths.isLocal()) {
        throw new IllegalArgumentException("import stages its input under the lake, which must be local: " + paths.root());
      }
      requireRate(rt.config(), importer.currency());
      Path imports = paths.localRoot().resolve("_import");
      Optional<UnfinishedImports.Run> resumed = Optional.empty();
      if (!again) {
        ImportLedger.requireNew(rt.lake(), digests);
        resumed = UnfinishedImports.resumable(imports, flags, digests);
      }
      String run = resumed.map(UnfinishedImports.Run::name)
          .orElseGet(() -> RUN.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-" + format);
      Path staging = imports.resolve(run);
      IngestionJob.Options ingestion = new IngestionJob.Options("files", null, null,
          staging.resolve("events").toString(), true, "import-" + run);
      // Before the staging and the dimensions: an ingestion that will be refused should not leave them behind.
      IngestionJob.requireStartable(paths, rt.config(), ingestion);
      Importer.Staged staged;
      if (resumed.isPresent()) {
        staged = resumed.get().staged();
        Console.info("import: resuming run " + run + ", which staged this input at " + resumed.get().stagedAt()
            + " and stopped before it finished: its ingestion goes on from its checkpoint");
      } else {
        for (Path abandoned : UnfinishedImports.removeAbandoned(imports)) {
          Console.info("import: deleted " + abandoned + ", left by a run that stopped while staging (it held raw user "
              + "ids and had ingested nothing)");
        }
        try (UnfinishedImports.Claim claim = UnfinishedImports.claim(staging)) {
          try (Progress progress = new Progress("import", 0, "lines")) {
            staged = importer.stage(staging, rt.config().getLong(Settings.INGEST_MAX_FILE_BYTES), progress);
          } catch (IOException | RuntimeException e) {
            // Nothing of it was ingested, and it holds raw user ids.
            LocalFiles.deleteTree(staging);
            throw e;
          }
          UnfinishedImports.record(staging, run, flags, digests, staged);
        }
        Console.info(String.format(Locale.ROOT, "import: %,d records staged in %s", staged.records(), staged.events()));
      }
      List<String> dims = new ArrayList<>();
      if (staged.dimensions() != null) {
        DimensionLoader.load(rt.lake(), staged.dimensions())
            .forEach((t, n) -> dims.add(String.format(Locale.ROOT, "%s %,d rows", t, n)));
      }
      IngestCommand.Totals totals = new IngestCommand.Totals();
      RunningIngestion q = IngestionJob.start(rt.lake(), rt.config(), ingestion, totals::add,
          IngestCommand.Totals::layer);
      if (StopOnExit.await(rt.lake(), q)) return 130;
      ImportLedger.record(rt.lake(), run, format, digests);
      UnfinishedImports.finished(staging);
      ImportQuarantine quarantine = ImportQuarantine.read(rt.lake(), staged.events(), show);
      // The visits are records no row holds: said here, the ingested count below adds up.
      Console.out(String.format(Locale.ROOT, "import %s: %,d rows read from %d file%s%s%s", format, staged.rowsRead(),
          staged.files(), staged.files() == 1 ? "" : "s", staged.visits() == 0 ? "" : String.format(Locale.ROOT,
              "; %,d visits made for their rooms (enter_room and leave_room events, docs/import.md)", staged.visits()),
          staged.repeatedRows() == 0 ? "" : "; " + Fmt.count(staged.repeatedRows(), "row")
              + (staged.repeatedRows() == 1 ? " repeats an earlier row of its" : " repeat an earlier row of their")
              + " order exactly, kept as order lines (docs/import.md)"));
      Console.out(totals.summary() + (resumed.isPresent() ? "; what the run had left" : ""));
      if (!dims.isEmpty()) Console.out("dimensions: " + String.join(", ", dims));
      Console.out(quarantine.total() == 0 ? "quarantined: none" : "quarantined by reason: "
          + String.join(", ", quarantine.byReason().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()));
      quarantine.first().forEach(r -> Console.out("  " + r));
      long more = quarantine.total() - quarantine.first().size();
      if (more > 0) {
        Console.out(String.format(Locale.ROOT, "  ... and %,d more (bronze.quarantine, source_file under %s)", more,
            staged.events()));
      }
      if (keepStaging) {
        Console.info("import: staged records kept in " + staging + " (they hold the input's raw user ids)");
      } else {
        LocalFiles.deleteTree(staging);
        Console.info("import: staged records deleted from " + staging + " (they held the input's raw user ids)");
      }
    }
    return 0;
  }

  /**
   * Refuses an import whose amounts would all be quarantined as unknown_currency (online-retail's GBP has no default
   * rate), before minutes of staging and ingestion show it.
   */
  private static void requireRate(LiveLakeConfig config, String currency) {
    if (currency == null) return;
    FxRates rates = FxRates.from(config);
    String why = rates.unconvertible(currency);
    if (why == null) return;
    String list = String.join(",", config.getList(Settings.FX_RATES));
    throw new IllegalArgumentException("import: " + why + "; every amount of the import would be quarantined as "
        + "unknown_currency. Add its rate (" + rates.reporting() + " per unit of " + currency + ") to the whole list, "
        + "e.g. --set " + Settings.FX_RATES.key() + "=" + list + "," + currency + ":<rate>, or give the prices' "
        + "--currency; nothing was imported");
  }
}
