package io.livelake.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's chromium, headless, driven over the DevTools protocol on a websocket: opens a page, waits for
 * its load event, and records what the console reported as errors (console.error, uncaught exceptions,
 * failed loads the browser logs).
 */
final class HeadlessChromium implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();
  private final List<String> consoleErrors = new CopyOnWriteArrayList<>();
  private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();

  private HeadlessChromium(Process process, WebSocket.Builder builder, URI page) throws Exception {
    this.process = process;
    this.socket = builder.buildAsync(page, new Listener()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    for (String domain : List.of("Page", "Runtime", "Log")) call(domain + ".enable", JSON.createObjectNode());
  }

  /** Starts chromium with a fresh profile in {@code profile}, no network services, no first-run steps. */
  static HeadlessChromium start(Path profile) throws Exception {
    Process p = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-default-apps",
        "--hide-scrollbars", "--window-size=1100,900", "--remote-debugging-port=0", "--user-data-dir=" + profile,
        "about:blank").redirectErrorStream(true).redirectOutput(profile.resolveSibling("chromium.log").toFile()).start();
    // Chromium writes the port it chose, first line of DevToolsActivePort, once it listens.
    Path portFile = profile.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!(Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2)) {
      if (!p.isAlive()) throw new IllegalStateException("chromium exited with " + p.exitValue() + " before listening");
      if (System.nanoTime() > deadline) throw new IllegalStateException("chromium did not listen within " + WAIT);
      Thread.sleep(100);
    }
    String port = Files.readAllLines(portFile).get(0).strip();
    HttpClient http = HttpClient.newHttpClient();
    JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
        .build(), HttpResponse.BodyHandlers.ofString()).body());
    for (JsonNode t : targets) {
      if (t.path("type").asText().equals("page")) {
        return new HeadlessChromium(p, http.newWebSocketBuilder(), URI.create(t.path("webSocketDebuggerUrl").asText()));
      }
    }
    p.destroy();
    throw new IllegalStateException("chromium has no page target: " + targets);
  }

  /** Opens {@code url} and returns when its load event fired (images included). */
  void open(String url) throws Exception {
    loaded = new CompletableFuture<>();
    ObjectNode params = JSON.createObjectNode().put("url", url);
    JsonNode r = call("Page.navigate", params);
    if (r.has("errorText")) throw new IllegalStateException("could not open " + url + ": " + r.get("errorText").asText());
    loaded.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  /** The value of a JavaScript expression in the page, as JSON. */
  JsonNode evaluate(String expression) throws Exception {
    JsonNode r = call("Runtime.evaluate", JSON.createObjectNode().put("expression", expression).put("returnByValue", true));
    if (r.has("exceptionDetails")) throw new IllegalStateException("script failed: " + r.get("exceptionDetails"));
    return r.path("result").path("value");
  }

  /** Saves a PNG of the whole page, beyond the window. */
  void screenshot(Path file) throws Exception {
    JsonNode size = call("Page.getLayoutMetrics", JSON.createObjectNode()).path("cssContentSize");
    ObjectNode clip = JSON.createObjectNode().put("x", 0).put("y", 0).put("scale", 1)
        .put("width", size.path("width").asDouble()).put("height", size.path("height").asDouble());
    ObjectNode params = JSON.createObjectNode().put("format", "png").put("captureBeyondViewport", true);
    params.set("clip", clip);
    JsonNode r = call("Page.captureScreenshot", params);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, Base64.getDecoder().decode(r.path("data").asText()));
  }

  /** What the console reported as errors since the start. */
  List<String> consoleErrors() { return new ArrayList<>(consoleErrors); }

  private JsonNode call(String method, ObjectNode params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    replies.put(id, reply);
    ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
    msg.set("params", params);
    socket.sendText(JSON.writeValueAsString(msg), true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    JsonNode r = reply.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    if (r.has("error")) throw new IllegalStateException(method + " failed: " + r.get("error"));
    return r.path("result");
  }

  private void event(JsonNode msg) {
    JsonNode p = msg.path("params");
    switch (msg.path("method").asText()) {
      case "Page.loadEventFired" -> loaded.complete(null);
      case "Runtime.consoleAPICalled" -> {
        if (p.path("type").asText().equals("error")) consoleErrors.add("console.error: " + p.path("args"));
      }
      case "Runtime.exceptionThrown" -> consoleErrors.add("exception: " + p.path("exceptionDetails"));
      case "Log.entryAdded" -> {
        if (p.path("entry").path("level").asText().equals("error")) {
          consoleErrors.add(p.path("entry").path("source").asText() + ": " + p.path("entry").path("text").asText()
              + " " + p.path("entry").path("url").asText());
        }
      }
      default -> { }
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          JsonNode msg = JSON.readTree(partial.toString());
          if (msg.has("id")) {
            CompletableFuture<JsonNode> reply = replies.remove(msg.get("id").asInt());
            if (reply != null) reply.complete(msg);
          } else {
            event(msg);
          }
        } catch (IOException e) {
          consoleErrors.add("unreadable DevTools message: " + e.getMessage());
        }
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }
  }

  @Override
  public void close() throws Exception {
    socket.abort();
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
  }
}
