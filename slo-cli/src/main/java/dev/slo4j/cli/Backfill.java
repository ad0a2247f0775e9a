package dev.slo4j.cli;

import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.format.Durations;
import dev.slo4j.format.JsonText;
import dev.slo4j.rules.BackfillPass;
import dev.slo4j.rules.RuleGenerator;
import dev.slo4j.rules.RuleSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code slo4j backfill}: writes the recorded series of the generated rules for past days into a Prometheus data
 * directory, so the budget is right on the first day and after an SLO changes. promtool's rule backfill evaluates each
 * rule with range queries against the server, so the recording rules run in passes by dependency level
 * ({@link RuleSet#backfillPasses}), and the blocks of each pass are moved into the server's data directory and waited
 * for (Prometheus loads new blocks on its next reload, about once a minute) before the next pass reads them. With
 * {@code --vmalert}, each pass is a vmalert replay against a VictoriaMetrics instead.
 */
@Command(name = "backfill", mixinStandardHelpOptions = true,
    description = "Write the recorded series of the generated rules for a past time range into a Prometheus data "
        + "directory (promtool tsdb create-blocks-from rules), or a VictoriaMetrics (vmalert -replay), one pass per "
        + "dependency level. Exit 0 done, 1 invalid input, 2 a tool or server missing, unreachable or failing.")
final class Backfill implements Callable<Integer> {

  /** A block directory as promtool names it: a ULID. */
  private static final Pattern ULID = Pattern.compile("[0-9A-HJKMNP-TV-Z]{26}");
  private static final int MAX_RESPONSE_BYTES = 1 << 20;

  @picocli.CommandLine.Spec
  CommandSpec spec;

  @picocli.CommandLine.Mixin
  PrometheusOptions input;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "that Prometheus' data directory (its --storage.tsdb.path): each pass's blocks go there")
  Path dataDir;

  @Option(names = "--vmalert", paramLabel = "PATH",
      description = "instead of --data-dir: replay with this vmalert (e.g. vmalert), reading --prometheus (a "
          + "VictoriaMetrics) and writing to --remote-write")
  String vmalert;

  @Option(names = "--remote-write", paramLabel = "URL",
      description = "with --vmalert: where vmalert writes the recorded series (default: --prometheus, as a "
          + "single-node VictoriaMetrics accepts)")
  String remoteWrite;

  @Option(names = "--from", required = true, paramLabel = "TIME",
      description = "start: RFC 3339 (2026-11-26T00:00:00Z), Unix seconds, or now-DURATION (now-7d)")
  String from;

  @Option(names = "--to", defaultValue = "now", paramLabel = "TIME",
      description = "end, as --from, at most now (default: ${DEFAULT-VALUE})")
  String to;

  @Option(names = "--eval-interval", defaultValue = "1m", paramLabel = "DURATION",
      description = "the global evaluation interval of the rules, 10s to 5m (default: ${DEFAULT-VALUE}); groups with "
          + "their own interval keep it")
  String evalInterval;

  @Option(names = "--load-timeout", defaultValue = "3m", paramLabel = "DURATION",
      description = "how long to wait for Prometheus to load each pass's blocks, up to 30m (default: ${DEFAULT-VALUE})")
  String loadTimeout;

  @Option(names = "--promtool", defaultValue = "promtool", paramLabel = "PATH",
      description = "the promtool executable (default: ${DEFAULT-VALUE}, on the PATH)")
  String promtool;

  @Override
  public Integer call() {
    return Slo4jCommand.guarded(spec.commandLine().getErr(), this::backfill);
  }

  /** Invalid input: a message and exit 1. */
  private static final class Invalid extends Exception {
    Invalid(String message) {
      super(message);
    }
  }

  private int backfill() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<ServiceLevelObjective> slos;
    try {
      slos = Slo4jCommand.load(input.specs, err);
    } catch (IOException e) {
      err.println(Slo4jCommand.cannotReadSpec(e));
      return 1;
    }
    if (slos == null) {
      return 1;
    }
    Instant start;
    Instant end;
    Duration interval;
    Duration wait;
    URI url;
    URI write = null;
    try {
      Instant now = Instant.now();
      start = time("--from", from, now);
      end = time("--to", to, now);
      if (!start.isBefore(end)) {
        throw new Invalid("--from " + start + " is not before --to " + end);
      }
      if (end.isAfter(now)) {
        throw new Invalid("--to " + end + " is in the future; history ends now");
      }
      Duration longest = slos.stream().map(ServiceLevelObjective::window).max(Comparator.naturalOrder())
          .orElse(Duration.ZERO).plusDays(1);
      if (Duration.between(start, end).compareTo(longest) > 0) {
        throw new Invalid("--from " + start + " to --to " + end + " is longer than the longest SLO window plus a day ("
            + Durations.format(longest) + "): older series are read by no rule");
      }
      interval = duration("--eval-interval", evalInterval, Duration.ofSeconds(10), Duration.ofMinutes(5));
      wait = duration("--load-timeout", loadTimeout, Duration.ofSeconds(1), Duration.ofMinutes(30));
      url = url("--prometheus", input.prometheus);
      if ((dataDir == null) == (vmalert == null)) {
        throw new Invalid("give exactly one of --data-dir DIR (Prometheus) and --vmalert PATH (VictoriaMetrics)");
      }
      if (vmalert != null) {
        write = url("--remote-write", remoteWrite == null ? input.prometheus : remoteWrite);
      } else if (remoteWrite != null) {
        throw new Invalid("--remote-write applies with --vmalert only");
      } else if (!Files.isDirectory(dataDir)) {
        throw new Invalid("--data-dir " + dataDir + " is not a directory");
      }
      if (dataDir != null && !Files.isDirectory(dataDir.resolve("wal"))) {
        throw new Invalid("--data-dir " + dataDir + " is not a Prometheus data directory (no wal/ in it): give the "
            + "server's --storage.tsdb.path");
      }
    } catch (Invalid e) {
      err.println("invalid input: " + e.getMessage());
      return 1;
    }
    if (vmalert != null ? !runs(vmalert, "-version") : !runs(promtool, "--version")) {
      err.println(vmalert != null ? "vmalert not found (" + vmalert + "): install Debian's victoria-metrics package"
          : "promtool not found (" + promtool + "): install Debian's prometheus package or pass --promtool PATH");
      return 2;
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER).build();
    String unreachable = reachable(http, url);
    if (unreachable != null) {
      err.println("Prometheus at " + url + " cannot be reached: " + unreachable);
      return 2;
    }
    RuleSet rules = RuleGenerator.builder().build().generate(slos);
    List<BackfillPass> passes = rules.backfillPasses(new RuleSet.Header(
        String.join(", ", input.specs.stream().map(Path::toString).toList()), "slo4j backfill"));
    // Samples the rules recorded live stay beside backfilled ones (an SLO that changed would mix two objectives).
    for (BackfillPass pass : passes) {
      for (String selector : pass.selectors()) {
        if (hasResult(http, url, "count_over_time(" + selector + "[" + Durations.prometheus(
            Duration.between(start, end)) + "])", end)) {
          err.println("invalid input: " + selector + " already has samples between --from " + start + " and --to "
              + end + ": backfill up to when the rules were first loaded, or delete the old samples first (POST "
              + "/api/v1/admin/tsdb/delete_series with match[], start and end; the server needs "
              + "--web.enable-admin-api)");
          return 1;
        }
      }
    }
    Path work = Files.createTempDirectory("slo4j-backfill");
    try {
      for (int i = 0; i < passes.size(); i++) {
        BackfillPass pass = passes.get(i);
        Path file = work.resolve("pass-" + (i + 1) + ".rules.yml");
        Files.writeString(file, pass.rules(), StandardCharsets.UTF_8);
        Path blocks = Files.createDirectories(work.resolve("blocks-" + (i + 1)));
        long began = System.nanoTime();
        String failed = run(vmalert != null
            // Each group at its own interval; each rule reads what the rules before it wrote (docs/rules.md).
            ? List.of(vmalert, "-rule=" + file, "-datasource.url=" + url, "-remoteWrite.url=" + write,
                "-replay.timeFrom=" + start, "-replay.timeTo=" + end, "-replay.disableProgressBar",
                "-replay.rulesDelay=2s", "-remoteWrite.flushInterval=500ms", "-datasource.queryStep=0",
                "-evaluationInterval=" + interval.toSeconds() + "s", "-loggerLevel=ERROR",
                "-httpListenAddr=127.0.0.1:0")
            : List.of(promtool, "tsdb", "create-blocks-from", "rules",
                "--start=" + start.getEpochSecond(), "--end=" + end.getEpochSecond(), "--url=" + url,
                "--output-dir=" + blocks, "--eval-interval=" + Durations.prometheus(interval), file.toString()));
        if (failed != null) {
          err.println((vmalert != null ? "vmalert" : "promtool") + " failed on pass " + (i + 1) + " of "
              + passes.size() + ": " + failed);
          return 2;
        }
        int moved = vmalert != null ? 0 : moveBlocks(blocks, dataDir);
        String missing = awaitLoaded(http, url, pass.selectors(), end, Duration.between(start, end), wait);
        if (missing != null) {
          err.println(vmalert != null ? url + " has no samples of " + missing + " within " + Durations.format(wait)
              + " of vmalert's replay of pass " + (i + 1) + ": does --remote-write " + write + " write to it?"
              : "Prometheus at " + url + " did not load pass " + (i + 1) + "'s " + moved + " blocks within "
              + Durations.format(wait) + " (" + missing + " has no samples): is --data-dir " + dataDir
              + " its --storage.tsdb.path? The blocks are in it; a restart loads them");
          return 2;
        }
        out.printf("pass %d of %d (dependency level %d): %d recorded series, %s, written and loaded in %ds%n", i + 1,
            passes.size(), pass.level(), pass.selectors().size(), vmalert != null ? "replayed by vmalert"
                : moved + " blocks", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began));
        out.flush();
      }
    } finally {
      deleteTree(work);
    }
    out.println("backfilled " + rules.recordingRuleCount() + " recorded series of " + slos.size() + " SLO"
        + (slos.size() == 1 ? "" : "s") + " from " + start + " to " + end + " (alerts are not backfilled)");
    return 0;
  }

  /** RFC 3339, Unix seconds, {@code now} or {@code now-DURATION}. */
  static Instant time(String option, String text, Instant now) throws Invalid {
    String t = text.strip();
    try {
      if (t.equals("now")) {
        return now.minusNanos(now.getNano());
      }
      if (t.startsWith("now-")) {
        return now.minusNanos(now.getNano()).minus(Durations.parse(t.substring(4)));
      }
      if (t.matches("[0-9]{1,11}")) {
        return Instant.ofEpochSecond(Long.parseLong(t));
      }
      return Instant.parse(t);
    } catch (DateTimeParseException | IllegalArgumentException | ArithmeticException e) {
      throw new Invalid(option + " " + JsonText.quote(text) + " is not a time: give RFC 3339 "
          + "(2026-11-26T00:00:00Z), Unix seconds or now-DURATION (now-7d)");
    }
  }

  private static Duration duration(String option, String text, Duration min, Duration max) throws Invalid {
    Duration d;
    try {
      d = Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new Invalid(option + ": " + e.getMessage());
    }
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new Invalid(option + " " + Durations.format(d) + " is outside [" + Durations.format(min) + ", "
          + Durations.format(max) + "]");
    }
    return d;
  }

  private static URI url(String option, String text) throws Invalid {
    URI uri;
    try {
      uri = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null
        || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
      throw new Invalid(option + " " + JsonText.quote(text) + " is not an http(s) URL");
    }
    return uri;
  }

  /** Whether {@code tool versionFlag} runs and exits 0 within 30 seconds. */
  private static boolean runs(String tool, String versionFlag) throws InterruptedException {
    try {
      Process p = new ProcessBuilder(tool, versionFlag).redirectErrorStream(true).start();
      p.getInputStream().readNBytes(4096);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** Null when Prometheus answers its build information, else why not. */
  private static String reachable(HttpClient http, URI url) throws InterruptedException {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/query?query=vector(1)"))
          .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? null : "HTTP " + r.statusCode() + " from /api/v1/query";
    } catch (IOException e) {
      return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
  }

  /** Runs a command; null when it exits 0, else its exit code and last lines. */
  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    // The output is only read for errors: keep its tail.
    List<String> tail = new ArrayList<>();
    try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        tail.add(line);
        if (tail.size() > 10) {
          tail.remove(0);
        }
      }
    }
    if (!p.waitFor(1, TimeUnit.HOURS)) {
      p.destroyForcibly();
      return "did not finish within an hour";
    }
    return p.exitValue() == 0 ? null
        : "exit " + p.exitValue() + "\n  " + String.join("\n  ", tail.stream().map(l -> l.replaceAll("\\p{Cntrl}", "?")).toList());
  }

  /**
   * Moves promtool's block directories into the data directory: each under a name Prometheus ignores, then renamed to
   * its ULID, so the server never loads half a block.
   */
  private static int moveBlocks(Path from, Path data) throws IOException {
    int moved = 0;
    List<Path> blocks;
    try (Stream<Path> s = Files.list(from)) {
      blocks = s.filter(p -> ULID.matcher(p.getFileName().toString()).matches()).sorted().toList();
    }
    for (Path block : blocks) {
      Path target = data.resolve(block.getFileName().toString());
      Path staging = data.resolve(block.getFileName() + ".tmp-slo4j-backfill");
      try {
        Files.move(block, staging, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        copyTree(block, staging);
      }
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      moved++;
    }
    return moved;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Files.copy(p, to.resolve(from.relativize(p).toString()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * Waits until Prometheus has samples of every selector within {@code span} before {@code end}; null when it has, else
   * the first selector still without samples.
   */
  private static String awaitLoaded(HttpClient http, URI url, List<String> selectors, Instant end, Duration span,
      Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    for (String selector : selectors) {
      String query = "count_over_time(" + selector + "[" + Durations.prometheus(span) + "])";
      while (!hasResult(http, url, query, end)) {
        if (System.nanoTime() > deadline) {
          return selector;
        }
        Thread.sleep(2000);
      }
    }
    return null;
  }

  private static boolean hasResult(HttpClient http, URI url, String query, Instant at) throws InterruptedException {
    URI uri = URI.create(url + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&time="
        + at.getEpochSecond());
    try {
      HttpResponse<java.io.InputStream> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
          .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
      String body;
      try (java.io.InputStream in = r.body()) {
        body = new String(in.readNBytes(MAX_RESPONSE_BYTES), StandardCharsets.UTF_8);
      }
      return r.statusCode() == 200 && body.contains("\"status\":\"success\"")
          && !body.replace(" ", "").contains("\"result\":[]");
    } catch (IOException e) {
      return false;
    }
  }
}
