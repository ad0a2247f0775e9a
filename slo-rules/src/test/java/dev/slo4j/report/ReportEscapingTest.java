package dev.slo4j.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.rules.internal.MarkupText;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.yaml.snakeyaml.Yaml;

/**
 * Declared text (an SLO's description and label values, arbitrary Unicode) cannot break out of its place in any of
 * the report's formats: the HTML page keeps the same tags, the Markdown the same nodes, and the JSON parses back to
 * the declared text.
 */
class ReportEscapingTest {

  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

  static Report report(String description, String team) {
    ServiceLevelObjective slo;
    try {
      slo = ServiceLevelObjective.builder("checkout").service("shop").objective("99.9").description(description)
          .label("team", team).build();
    } catch (RuntimeException refused) {
      Assume.that(false); // a value the SLO model refuses never reaches a report
      return null;
    }
    List<SloReport.Step> steps = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      steps.add(new SloReport.Step(T0.plus(Duration.ofMinutes(5L * i)), i == 6 ? 500 : 1, 1000));
    }
    SloReport.AlertEpisode page = new SloReport.AlertEpisode("SloErrorBudgetBurn", "page", T0.plus(Duration.ofMinutes(26)),
        T0.plus(Duration.ofMinutes(33)));
    return new Report(new Period(T0, T0.plus(Duration.ofHours(1))),
        List.of(new SloReport(slo, Duration.ofMinutes(5), steps, 0.5, List.of(page))));
  }

  /** The page's tags in order: what a browser builds its document from. */
  static List<String> tags(String html) {
    List<String> tags = new ArrayList<>();
    Matcher m = Pattern.compile("<[^>]*>").matcher(html);
    while (m.find()) {
      tags.add(m.group());
    }
    return tags;
  }

  /** What HTML shows for escaped text: the five references decoded. */
  static String unescapeHtml(String s) {
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
        .replace("&amp;", "&");
  }

  @Property(tries = 1000)
  void htmlKeepsItsTagsAndShowsTheTextAsDeclared(@ForAll String declared, @ForAll String team) {
    Report report = report(declared, team);
    String page = report.toHtml();
    String description = report.slos().get(0).slo().description();
    assertThat(tags(page)).isEqualTo(tags(report(description.isEmpty() ? "" : "x", "y").toHtml()));
    String escaped = MarkupText.html(description);
    assertThat(escaped).doesNotContain("<", ">", "\"", "'");
    assertThat(escaped.replaceAll("&(amp|lt|gt|quot|#39);", "")).doesNotContain("&");
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < description.length(); i++) {
      char c = description.charAt(i);
      boolean pair = Character.isHighSurrogate(c) && i + 1 < description.length()
          && Character.isLowSurrogate(description.charAt(i + 1));
      if (pair) {
        expected.append(c).append(description.charAt(++i));
      } else {
        expected.append(Character.isSurrogate(c) || (c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7f && c < 0xa0)
            || c == '\r' ? '\uFFFD' : c);
      }
    }
    assertThat(unescapeHtml(escaped)).isEqualTo(expected.toString());
    if (!description.isEmpty()) {
      assertThat(page).contains("<p class=\"description\">" + escaped + "</p>");
    }
  }

  @Property(tries = 1000)
  void markdownKeepsItsStructureAndShowsTheTextAsDeclared(@ForAll String description, @ForAll String team) {
    Parser parser = Parser.builder().build();
    assertThat(kinds(parser.parse(report(description, team).toMarkdown())))
        .isEqualTo(kinds(parser.parse(report(description.isEmpty() ? "" : "x", "y").toMarkdown())));
    assertThat(kinds(parser.parse(report(description, team).toPostmortem())))
        .isEqualTo(kinds(parser.parse(report(description.isEmpty() ? "" : "x", "y").toPostmortem())));
  }

  @Property(tries = 1000)
  @SuppressWarnings("unchecked")
  void jsonParsesBackToTheDeclaredText(@ForAll String description, @ForAll String team) {
    // Lone surrogates have no UTF-8 form: JsonText escapes them (its own property test), SnakeYAML refuses them.
    Assume.that(description.chars().noneMatch(c -> Character.isSurrogate((char) c))
        && team.chars().noneMatch(c -> Character.isSurrogate((char) c)));
    // SnakeYAML refuses some characters JSON allows raw in a string (C1 controls, U+FFFE) and folds NEL: written as the
    // \\u escapes JSON reads as the same characters (the structure of JSON is ASCII, so they are inside strings).
    StringBuilder text = new StringBuilder();
    for (char c : report(description, team).toJson().toCharArray()) {
      boolean yamlPrintable = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0x7E)
          || (c >= 0xA0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || Character.isSurrogate(c);
      text.append(yamlPrintable ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    Map<String, Object> json = new Yaml().load(text.toString());
    Map<String, Object> slo = ((List<Map<String, Object>>) json.get("slos")).get(0);
    ServiceLevelObjective declared = report(description, team).slos().get(0).slo();
    assertThat(slo).containsEntry("description", declared.description())
        .containsEntry("labels", Map.of("team", declared.labels().get("team")));
  }

  /** The kinds of the document's nodes, in order: a change of structure changes the list. */
  static List<String> kinds(Node document) {
    List<String> kinds = new ArrayList<>();
    document.accept(new AbstractVisitor() {
      @Override
      protected void visitChildren(Node parent) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
          kinds.add(n.getClass().getSimpleName());
          visitChildren(n);
        }
      }
    });
    // Adjacent text nodes merge or split with the text; the structure is what the other nodes are.
    List<String> merged = new ArrayList<>();
    for (String k : kinds) {
      if (!(k.equals("Text") && !merged.isEmpty() && merged.get(merged.size() - 1).equals("Text"))) {
        merged.add(k);
      }
    }
    return merged;
  }
}
