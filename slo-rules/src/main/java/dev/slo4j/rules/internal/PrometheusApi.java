package dev.slo4j.rules.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * slo-rules' one client of Prometheus' HTTP API ({@code /api/v1/query} and {@code /api/v1/query_range}), shared by
 * the release gate and the report so that both read answers, bound them and word their failures the same way. Its
 * JSON is read with SnakeYAML's safe loader (JSON is YAML), bounded in size and nesting. Not API: public only for
 * slo-rules' other packages. Immutable; thread-safe.
 */
public final class PrometheusApi {

  /** The largest answer read: a range query of {@link #MAX_POINTS} points over a few series fits easily. */
  public static final int MAX_RESPONSE_BYTES = 16 << 20;
  /** The most points one range query asks for per series (Prometheus refuses more than 11,000). */
  public static final int MAX_POINTS = 11_000;
  /** The longest range read: Prometheus' retention rarely exceeds a year. */
  public static final Duration MAX_RANGE = Duration.ofDays(400);

  private final URI base;
  private final HttpClient http;
  private final Duration timeout;

  private PrometheusApi(URI base, Duration timeout) {
    this.base = base;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /**
   * A client of the Prometheus at {@code base} (e.g. {@code http://prometheus:9090}).
   *
   * @throws IllegalArgumentException for a URL that is not http(s) with a host, or a timeout outside (0, 5 minutes]
   */
  public static PrometheusApi of(URI base, Duration timeout) {
    Objects.requireNonNull(base, "prometheus");
    Objects.requireNonNull(timeout, "timeout");
    checkUrl(base, "--prometheus");
    checkTimeout(timeout, "timeout");
    return new PrometheusApi(base, timeout);
  }

  /** Refuses a base URL that is not http(s) with a host and without a query, naming {@code option} as spelled. */
  public static void checkUrl(URI base, String option) {
    String scheme = base.getScheme();
    if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || base.getHost() == null
        || base.getRawQuery() != null || base.getRawFragment() != null) {
      throw new IllegalArgumentException(option + " " + base + " is not an http(s) URL with a host and"
          + " without a query, e.g. http://prometheus:9090");
    }
  }

  /** Refuses a request timeout outside (0, 5 minutes], naming {@code option} as spelled. */
  public static void checkTimeout(Duration timeout, String option) {
    if (timeout.isZero() || timeout.isNegative() || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new IllegalArgumentException(option + " " + dev.slo4j.format.Durations.format(timeout)
          + " is outside (0, 5m]; give e.g. 10s");
    }
  }

  /** The base URL. */
  public URI base() {
    return base;
  }

  /** Why Prometheus' answer could not be had or read; the message says so for a person. */
  public static final class PrometheusException extends Exception {
    private static final long serialVersionUID = 1L;

    PrometheusException(String message) {
      super(message);
    }
  }

  /** One series of an instant query: its labels and value. */
  public record Sample(Map<String, String> labels, double value) {}

  /** One series of a range query: its labels and its points, in time order. */
  public record Series(Map<String, String> labels, List<Point> points) {}

  /** One point: the time in milliseconds and the value. */
  public record Point(long epochMillis, double value) {}

