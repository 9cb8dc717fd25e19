package io.livelake.config;

import static io.livelake.config.SettingType.*;

import io.livelake.catalog.Tables;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every configuration key LiveLake knows, with its default: the single source for the conf file, --help and validation. */
public final class Settings {
  // Lake and Spark
  public static final Setting LAKE_ROOT = Setting.of("lake.root", STRING, "lake",
      "Root of the lake: a local path or any Hadoop file-system URI (file:, hdfs:, s3a:, abfss:).").nonEmpty();
  public static final Setting SPARK_MASTER = Setting.of("spark.master", STRING, "local[*]",
      "Spark master used by bin/livelake (spark-submit passes its own).")
      // Checked here, not by Spark: a master Spark cannot parse fails deep in its start-up, after logging a stack trace.
      .requiring(v -> v.toString().matches("local(\\[(\\d+|\\*)(,\\d+)?])?|local-cluster\\[\\d+, *\\d+, *\\d+]"
              + "|yarn|(spark|k8s)://\\S+"),
          "must be local, local[N], local[*], local[N,F], local-cluster[N,C,M], yarn, spark://HOST:PORT or k8s://URL");
  public static final Setting SPARK_SHUFFLE_PARTITIONS = Setting.of("spark.shuffle.partitions", INT, "4",
      "spark.sql.shuffle.partitions for LiveLake's jobs.").positive();
  public static final Setting SPARK_UI = Setting.of("spark.ui.enabled", BOOLEAN, "false",
      "Whether to start the Spark web UI.");
  public static final Setting CATALOG_TYPE = Setting.of("catalog.type", STRING, "in-memory",
      "Catalog of the bronze/silver/gold/ops databases: in-memory (tables registered from the lake at start) or hive.")
      .oneOf("in-memory", "hive");
  public static final Setting LOG_VERBOSE = Setting.of("log.verbose", BOOLEAN, "false",
      "Show Spark's own INFO logs.");

