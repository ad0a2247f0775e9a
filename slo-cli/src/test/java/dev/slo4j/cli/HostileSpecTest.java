package dev.slo4j.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile spec files (issue 14): each is rejected by the CLI with a located one-line message and exit 1, quickly,
 * without a stack trace, an OutOfMemoryError or a silently changed SLO. Sizes are measured, not timed: the test
 * prints how long each case took.
 */
class HostileSpecTest {

  /** Writes one input file (some are 100 MB and are streamed, never held in memory). */
  interface Content {
    void write(OutputStream out) throws IOException;
  }

  record File(String name, Content content) {}

  /**
   * One hostile input: the files, the subcommand, the exit code, substrings stderr (or, for exit 0, stdout) must
   * hold; {@code {dir}} stands for the directory of the files.
   */
  record Case(String name, List<File> files, String command, int exit, List<String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static File text(String name, String content) {
    return new File(name, out -> out.write(content.getBytes(UTF_8)));
  }

  static File bytes(String name, byte[] content) {
    return new File(name, out -> out.write(content));
  }

  static String own(String sloBody) {
    return "version: slo4j/v1\nservice: shop\nslos:\n  - name: checkout\n" + sloBody;
  }

  static final String VALID = own("    objective: 99.9%\n");

  static final String SLOTH_CRD = """
      apiVersion: sloth.slok.dev/v1
      kind: PrometheusServiceLevel
      metadata:
        name: sloth-slo-my-service
        namespace: monitoring
      spec:
        service: myservice
        labels:
          owner: myteam
        slos:
          - name: requests-availability
            objective: 99.9
            description: Common SLO based on availability for HTTP request responses.
            sli:
              events:
                errorQuery: sum(rate(http_requests_total{job="myservice",code=~"(5..|429)"}[{{.window}}]))
                totalQuery: sum(rate(http_requests_total{job="myservice"}[{{.window}}]))
            alerting:
              name: MyServiceHighErrorRate
              pageAlert:
                labels:
                  severity: pageteam
              ticketAlert:
                labels:
                  severity: slack
      """;

  static final String OPENSLO = """
      apiVersion: openslo/v1
      kind: SLO
      metadata:
        name: search-errors
      spec:
        service: search
        budgetingMethod: Occurrences
        indicator:
          spec:
            ratioMetric:
              counter: true
              bad:
                metricSource:
                  type: Prometheus
                  spec:
                    query: sum(rate(search_errors_total[{{.window}}]))
              total:
                metricSource:
                  type: Prometheus
                  spec:
                    query: sum(rate(search_requests_total[{{.window}}]))
        timeWindow:
          - duration: 28d
            isRolling: true
        objectives:
          - target: 0.995
      """;

  /** The classic billion laughs: nine levels of nine aliases, 10^9 strings if expanded. */
  static String billionLaughs() {
    StringBuilder sb = new StringBuilder("version: slo4j/v1\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\","
        + "\"lol\",\"lol\",\"lol\"]\n");
    char prev = 'a';
    for (char c = 'b'; c <= 'i'; c++) {
      sb.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 9; i++) {
        sb.append(i == 0 ? "" : ",").append('*').append(prev);
      }
      sb.append("]\n");
      prev = c;
    }
    return sb.toString();
  }

  /** Valid documents, separated by ---, until the file holds more than 4 MiB. */
  static Content manyDocuments() {
    return out -> {
      byte[] doc = ("---\n" + VALID).getBytes(UTF_8);
      for (long written = 0; written < 4L * 1024 * 1024; written += doc.length) {
        out.write(doc);
      }
    };
  }

  /** One comment line of {@code size} bytes, streamed. */
  static Content commentLine(int size) {
    return out -> {
      out.write(VALID.getBytes(UTF_8));
      out.write('#');
      byte[] chunk = new byte[64 * 1024];
      Arrays.fill(chunk, (byte) 'x');
      for (int written = 1; written < size; written += chunk.length) {
        out.write(chunk, 0, Math.min(chunk.length, size - written));
      }
      out.write('\n');
    };
  }

