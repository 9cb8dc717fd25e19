package io.livelake.ml.registry;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.livelake.Sha256;
import io.livelake.catalog.Lake;
import io.livelake.ml.model.Grading;
import io.livelake.ml.model.PerformanceModel;
import io.livelake.ml.model.RegressionNetwork;
import io.livelake.ml.model.TrainingResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.feature.MinMaxScalerModel;
import org.apache.spark.sql.SparkSession;

/**
 * Trained models on the lake, under {@code <lake>/_models/<version>/}: {@code scaler/} (the fitted
 * MinMaxScaler) and {@code metadata.json} (with the network's layers and weights), written last, so a
 * directory without it is an interrupted save and is ignored. Versions look like
 * {@code m20261123-153000-1a2b3c4d} (UTC training time and a hash of the run), so they sort by time.
 */
public final class ModelRegistry {
  private static final String METADATA = "metadata.json";
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final SparkSession spark;
  private final String root;

  public ModelRegistry(SparkSession spark, String root) {
    this.spark = spark;
    this.root = root;
  }

  /** The registry of a lake. */
  public static ModelRegistry of(Lake lake) { return new ModelRegistry(lake.spark(), lake.paths().models()); }

  /** Where the registry keeps its versions. */
  public String root() { return root; }

  /** Stores a trained model under a new version and returns its metadata. */
  public ModelMetadata save(TrainingResult result, TrainingSource source, List<String> featureColumns, String outcome,
      List<String> warnings, Instant trainedAt) {
    PerformanceModel m = result.model();
    Grading g = m.grading();
    String version = "m" + STAMP.format(trainedAt) + "-" + Sha256.hex(trainedAt + "|" + source + "|" + result.params() + "|"
        + featureColumns + "|" + outcome, 4);
    ModelMetadata meta = new ModelMetadata(version, trainedAt.toString(), source.input(), source.format(),
        source.deltaVersion(), outcome, m.indicators().stream().map(Enum::name).toList(), featureColumns,
        m.network().layers(), m.network().weights(), g.edges(), g.values(),
        result.params().asSettings(), result.params().seed(), result.trainRows(), result.testRows(), result.metrics(),
        warnings);
    String dir = root + "/" + version;
    try {
      m.scaler().write().overwrite().save(dir + "/scaler");
      Path metaPath = new Path(dir, METADATA);
      try (OutputStream out = fs(metaPath).create(metaPath, true)) {
        out.write(JSON.writeValueAsBytes(meta));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not save model " + version + " to " + dir, e);
    }
    return meta;
  }

  /** Every complete version, oldest first. */
  public List<ModelMetadata> list() {
    Path rootPath = new Path(root);
    List<ModelMetadata> out = new ArrayList<>();
    try {
      FileSystem fs = fs(rootPath);
      if (!fs.exists(rootPath)) return out;
      for (FileStatus s : fs.listStatus(rootPath)) {
        Path meta = new Path(s.getPath(), METADATA);
        if (s.isDirectory() && fs.exists(meta)) out.add(read(fs, meta));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not list models in " + root, e);
    }
    out.sort(Comparator.comparing(ModelMetadata::trainedAt).thenComparing(ModelMetadata::version));
    return out;
  }

  /** The most recently trained version. */
  public Optional<ModelMetadata> latest() {
    List<ModelMetadata> all = list();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** The metadata of {@code version}; an unknown version is an IllegalArgumentException naming it. */
  public ModelMetadata get(String version) {
    return list().stream().filter(m -> m.version().equals(version)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("--model " + version + ": no such model version in " + root
            + " (`livelake models` lists them)"));
  }

  /** The chosen version, or the latest when {@code version} is null. */
  public ModelMetadata resolve(String version) {
    if (version != null) return get(version);
    return latest().orElseThrow(() -> new IllegalArgumentException("no trained model in " + root
        + ": run `livelake train` first"));
  }

  /** Loads the model of a version; one saved by an earlier LiveLake with a classifier over grades is refused by name. */
  public PerformanceModel load(ModelMetadata meta) {
    if (meta.networkWeights() == null) {
      throw new IllegalArgumentException("model " + meta.version() + " was trained by an earlier LiveLake (MLlib's "
          + "classifier over outcome grades), which this version no longer scores with: run `livelake train` again");
    }
    String dir = root + "/" + meta.version();
    return new PerformanceModel(meta.inputs(), MinMaxScalerModel.load(dir + "/scaler"),
        RegressionNetwork.of(meta.layers(), meta.networkWeights()), new Grading(meta.gradeEdges(), meta.gradeValues()));
  }

  private ModelMetadata read(FileSystem fs, Path meta) throws IOException {
    try (InputStream in = fs.open(meta)) {
      return JSON.readValue(in, ModelMetadata.class);
    }
  }

  private FileSystem fs(Path p) throws IOException {
    return p.getFileSystem(spark.sparkContext().hadoopConfiguration());
  }
}