  // Kafka
  public static final Setting KAFKA_BOOTSTRAP = Setting.of("kafka.bootstrap.servers", STRING, "",
      "Kafka cluster to use; empty starts the embedded single-node KRaft broker on loopback.");
  public static final Setting KAFKA_TOPIC = Setting.of("kafka.topic", STRING, "livelake.events",
      "Topic of live-commerce events.").nonEmpty();
  public static final Setting KAFKA_PARTITIONS = Setting.of("kafka.partitions", INT, "2",
      "Partitions of the events topic when LiveLake creates it.").positive();
  public static final Setting KAFKA_EMBEDDED_PORT = Setting.of("kafka.embedded.port", INT, "19092",
      "Port of the embedded broker on 127.0.0.1 (its controller uses the next port).").between(1024, 65534);
  public static final Setting KAFKA_EMBEDDED_DIR = Setting.of("kafka.embedded.dir", STRING, "",
      "Log directory of the embedded broker; empty means <working dir>/.livelake/kafka.");
  public static final Setting KAFKA_MAX_OFFSETS = Setting.of("kafka.max.offsets.per.trigger", LONG, "1000000",
      "Upper bound of records per micro-batch: larger batches share a batch's fixed cost among more records when "
          + "a backlog is drained; the driver holds the keys of a batch's events (1000000 run in a 6 GiB heap).")
      .positive();
  public static final Setting KAFKA_STARTING_OFFSETS = Setting.of("kafka.starting.offsets", STRING, "earliest",
      "Where a new ingestion starts in the topic: earliest or latest.").oneOf("earliest", "latest");
  public static final Setting KAFKA_SECURITY_PROTOCOL = Setting.of("kafka.security.protocol", STRING, "PLAINTEXT",
      "How clients reach kafka.bootstrap.servers: PLAINTEXT, SSL (TLS), SASL_SSL (TLS and a login, as managed clusters "
          + "ask) or SASL_PLAINTEXT (a login without TLS). The embedded broker speaks PLAINTEXT.")
      .oneOf("PLAINTEXT", "SSL", "SASL_SSL", "SASL_PLAINTEXT");
  public static final Setting KAFKA_SASL_MECHANISM = Setting.of("kafka.sasl.mechanism", STRING, "PLAIN",
      "The SASL login of SASL_SSL and SASL_PLAINTEXT: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512.")
      .oneOf("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
  public static final Setting KAFKA_SASL_USERNAME = Setting.of("kafka.sasl.username", STRING, "",
      "The user (or API key) of the SASL login; its password is in the variable named by kafka.sasl.password.env.");
  public static final Setting KAFKA_SASL_PASSWORD_ENV = Setting.of("kafka.sasl.password.env", STRING,
      "LIVELAKE_KAFKA_PASSWORD", "Environment variable holding the SASL login's password (or API secret).").nonEmpty();
  public static final Setting KAFKA_SSL_TRUSTSTORE = Setting.of("kafka.ssl.truststore.location", STRING, "",
      "Certificates of the authorities the brokers' TLS certificates are checked against, when the JVM's own do not "
          + "cover them: a PEM file (.pem, .crt), or a PKCS12 (.p12, .pfx) or JKS store whose password is in the "
          + "variable named by kafka.ssl.truststore.password.env.");
  public static final Setting KAFKA_SSL_TRUSTSTORE_PASSWORD_ENV = Setting.of("kafka.ssl.truststore.password.env",
      STRING, "LIVELAKE_KAFKA_TRUSTSTORE_PASSWORD", "Environment variable holding the password of a PKCS12 or JKS "
          + "kafka.ssl.truststore.location.").nonEmpty();
  public static final Setting KAFKA_SSL_KEYSTORE = Setting.of("kafka.ssl.keystore.location", STRING, "",
      "The client's own certificate and private key, for a cluster that asks clients for one (mutual TLS): a PKCS12 "
          + "(.p12, .pfx) or JKS store, or a PEM file (.pem) of the key and its certificate chain; its password (and the "
          + "key's) is in the variable named by kafka.ssl.keystore.password.env, which a PEM file's unencrypted key "
          + "does without.");
  public static final Setting KAFKA_SSL_KEYSTORE_PASSWORD_ENV = Setting.of("kafka.ssl.keystore.password.env",
      STRING, "LIVELAKE_KAFKA_KEYSTORE_PASSWORD", "Environment variable holding the password of "
          + "kafka.ssl.keystore.location and of the key in it.").nonEmpty();

  // Ingestion
  public static final Setting INGEST_TRIGGER = Setting.of("ingest.trigger", DURATION, "1s",
      "Micro-batch interval of the streaming ingestion.");
  public static final Setting INGEST_WATERMARK = Setting.of("ingest.watermark.delay", DURATION, "10m",
      "How far behind the newest event time of its partition an event may arrive before it is quarantined as late.");
  public static final Setting INGEST_PARTITION_IDLE = Setting.of("ingest.partition.idle", DURATION, "5m",
      "A source partition that delivers no records for this long (wall clock) while others do stops holding the "
          + "watermark back, so a quiet Kafka partition does not stop the cleaning state's eviction; when it delivers "
          + "again, its events older than the watermark reached meanwhile are quarantined as late.");
  public static final Setting INGEST_CLEANING_STATE = Setting.of("ingest.cleaning.state", STRING, "driver",
      "Where the order-dependent cleaning rules (watermark, duplicates, rate limits) keep their memory: driver (Java "
          + "maps on the driver's heap, rebuilt from the lake at a restart; fastest on one machine) or store (Spark's "
          + "RocksDB state store on the executors, one key per source partition, in the query's checkpoint; state "
          + "beyond a heap, judged in parallel by partition, a task holding its partition's keys of a batch). A "
          + "pipeline keeps the one its checkpoint started with; ingest --recover switches, rebuilding the state from the "
          + "lake.").oneOf("driver", "store");
  public static final Setting INGEST_MAX_FILES = Setting.of("ingest.max.files.per.trigger", INT, "4",
      "Files per micro-batch when ingesting from files.").positive();
  public static final Setting INGEST_LAYERS = Setting.of("ingest.layers", STRING, "beside",
      "Where the layers' queries (retractions, KPI windows, table upkeep) run: beside (in the ingestion's driver, which "
          + "also catches them up at the end of an available-now run) or apart (not in ingest: `livelake layers` runs "
          + "them in a process of its own, on another machine, or on the same one at a lower priority, where the "
          + "ingestion's batches go first).").oneOf("beside", "apart");
  public static final Setting INGEST_KPI_INTERVAL = Setting.of("ingest.kpi.interval", DURATION, "10s",
      "Trigger interval of the KPI layer, the query that keeps gold.realtime_kpis from the One Big Table's change feed beside a continuous ingestion; windows changed meanwhile go into its next batch. 0s: as often as it keeps up.");
  public static final Setting INGEST_KPI_RETENTION = Setting.of("ingest.kpi.retention", DURATION, "30m",
      "How long (wall clock) the KPI layer keeps a one-minute window's users in its state after the window's last change; a change after that (a late retraction, an erasure) has the minute recounted from the One Big Table.");
  public static final Setting INGEST_RETRACTION_INTERVAL = Setting.of("ingest.retraction.interval", DURATION, "10s",
      "Trigger interval of the retraction layer, the query that moves the One Big Table rows of rate buckets that went over their limit (bot bursts) to bronze.quarantine beside a continuous ingestion; until it runs, the OBT still shows them. 0s: as often as it keeps up.");
  public static final Setting INGEST_COMPACT_EVERY = Setting.of("ingest.compact.every.batches", INT, "50",
      "The table-upkeep layer compacts the streaming tables' small files (OPTIMIZE, dataChange=false, beside the stream) every this many ingestion micro-batches; 0 turns it off.")
      .atLeast(0);
  public static final Setting INGEST_UPKEEP_INTERVAL = Setting.of("ingest.upkeep.interval", DURATION, "30s",
      "Trigger interval of the table-upkeep layer, the query that writes the streaming tables' Delta log checkpoints (every 100 commits) and runs their compactions beside a continuous ingestion. 0s: as often as it keeps up.");
  public static final Setting INGEST_MAX_FILE_BYTES = Setting.of("ingest.max.file.bytes", LONG, "268435456",
      "Largest input file (bytes as stored, and again once decompressed) that the file ingestion reads; a file is read "
          + "whole, so a larger one would exhaust the memory or stop the stream, and becomes one unreadable_file "
          + "quarantine row naming it instead: split it.").atLeast(1024);
  public static final Setting INGEST_MAX_RECORD_BYTES = Setting.of("ingest.max.record.bytes", INT, "1048576",
      "Largest record (UTF-8 bytes) that is parsed; a larger one is quarantined as too_large, its payload kept.")
      .atLeast(1024);
  public static final Setting INGEST_FUTURE_SKEW = Setting.of("ingest.future.skew", DURATION, "5m",
      "How far an event time may lie after the batch's ingest time (clock skew of producers) before the event is "
          + "quarantined as future; such events never move the watermark.");

  // Maintenance
  public static final Setting MAINTAIN_RETENTION_HOURS = Setting.of("maintain.vacuum.retention.hours", INT, "168",
      "livelake maintain deletes data files that no table version of the last this many hours refers to (VACUUM); "
          + "time travel and readers of the change feed reach back this far. Delta refuses less than a table's "
          + "delta.deletedFileRetentionDuration (7 days unless set).").atLeast(0);

  // Cleaning (paper 001, Table 2)
  public static final Setting MAX_CLICKS_PER_MINUTE = Setting.of("cleaning.max.clicks.per.minute", INT, "60",
      "Product and ad clicks per user per minute above which the user-minute is a bot burst.").positive();
  public static final Setting MAX_COMMENTS_PER_MINUTE = Setting.of("cleaning.max.comments.per.minute", INT, "30",
      "Comments per user per minute above which the user-minute is a bot burst.").positive();
  public static final Setting MAX_LIKES_PER_MINUTE = Setting.of("cleaning.max.likes.per.minute", INT, "120",
      "Likes per user per minute above which the user-minute is a bot burst.").positive();
  public static final Setting MAX_LOGINS_PER_HOUR = Setting.of("cleaning.max.logins.per.hour", INT, "20",
      "Log-ins per user per hour above which they are abnormal.").positive();
  public static final Setting MAX_LOGOUTS_PER_HOUR = Setting.of("cleaning.max.logouts.per.hour", INT, "20",
      "Log-outs per user per hour above which they are abnormal (bot-like).").positive();
  public static final Setting CART_MAX_QUANTITY = Setting.of("cleaning.cart.max.quantity", INT, "50",
      "Largest plausible quantity of one cart event.").positive();
  public static final Setting CART_READD_WINDOW = Setting.of("cleaning.cart.readd.window", DURATION, "10s",
      "A cart_add of the same product by the same user within this time of an earlier one is a duplicate.");
  public static final Setting ORDER_AMOUNT_TOLERANCE = Setting.of("cleaning.order.amount.tolerance", DOUBLE, "0.5",
      "An order is abnormal when its amount differs from the sum of its lines by more than this fraction of it (a refund"
          + " only when above it: one below is a partial refund).")
      .between(0, 100);
  // The indicators sum amounts and gift values as decimals of 18 integer digits, exactly; a larger one would stop them.
  private static final String EXACT_AMOUNT = "must be greater than 0 and at most 1000000000000000 (1e15: the indicators "
      + "sum amounts exactly, in decimals of 18 integer digits)";

  public static final Setting ORDER_MAX_AMOUNT = Setting.of("cleaning.order.max.amount", DOUBLE, "200000",
      "Largest plausible order amount in the reporting currency.").requiring(Settings::exactAmount, EXACT_AMOUNT);
  public static final Setting GIFT_MAX_VALUE = Setting.of("cleaning.gift.max.value", DOUBLE, "100000",
      "Largest plausible value of one gift (in the platform's gift units).").requiring(Settings::exactAmount, EXACT_AMOUNT);

  // Privacy
  public static final Setting HMAC_KEY_ENV = Setting.of("privacy.hmac.key.env", STRING, "LIVELAKE_HMAC_KEY",
      "Environment variable holding the pseudonymization key (never put the key itself in a file).").nonEmpty();
  public static final Setting DEMO_KEY = Setting.of("privacy.allow.demo.key", BOOLEAN, "true",
      "When the key variable is unset, generate a local demo key under the lake (and say so) instead of failing.");

  // Indicators and reporting
  public static final Setting REPORTING_CURRENCY = Setting.of("reporting.currency", STRING, "CNY",
      "Currency of GMV and sales (A32).").nonEmpty();
  public static final Setting REPORTING_TIMEZONE = Setting.of("reporting.timezone", STRING, "UTC",
      "Time zone of the business day: sessions' dates, daily rollups, purchase days and cohort weeks (an IANA name "
      + "such as Asia/Shanghai, or an offset such as +08:00). Event times stay instants; the OBT's event_date stays UTC.")
      .requiring(Settings::isZone, "must be a time zone: an IANA name such as Asia/Shanghai or America/Sao_Paulo, "
          + "UTC, or an offset such as +08:00");
  public static final Setting FX_RATES = Setting.of("reporting.fx.rates", LIST, "CNY:1,USD:7.1,EUR:7.7,IDR:0.00045",
      "Conversion into the reporting currency, CODE:rate pairs.");
  public static final Setting OUTCOME_DAYS = Setting.of("indicators.outcome.days", INT, "7",
      "Days after a session over which its viewers' paid GMV counts toward its marketing-performance outcome.").atLeast(0);
  public static final Setting OUTCOME = Setting.of("indicators.outcome", STRING, "later_gmv_per_viewer",
      "Outcome the model learns: later_gmv_per_viewer (the viewers' paid GMV per viewer in the shop after the session; "
      + "its own orders and other rooms' excluded) or gmv_per_viewer (over the session and after, its own orders included: contains A32 and A31).")
      .oneOf("later_gmv_per_viewer", "gmv_per_viewer");
  public static final Setting OUTCOME_TABLE = Setting.of("indicators.outcome.table", STRING, "",
      "Optional external table (path or name) with session_id and outcome columns that replaces the default outcome.");
  public static final Setting A22_SURVEY_CONSTRUCT = Setting.of("indicators.a22.survey.construct", STRING, "",
      "Survey construct (gold.survey_anchor_scores) whose per-anchor mean gives A22 to sessions without anchor ratings; empty: ratings only.");

  public static final Setting INTERPRETED_BELOW = Setting.of("indicators.interpreted.below", INT, "1000000",
      "Below this many OBT rows the indicators job evaluates Spark expressions interpreted, without generated code "
      + "(compiling the code of its query plans takes longer than running them on small data); 0 never.").atLeast(0);
  public static final Setting SUPPORT_MIN_COVERAGE = Setting.of("indicators.support.min.coverage", DOUBLE, "0.1",
      "Share of sessions in which an indicator must have a value (and not the same one everywhere) for the model to "
      + "use it; below it the indicator is left out of training and of the weights, with the reason.").between(0, 1);

  // Model
  public static final Setting MODEL_HIDDEN = Setting.of("model.hidden.units", INT, "5",
      "Sigmoid units of the network's hidden layer (paper 001: 14-5-1).").positive();
  public static final Setting MODEL_GRADES = Setting.of("model.grades", INT, "10",
      "Grades a score is labelled with in gold.performance_scores: quantile bands of the training outcome.")
      .between(2, 100);
  public static final Setting MODEL_MAX_ITER = Setting.of("model.max.iter", INT, "300",
      "L-BFGS iterations of the network's final fit.").positive();
  public static final Setting MODEL_RESTARTS = Setting.of("model.restarts", INT, "3",
      "Random starts of the network, each trained briefly; the best on a validation part of the training rows is "
      + "trained on (5 hidden units can settle in a poor local minimum).").positive();
  public static final Setting MODEL_DECAY = Setting.of("model.decay", DOUBLE, "0.5",
      "Weight decay of the network on its standardized problem; its pull fades as the rows grow (regParam = decay / rows).")
      .atLeast(0);
  public static final Setting MODEL_TEST_FRACTION = Setting.of("model.test.fraction", DOUBLE, "0.2",
      "Held-out share of the data (paper 001: 80/20).").between(0.05, 0.95);
  public static final Setting MODEL_TOL = Setting.of("model.tol", DOUBLE, "1e-7",
      "Convergence tolerance of the network's L-BFGS; 0 always runs model.max.iter iterations.").atLeast(0);
  public static final Setting MODEL_PARTITIONS = Setting.of("model.train.partitions", INT, "2",
      "Partitions the training data is spread over; up to 2 give bit-identical results run after run, more may differ "
      + "in the last digits because partial sums are combined in arrival order.").positive();
  public static final Setting MODEL_SEED = Setting.of("model.seed", LONG, "42",
      "Seed of every randomized step of the ML jobs: split, initial weights, forests, bootstrap, k-means and ALS.");
  public static final Setting MODEL_IMPORTANCE_ROWS = Setting.of("model.importance.rows", INT, "20000",
      "Held-out rows (a seeded sample when there are more) the permutation importance and its bootstrap use.")
      .atLeast(50);
  public static final Setting MODEL_BOOTSTRAP = Setting.of("model.bootstrap.rounds", INT, "200",
      "Bootstrap resamples for the 95% intervals of the indicator weights.").atLeast(10);
  public static final Setting MODEL_CV_BELOW = Setting.of("model.cv.below", INT, "500",
      "Below this many sessions (paper 001 judged its network by one split of 500), train also cross-validates every "
      + "model (model.cv.folds folds) and reports its R2 with a 95% interval, since one split holds out too few sessions "
      + "to judge by; 0 never.").atLeast(0);
  public static final Setting MODEL_LOCAL_BELOW = Setting.of("model.local.below", INT, "100000",
      "Below this many training rows the network's L-BFGS runs in the driver over arrays, the same algorithm as MLlib's "
      + "(one Spark job per step costs more than the step on small data); from it on, MLlib's distributed L-BFGS; 0 never.")
      .atLeast(0);
  public static final Setting MODEL_CV_FOLDS = Setting.of("model.cv.folds", INT, "5",
      "Folds of the cross-validation of small data.").between(3, 20);

  // Segmentation and recommendations
  public static final Setting SEGMENTS_K_RANGE = Setting.of("segments.k.range", LIST, "2,3,4,5,6,7,8",
      "Candidate numbers of user segments, a list or ranges such as 2..8, each from 2 to 100; the one with the best silhouette wins.");
  public static final Setting SEGMENTS_MIN_USERS = Setting.of("segments.min.users", INT, "20",
      "Fewest users with events that segments groups: k-means on fewer finds groups of noise, so it is refused.")
      .atLeast(3);
  public static final Setting SEGMENTS_MAX_ITER = Setting.of("segments.max.iter", INT, "50",
      "K-means iterations.").positive();
  public static final Setting RECS_TOP_N = Setting.of("recommendations.top.n", INT, "10",
      "Products recommended per user.").positive();
  public static final Setting RECS_DIVERSITY = Setting.of("recommendations.diversity.lambda", DOUBLE, "0.7",
      "Maximal-marginal-relevance trade-off: 1 is pure relevance, lower values favour new categories.").between(0, 1);
  public static final Setting RECS_MAX_PRECISION_DROP = Setting.of("recommendations.max.precision.drop", DOUBLE, "0.05",
      "Largest absolute drop of precision@N the diversity re-ranking may cost.").between(0, 1);
  public static final Setting RECS_RANK = Setting.of("recommendations.als.rank", INT, "16",
      "Latent factors of ALS.").positive();
  public static final Setting RECS_ALS_ITER = Setting.of("recommendations.als.max.iter", INT, "10",
      "Alternating least-squares iterations.").positive();
  public static final Setting RECS_ALS_REG = Setting.of("recommendations.als.reg", DOUBLE, "0.1",
      "Regularization of ALS.").atLeast(0);
  public static final Setting RECS_ALS_ALPHA = Setting.of("recommendations.als.alpha", DOUBLE, "1.0",
      "Confidence scaling of implicit feedback in ALS (confidence = 1 + alpha * weighted interactions).").atLeast(0);
  public static final Setting RECS_WEIGHTS = Setting.of("recommendations.weights", LIST,
      "product_impression:1,product_click:2,cart_add:4,order_paid:8",
      "Implicit-feedback weight of each event type, TYPE:weight pairs (order_paid counts each product of the order).");
  public static final Setting RECS_CANDIDATES = Setting.of("recommendations.candidates", INT, "50",
      "Products ALS proposes per user before the diversity re-ranking picks the top N.").positive();
  public static final Setting LIVE_WINDOW = Setting.of("recommendations.live.window", DURATION, "10m",
      "Live recommendations: how far back from the newest event a room's products on show, its active viewers and their clicks count.");
  public static final Setting LIVE_TOP_N = Setting.of("recommendations.live.top.n", INT, "5",
      "Live recommendations: products per viewer and session.").positive();
  public static final Setting LIVE_CLICK_BOOST = Setting.of("recommendations.live.click.boost", DOUBLE, "0.5",
      "Live recommendations: score added to a product the viewer clicked or carted in the window (ALS scores lie near 0..1).").atLeast(0);
  public static final Setting LIVE_TRIGGER = Setting.of("recommendations.live.trigger", DURATION, "5s",
      "Live recommendations: micro-batch interval, the freshness bound of the lists.");

  // The BI endpoint (livelake serve): a Trino server over the lake
  public static final Setting SERVE_PORT = Setting.of("serve.port", INT, "18080",
      "Port BI tools connect to (HTTP on loopback; HTTPS beyond it).").between(1, 65535);
  public static final Setting SERVE_BIND = Setting.of("serve.bind", STRING, "127.0.0.1",
      "Address the server listens on. Anything but a loopback address also needs the --allow-remote flag, "
          + "serve.tls.keystore and the password in serve.password.env.")
      .requiring(v -> !((String) v).isBlank(), "must not be empty");
  public static final Setting SERVE_HEAP = Setting.of("serve.heap", STRING, "2G",
      "Java heap of the Trino server, e.g. 2G or 1536M (Trino gives one query at most 30% of it).")
      .requiring(v -> ((String) v).matches("[1-9][0-9]*[MG]"), "must be a whole number of M or G, e.g. 2G");
  public static final Setting SERVE_SCHEMAS = Setting.of("serve.readable.schemas", LIST, "gold",
      "Schemas BI clients may read (of bronze, silver, gold, ops); no client may write anything.")
      .requiring(v -> !((List<?>) v).isEmpty() && Tables.DATABASES.containsAll((List<?>) v),
          "must list some of " + String.join(", ", Tables.DATABASES));
  public static final Setting SERVE_REGISTER_INTERVAL = Setting.of("serve.register.interval", DURATION, "10s",
      "How often the server looks for tables created after it started; they become queryable within this delay.")
      .requiring(v -> !((Duration) v).isNegative() && !((Duration) v).isZero(), "must be greater than 0");
  public static final Setting SERVE_START_TIMEOUT = Setting.of("serve.start.timeout", DURATION, "5m",
      "How long to wait for Trino to answer before giving up.");
  public static final Setting SERVE_JAVA_HOME = Setting.of("serve.java.home", STRING, "",
      "JDK that runs Trino (Java 24 or newer); empty: JAVA_HOME if it is new enough, else the newest under /usr/lib/jvm.");
  public static final Setting SERVE_TRINO_HOME = Setting.of("serve.trino.home", STRING, "",
      "Unpacked Trino server; empty: the one the build unpacked (serve/target/trino).");
  public static final Setting SERVE_DIR = Setting.of("serve.dir", STRING, "",
      "Trino's working directory (its configuration, metastore and log); empty: .livelake/trino.");
  public static final Setting SERVE_TLS_KEYSTORE = Setting.of("serve.tls.keystore", STRING, "",
      "PEM file or Java keystore with the server's certificate and private key; turns on HTTPS (required beyond loopback).");
  public static final Setting SERVE_TLS_PASSWORD_ENV = Setting.of("serve.tls.keystore.password.env", STRING,
      "LIVELAKE_SERVE_KEYSTORE_PASSWORD", "Name of the environment variable holding the keystore's password.");
  public static final Setting SERVE_USER = Setting.of("serve.user", STRING, "bi",
      "User BI clients log in as when password authentication is on (beyond loopback).")
      .requiring(v -> ((String) v).matches("[A-Za-z][A-Za-z0-9_.-]*"), "must be a plain user name (letters, digits, _ . -)");
  public static final Setting SERVE_PASSWORD_ENV = Setting.of("serve.password.env", STRING, "LIVELAKE_SERVE_PASSWORD",
      "Name of the environment variable holding serve.user's password (required beyond loopback).");

  private static final Map<String, Setting> BY_KEY = new LinkedHashMap<>();

  static {
    for (var f : Settings.class.getDeclaredFields()) {
      if (f.getType() == Setting.class) {
        try {
          Setting s = (Setting) f.get(null);
          BY_KEY.put(s.key(), s);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  private Settings() {}

  /** All settings in declaration order. */
  public static List<Setting> all() { return List.copyOf(BY_KEY.values()); }

  public static Optional<Setting> find(String key) { return Optional.ofNullable(BY_KEY.get(key)); }

  /** The documented conf file: every setting commented out at its default, grouped by prefix. */
  public static String template() {
    StringBuilder sb = new StringBuilder();
    sb.append("# LiveLake configuration. Every setting is listed at its default, commented out.\n")
        .append("# Precedence: defaults < this file (or --config FILE) < LIVELAKE_<KEY> environment variables\n")
        .append("# (dots become underscores: LIVELAKE_KAFKA_BOOTSTRAP_SERVERS) < command-line flags and --set key=value.\n")
        .append("# Secrets never go here: the pseudonymization key is read from the variable named by privacy.hmac.key.env.\n");
    String group = "";
    for (Setting s : all()) {
      String g = s.key().substring(0, s.key().indexOf('.'));
      if (!g.equals(group)) {
        sb.append("\n# ---- ").append(g).append(" ----\n");
        group = g;
      }
      sb.append("\n# ").append(s.doc()).append(" (").append(s.type().expectation())
          .append(s.ruleText().isEmpty() ? "" : "; " + s.ruleText()).append(")\n");
      sb.append("# ").append(s.key()).append(" = ").append(s.defaultValue()).append('\n');
    }
    return sb.toString();
  }

  private static boolean isZone(Object v) {
    try {
      ZoneId.of(v.toString().trim());
      return true;
    } catch (DateTimeException e) {
      return false;
    }
  }

  private static boolean exactAmount(Object v) {
    double d = ((Number) v).doubleValue();
    return d > 0 && d <= 1e15;
  }
}