  static Stream<Case> cases() {
    List<Case> c = new ArrayList<>();
    c.add(new Case("duplicate key", List.of(text("dup.yaml", own("    objective: 99.9%\n    objective: 50%\n"))),
        "explain", 1, List.of("dup.yaml:6: key 'objective' appears twice in one mapping (lines 5 and 6); YAML would "
        + "keep only the last, remove one")));
    c.add(new Case("many documents over the total limit", List.of(new File("many.yaml", manyDocuments())),
        "explain", 1, List.of("many.yaml: too large: 4,194,", " bytes; a spec may hold at most 3 MiB (3,145,728 "
        + "bytes), all its documents together: split it into a file per service")));
    c.add(new Case("one 100 MB comment line", List.of(new File("line.yaml", commentLine(100 * 1024 * 1024))),
        "explain", 1, List.of("line.yaml: too large: 104,857,", "a spec may hold at most 3 MiB")));
    c.add(new Case("one 1 MB comment line (under the size limit)",
        List.of(new File("line.yaml", commentLine(1024 * 1024))), "explain", 1,
        List.of("line.yaml:6: line 6 is longer than 65,536 characters; a spec's lines are short: break long queries "
            + "over lines with a YAML block scalar (|)")));
    c.add(new Case("objective 5e-999999999", List.of(text("o.yaml", own("    objective: \"5e-999999999\"\n"))),
        "explain", 1, List.of("o.yaml:5: slo 'checkout': objective '5e-999999999' has an exponent out of range (at "
        + "most 2 digits); write a percentage such as 99.9 or 99.9%")));
    c.add(new Case("objective 1e999999999", List.of(text("o.yaml", own("    objective: 1e999999999\n"))),
        "explain", 1, List.of("o.yaml:5: slo 'checkout': objective '1e999999999' has an exponent out of range")));
    c.add(new Case("objective 99.9999999999%", List.of(text("o.yaml", own("    objective: 99.9999999999%\n"))),
        "explain", 1, List.of("o.yaml:5: slo 'checkout': objective 99.9999999999% is finer than can be measured: "
        + "at most 5 decimals, up to 99.99999% (over 30d a budget of 0.26 s of full outage); use e.g. 99.999%")));
    c.add(new Case("window 9223372036854775807d",
        List.of(text("w.yaml", own("    objective: 99.9%\n    window: 9223372036854775807d\n"))), "explain", 1,
        List.of("w.yaml:6: slo 'checkout': window '9223372036854775807d' is too long: a duration may be at most "
            + "3650d (10 years); SLO windows are days or weeks, e.g. 30d")));
    c.add(new Case("window 7905747460161236407w (overflowed to 1d)",
        List.of(text("w.yaml", own("    objective: 99.9%\n    window: 7905747460161236407w\n"))), "explain", 1,
        List.of("w.yaml:6: slo 'checkout': window '7905747460161236407w' is too long")));
    c.add(new Case("unclosed quote", List.of(text("q.yaml",
        "version: slo4j/v1\nservice: shop\nslos:\n  - name: \"checkout\n    objective: 99.9%\n")), "explain", 1,
        List.of("q.yaml:4: not valid YAML: unclosed quote starting at line 4, column 11 (found unexpected end of "
            + "stream at line 6); close it with the same quote")));
    c.add(new Case("the same SLO in two files", List.of(text("a.yaml", VALID), text("b.yaml", VALID)),
        "generate", 1, List.of("{dir}/b.yaml: slo 'checkout': SLO shop/checkout is declared in both {dir}/a.yaml "
        + "and {dir}/b.yaml; declare each SLO (service and name) once: remove one or rename it")));
    c.add(new Case("Sloth CRD form", List.of(text("crd.yaml", SLOTH_CRD)), "explain", 0,
        List.of("1 SLO in ", "myservice/requests-availability", "99.9% over 30d")));
    c.add(new Case("Sloth CRD form with a mistyped field", List.of(text("crd.yaml",
        SLOTH_CRD.replace("errorQuery:", "errorQuerry:"))), "explain", 1,
        List.of("crd.yaml:16: slo 'requests-availability': unknown field 'sli.events.errorQuerry'; accepted here: "
            + "errorQuery, totalQuery")));
    c.add(new Case("Sloth CRD form of another kind", List.of(text("crd.yaml",
        SLOTH_CRD.replace("PrometheusServiceLevel", "ServiceLevel"))), "explain", 1,
        List.of("crd.yaml:2: kind 'ServiceLevel' is not supported; slo4j reads Sloth resources of kind "
            + "PrometheusServiceLevel")));
    c.add(new Case("OpenSLO mistyped objectives", List.of(text("open.yaml",
        OPENSLO.replace("objectives:", "objectivs:"))), "explain", 1,
        List.of("open.yaml:25: slo 'search-errors': unknown field 'objectivs'; accepted here: description, service, "
            + "indicator, indicatorRef, budgetingMethod, timeWindow, objectives, alertPolicies")));
    c.add(new Case("OpenSLO mistyped key in the indicator", List.of(text("open.yaml",
        OPENSLO.replace("query: sum(rate(search_errors", "qurey: sum(rate(search_errors"))), "explain", 1,
        List.of("open.yaml:16: slo 'search-errors': unknown field 'indicator.spec.ratioMetric.bad.metricSource.spec"
            + ".qurey'; accepted here: query")));
    c.add(new Case("NUL bytes", List.of(bytes("nul.yaml", "version: slo4j/v1\0\0\0\n".getBytes(UTF_8))),
        "explain", 1, List.of("nul.yaml:1: line 1, column 18: the control character U+0000 is not allowed (a binary "
        + "file?); a spec is UTF-8 text")));
    c.add(new Case("invalid UTF-8", List.of(bytes("bin.yaml", new byte[] {'a', ':', ' ', 'b', '\n',
        (byte) 0xff, (byte) 0xfe, (byte) 0x80, 0x00})), "explain", 1,
        List.of("bin.yaml:2: not UTF-8 text: byte 0xFF at line 2 is not valid UTF-8 (a binary file?); save the spec "
            + "as UTF-8")));
    c.add(new Case("10,000 nested [", List.of(text("deep.yaml", "version: slo4j/v1\nslos: " + "[".repeat(10_000))),
        "explain", 1, List.of("deep.yaml: not valid YAML: lists and mappings nest more than 32 levels deep; a spec "
        + "needs fewer than 10")));
    c.add(new Case("billion laughs", List.of(text("lol.yaml", billionLaughs())), "explain", 1,
        List.of("lol.yaml: not valid YAML: more than 50 aliases (*name) of lists or mappings; write the values out "
            + "(an alias bomb expands to billions of values)")));
    return c.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isRejectedWithALocatedMessage(Case c, @TempDir Path dir) throws IOException {
    List<String> args = new ArrayList<>(List.of(c.command()));
    for (File f : c.files()) {
      Path p = dir.resolve(f.name());
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(p))) {
        f.content().write(out);
      }
      args.add(p.toString());
    }
    if (c.command().equals("generate")) {
      args.addAll(List.of("--rules", dir.resolve("rules.yml").toString()));
    }
    long start = System.nanoTime();
    Slo4jCommandTest.Run r = Slo4jCommandTest.run(args.toArray(String[]::new));
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("hostile spec %-50s exit %d in %5d ms: %s%n", c.name(), r.exit(), millis,
        r.err().isEmpty() ? r.out().lines().findFirst().orElse("") : r.err().replace("\n", " | "));
    String shown = c.exit() == 0 ? r.out() : r.err();
    assertThat(r.exit()).as(r.err()).isEqualTo(c.exit());
    for (String expected : c.expected()) {
      assertThat(shown).contains(expected.replace("{dir}", dir.toString()));
    }
    assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("Error:");
  }

  @Test
  void anythingUnexpectedIsOneLineAndExit2NeverAStackTrace() {
    StringWriter err = new StringWriter();
    PrintWriter w = new PrintWriter(err, true);
    assertThat(Slo4jCommand.guarded(w, () -> {
      throw new StackOverflowError();
    })).isEqualTo(2);
    assertThat(Slo4jCommand.guarded(w, () -> {
      throw new IllegalStateException("boom\nsecond line");
    })).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("internal error: StackOverflow (a bug in slo4j: please report it with the "
        + "input)\ninternal error: IllegalState: boom (a bug in slo4j: please report it with the input)\n");
  }
}