  /** An instant query's vector (empty when nothing matches). */
  public List<Sample> instant(String promql, Instant at) throws PrometheusException {
    Map<?, ?> data = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
        + (at == null ? "" : "&time=" + seconds(at.toEpochMilli())));
    List<Sample> samples = new ArrayList<>();
    for (Object s : results(data)) {
      Object value = s instanceof Map<?, ?> m ? m.get("value") : null;
      samples.add(new Sample(labels(s), point(value).value()));
    }
    return samples;
  }

  /**
   * A range query from {@code start} to {@code end} every {@code step}, asked in as many requests as keep each at
   * most {@link #MAX_POINTS} points; series are merged by their labels.
   *
   * @throws IllegalArgumentException for a range longer than {@link #MAX_RANGE}, or a step under a second
   */
  public List<Series> range(String promql, Instant start, Instant end, Duration step) throws PrometheusException {
    if (step.compareTo(Duration.ofSeconds(1)) < 0 || end.isBefore(start)
        || Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
      throw new IllegalArgumentException("a range query from " + start + " to " + end + " every " + step
          + " is outside the bounds (a step of 1s or more, at most " + MAX_RANGE.toDays() + " days)");
    }
    Map<Map<String, String>, List<Point>> merged = new LinkedHashMap<>();
    long stepMs = step.toMillis();
    for (long from = start.toEpochMilli(); from <= end.toEpochMilli(); from += stepMs * MAX_POINTS) {
      long to = Math.min(end.toEpochMilli(), from + stepMs * (MAX_POINTS - 1));
      Map<?, ?> data = get("/api/v1/query_range?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
          + "&start=" + seconds(from) + "&end=" + seconds(to) + "&step=" + seconds(stepMs));
      for (Object s : results(data)) {
        Object values = s instanceof Map<?, ?> m ? m.get("values") : null;
        if (!(values instanceof List<?> list)) {
          throw new PrometheusException("Prometheus' answer to a range query has a series without values");
        }
        List<Point> points = merged.computeIfAbsent(labels(s), k -> new ArrayList<>());
        for (Object v : list) {
          points.add(point(v));
        }
      }
    }
    List<Series> series = new ArrayList<>();
    merged.forEach((labels, points) -> series.add(new Series(labels, List.copyOf(points))));
    return series;
  }

  private static String seconds(long millis) {
    return millis % 1000 == 0 ? Long.toString(millis / 1000) : String.format(java.util.Locale.ROOT, "%.3f",
        millis / 1000.0);
  }

  private static List<?> results(Map<?, ?> data) throws PrometheusException {
    Object result = data.get("result");
    if (!(result instanceof List<?> list)) {
      throw new PrometheusException("Prometheus' answer has no data.result");
    }
    return list;
  }

  private static Map<String, String> labels(Object series) {
    Map<String, String> labels = new TreeMap<>();
    if (series instanceof Map<?, ?> s && s.get("metric") instanceof Map<?, ?> metric) {
      metric.forEach((k, v) -> labels.put(String.valueOf(k), String.valueOf(v)));
    }
    return labels;
  }

  private static Point point(Object pair) throws PrometheusException {
    if (pair instanceof List<?> p && p.size() == 2 && p.get(0) instanceof Number time) {
      String text = String.valueOf(p.get(1));
      try {
        return new Point(Math.round(time.doubleValue() * 1000), Double.parseDouble(text));
      } catch (NumberFormatException e) {
        throw new PrometheusException("Prometheus answered a value that is not a number: " + text);
      }
    }
    throw new PrometheusException("Prometheus' answer has a point that is not [time, \"value\"]");
  }

  /** GETs {@code path} and returns the answer's {@code data}, or throws the problem in words. */
  private Map<?, ?> get(String path) throws PrometheusException {
    URI uri = URI.create(base.toString().replaceAll("/+$", "") + path);
    HttpResponse<InputStream> response;
    try {
      response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new PrometheusException("Prometheus at " + base + " cannot be reached: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PrometheusException("interrupted while asking Prometheus at " + base);
    }
    String body;
    try (InputStream in = response.body()) {
      byte[] bytes = in.readNBytes(MAX_RESPONSE_BYTES + 1);
      if (bytes.length > MAX_RESPONSE_BYTES) {
        throw new PrometheusException("Prometheus at " + base + " answered more than " + MAX_RESPONSE_BYTES
            + " bytes to one query; is " + base + " a Prometheus?");
      }
      body = new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PrometheusException("reading Prometheus' answer failed: " + e.getMessage());
    }
    Map<?, ?> json;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setMaxAliasesForCollections(0);
      options.setNestingDepthLimit(20);
      options.setCodePointLimit(MAX_RESPONSE_BYTES);
      Object parsed = new Yaml(new SafeConstructor(options)).load(body);
      json = parsed instanceof Map<?, ?> m ? m : null;
    } catch (RuntimeException e) {
      json = null;
    }
    if (json == null) {
      throw new PrometheusException("Prometheus at " + base + " answered HTTP " + response.statusCode()
          + " with something that is not its JSON API; is " + base + " the base URL of a Prometheus?");
    }
    if (!"success".equals(json.get("status"))) {
      throw new PrometheusException("Prometheus at " + base + " answered HTTP " + response.statusCode() + ": "
          + json.get("errorType") + ": " + json.get("error"));
    }
    if (!(json.get("data") instanceof Map<?, ?> data)) {
      throw new PrometheusException("Prometheus' answer has no data");
    }
    return data;
  }
}
