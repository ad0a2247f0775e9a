package dev.slo4j.declare;

import dev.slo4j.Alerting;
import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.format.Durations;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A short, stable digest of resolved SLOs, and one canonical line per SLO, so that the rules a repository checks in
 * can be compared with the SLOs a running service registers: the generator writes both into the rule file's header,
 * the service computes them from what it measures, and a difference is named SLO by SLO instead of a bare "mismatch".
 *
 * <p>Every field that changes the generated rules is in the line (service, name, SLI, objective, window, labels,
 * alerting, alert policy, description); the lines are sorted, so the order in which SLOs were found does not matter.
 * Text is escaped so that a line never spans two lines of a file.
 *
 * <p>Immutable and thread-safe.
 */
public final class SloFingerprint {

  /** The header line of a generated file that carries the digest. */
  public static final String DIGEST_PREFIX = "slo4j-fingerprint: ";
  /** The header lines that carry one SLO each. */
  public static final String SLO_PREFIX = "slo4j-slo: ";

  /** Marks the line of an SLO whose events the service records itself (so a running service registers it). */
  static final String RECORDED = "recorded ";
  /** Marks the line of an SLO whose events come from PromQL queries over other metrics. */
  static final String QUERIED = "queried ";

  private final String digest;
  private final Map<String, String> lines;

  private SloFingerprint(Map<String, String> lines) {
    this.lines = java.util.Collections.unmodifiableMap(new TreeMap<>(lines));
    this.digest = digest(this.lines.values());
  }

  /** The fingerprint of these SLOs. */
  public static SloFingerprint of(Collection<ServiceLevelObjective> slos) {
    Map<String, String> lines = new TreeMap<>();
    for (ServiceLevelObjective s : slos) {
      lines.put(key(s), line(s));
    }
    return new SloFingerprint(lines);
  }

  /**
   * The fingerprint written in a generated file's header, or empty when the text has none (a file generated before
   * fingerprints, or not by slo4j).
   */
  public static java.util.Optional<SloFingerprint> parse(String generatedFile) {
    String digest = null;
    Map<String, String> lines = new LinkedHashMap<>();
    for (String raw : generatedFile.split("\n")) {
      if (!raw.startsWith("#")) {
        if (raw.isBlank()) {
          continue;
        }
        break; // the header ends with the first non-comment line
      }
      String l = raw.startsWith("# ") ? raw.substring(2) : raw.substring(1);
      if (l.startsWith(DIGEST_PREFIX)) {
        digest = l.substring(DIGEST_PREFIX.length()).strip();
      } else if (l.startsWith(SLO_PREFIX)) {
        String line = l.substring(SLO_PREFIX.length());
        int colon = line.indexOf(": ");
        lines.put(colon < 0 ? line : line.substring(0, colon), line);
      }
    }
    if (digest == null) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new SloFingerprint(lines));
  }

  /** {@code service/name}: how an SLO is told apart from another. */
  public static String key(ServiceLevelObjective s) {
    return s.service() + "/" + s.name();
  }

  /** The canonical line of one SLO: every field that shapes its rules, escaped onto one line. */
  public static String line(ServiceLevelObjective s) {
    Alerting a = s.alerting();
    StringBuilder sb = new StringBuilder();
    sb.append(key(s)).append(": ").append(s.sli().events().isPresent() ? QUERIED : RECORDED).append(s.sli())
        .append(" objective=").append(s.objective().toPercentString())
        .append(" window=").append(Durations.format(s.window()))
        .append(" labels=").append(s.labels())
        .append(" page=").append(a.page()).append(" ticket=").append(a.ticket())
        .append(" alertLabels=").append(a.labels())
        .append(" pageLabels=").append(a.pageLabels())
        .append(" ticketLabels=").append(a.ticketLabels())
        .append(" annotations=").append(a.annotations());
    a.absentFor().ifPresent(d -> sb.append(" absentFor=").append(Durations.format(d))
        .append(" serviceUp=").append(a.serviceUp().orElse("")));
    a.exhaustedFor().ifPresent(d -> sb.append(" budgetExhaustion=").append(Durations.format(d)).append('/')
        .append(a.exhaustionHorizon().map(Durations::format).orElse("default")));
    sb.append(" policy=").append(s.alertPolicy());
    if (!s.description().isEmpty()) {
      sb.append(" description=").append(s.description());
    }
    return escape(sb.toString());
  }

  /**
   * Only the SLOs whose events a service records itself: what a running service registers and so can compare (an
   * SLO over another system's metrics, from a spec file, is in the rules but never registered).
   */
  public SloFingerprint recordedOnly() {
    Map<String, String> kept = new TreeMap<>();
    lines.forEach((k, v) -> {
      if (v.startsWith(k + ": " + RECORDED)) {
        kept.put(k, v);
      }
    });
    return new SloFingerprint(kept);
  }

  /** A 16-hex-digit digest of the sorted lines (SHA-256, truncated). */
  public String digest() {
    return digest;
  }

  /** The canonical line of each SLO, by {@code service/name}, sorted. */
  public Map<String, String> lines() {
    return lines;
  }

  /**
   * What differs between {@code expected} (e.g. the rules a service ships) and this (e.g. what it registered), one
   * sentence per SLO, empty when they agree.
   */
  public List<String> differences(SloFingerprint expected, String expectedName, String actualName) {
    Objects.requireNonNull(expected, "expected");
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> e : lines.entrySet()) {
      String there = expected.lines.get(e.getKey());
      if (there == null) {
        out.add(e.getKey() + " is in " + actualName + " but not in " + expectedName + ": " + e.getValue());
      } else if (!there.equals(e.getValue())) {
        out.add(e.getKey() + " differs in " + fieldDifferences(e.getValue(), there, actualName, expectedName));
      }
    }
    for (Map.Entry<String, String> e : expected.lines.entrySet()) {
      if (!lines.containsKey(e.getKey())) {
        out.add(e.getKey() + " is in " + expectedName + " but not in " + actualName + ": " + e.getValue());
      }
    }
    return out;
  }

  private static final List<String> FIELDS = List.of("objective", "window", "labels", "page", "ticket", "alertLabels",
      "pageLabels", "ticketLabels", "annotations", "absentFor", "serviceUp", "budgetExhaustion", "policy", "description");

  /** {@code objective (this service: 99.5%; the rules: 99%)}, field by field; whole lines if they do not parse. */
  static String fieldDifferences(String actual, String expected, String actualName, String expectedName) {
    Map<String, String> a = fields(actual);
    Map<String, String> b = fields(expected);
    if (a == null || b == null) {
      return "its declaration: " + actualName + " has " + actual + "; " + expectedName + " has " + expected;
    }
    List<String> out = new ArrayList<>();
    for (String k : a.keySet()) {
      if (!Objects.equals(a.get(k), b.get(k))) {
        out.add(k + " (" + actualName + ": " + a.get(k) + "; " + expectedName + ": " + b.get(k) + ")");
      }
    }
    return String.join(", ", out);
  }

  /** The fields of a canonical line, in their fixed order; null when it does not have that shape. */
  private static Map<String, String> fields(String line) {
    int colon = line.indexOf(": ");
    int objective = line.indexOf(" objective=", colon);
    if (colon < 0 || objective < 0) {
      return null;
    }
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("sli", line.substring(colon + 2, objective));
    int at = objective + 1;
    String key = "objective";
    for (int i = FIELDS.indexOf(key) + 1; i <= FIELDS.size(); i++) {
      int next = -1;
      String nextKey = null;
      for (int j = i; j < FIELDS.size() && next < 0; j++) {
        next = line.indexOf(" " + FIELDS.get(j) + "=", at);
        nextKey = FIELDS.get(j);
      }
      int end = next < 0 ? line.length() : next;
      fields.put(key, line.substring(at + key.length() + 1, end));
      if (next < 0) {
        break;
      }
      at = next + 1;
      key = nextKey;
      i = FIELDS.indexOf(nextKey);
    }
    for (String f : FIELDS) {
      fields.putIfAbsent(f, "");
    }
    return fields;
  }

  /** The header lines a generated file carries, without the comment marker. */
  public List<String> headerLines() {
    List<String> out = new ArrayList<>();
    out.add(DIGEST_PREFIX + digest);
    lines.values().forEach(l -> out.add(SLO_PREFIX + l));
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SloFingerprint f && digest.equals(f.digest);
  }

  @Override
  public int hashCode() {
    return digest.hashCode();
  }

  @Override
  public String toString() {
    return digest;
  }

  private static String digest(Collection<String> lines) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String l : lines) {
        sha.update(l.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /**
   * Backslash, controls, the characters YAML or an editor may take as a line break, and trailing white space (which
   * editors and hooks trim), as {@code \}uXXXX.
   */
  static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    int trailing = s.length();
    while (trailing > 0 && (Character.isWhitespace(s.charAt(trailing - 1))
        || Character.isSpaceChar(s.charAt(trailing - 1)))) {
      trailing--;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (i >= trailing) {
        sb.append(String.format("\\u%04x", (int) c));
      } else if (c == '\\') {
        sb.append("\\\\");
      } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029' || c == '\ufeff'
          || Character.isSurrogate(c) && !validPair(s, i)) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static boolean validPair(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }
}
