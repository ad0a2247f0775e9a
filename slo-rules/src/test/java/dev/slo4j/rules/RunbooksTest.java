package dev.slo4j.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.project.RuleFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.Test;

/** Runbook stubs: one page per alert, declarations escaped so that they can neither format a page nor inject into it. */
class RunbooksTest {

  private static final Parser MARKDOWN = Parser.builder().build();

  /** The text a reader sees, and the kinds of nodes a paragraph produced. */
  private static List<String> kinds(String markdown, StringBuilder text) {
    List<String> kinds = new ArrayList<>();
    MARKDOWN.parse(markdown).accept(new AbstractVisitor() {
      @Override
      protected void visitChildren(Node parent) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
          kinds.add(n.getClass().getSimpleName());
          if (n instanceof Text t) {
            text.append(t.getLiteral());
          }
          visitChildren(n);
        }
      }
    });
    return kinds;
  }

  @Property(tries = 2000)
  void anyDeclaredTextReadsAsWrittenAndFormatsNothing(@ForAll String value) {
    StringBuilder seen = new StringBuilder();
    List<String> kinds = kinds("x " + Runbooks.text(value) + " x", seen);
    StringBuilder expected = new StringBuilder("x ");
    for (char c : value.toCharArray()) {
      expected.append(c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || c == '\u0085' ? ' ' : c);
    }
    expected.append(" x");
    assertThat(kinds).containsOnly("Paragraph", "Text");
    assertThat(seen.toString()).isEqualTo(expected.toString());
  }

  @Property(tries = 500)
  void anyCodeStaysInsideItsFence(@ForAll String code) {
    String md = Runbooks.fence("promql", code.replace("\r", "")) + "after";
    List<String> blocks = new ArrayList<>();
    MARKDOWN.parse(md).accept(new AbstractVisitor() {
      @Override
      public void visit(FencedCodeBlock block) {
        blocks.add(block.getLiteral());
      }
    });
    assertThat(blocks).hasSize(1);
    // CommonMark reads NUL as U+FFFD everywhere (its spec, for safety); nothing else changes inside the fence.
    assertThat(blocks.get(0)).isEqualTo(code.replace("\r", "").replace('\0', '\uFFFD') + "\n");
  }

  @Test
  void onePagePerAlertWithTheBudgetTermsAndTheQueries() {
    ServiceLevelObjective slo = ServiceLevelObjective.builder("checkout").service("shop").objective("99.9")
        .description("Customers can *pay* <script>alert(1)</script>").build();
    Map<String, String> pages = Runbooks.render(List.of(slo));
    assertThat(pages).containsOnlyKeys("shop-checkout-page.md", "shop-checkout-ticket.md");
    String page = pages.get("shop-checkout-page.md");
    assertThat(page).contains("2% of its budget in 1h").contains("14.4x the sustainable rate")
        .contains("whole budget is gone in 2d2h")
        .contains("slo4j:error_ratio:rate1h{service=\"shop\",slo=\"checkout\"} / 0.001")
        .contains("slo4j:error_budget_remaining:ratio{service=\"shop\",slo=\"checkout\"}")
        .doesNotContain("<script>").contains("&lt;script&gt;");
    assertThat(pages.get("shop-checkout-ticket.md")).contains("10% of its budget in 3d");
  }

  @Test
  void alertsLinkThePublishedRunbooksUnlessTheSloNamesItsOwn() {
    ServiceLevelObjective own = ServiceLevelObjective.builder("search").service("shop").objective("99")
        .alerting(dev.slo4j.Alerting.builder().annotation("runbook_url", "https://wiki.example.com/search").build())
        .build();
    ServiceLevelObjective none = ServiceLevelObjective.builder("checkout").service("shop").objective("99.9").build();
    Map<String, String> files = RuleFiles.builder(List.of(own, none)).rules("r.yml")
        .runbooks("runbooks", "https://runbooks.example.com/shop/").build().files();
    assertThat(files).containsKeys("runbooks/shop-checkout-page.md", "runbooks/shop-search-ticket.md");
    assertThat(files.get("r.yml"))
        .contains("runbook_url: https://runbooks.example.com/shop/shop-checkout-page.md")
        .contains("runbook_url: https://runbooks.example.com/shop/shop-checkout-ticket.md")
        .contains("runbook_url: https://wiki.example.com/search")
        .doesNotContain("shop-search-page.md");
    assertThatThrownBy(() -> RuleGenerator.builder().runbookBaseUrl("javascript:alert(1)"))
        .hasMessageContaining("is not an http(s) URL");
    ServiceLevelObjective a = ServiceLevelObjective.builder("a.b").service("shop").objective("99").build();
    ServiceLevelObjective b = ServiceLevelObjective.builder("a-b").service("shop").objective("99").build();
    assertThatThrownBy(() -> RuleFiles.builder(List.of(a, b)).rules("r.yml").runbooks("rb", null).build())
        .hasMessageContaining("would share the runbook file shop-a-b-page.md");
  }

  /**
   * The budget-exhaustion tickets, when asked for, have their runbooks (linked from the alerts like every other one),
   * and their labels are exactly those of the SLO's burn ticket: the same text path, no new one.
   */
  @Test
  void budgetExhaustionTicketsHaveRunbooksAndTheLabelsOfTheBurnTicket() {
    ServiceLevelObjective slo = ServiceLevelObjective.builder("checkout").service("shop").objective("99.9")
        .label("team", "payments")
        .alerting(dev.slo4j.Alerting.builder().label("owner", "o").ticketLabel("room", "#slo")
            .budgetExhaustionAlerts(java.time.Duration.ofMinutes(5), java.time.Duration.ofDays(2)).build())
        .build();
    Map<String, String> files = RuleFiles.builder(List.of(slo)).rules("r.yml")
        .runbooks("runbooks", "https://runbooks.example.com/shop").build().files();
    assertThat(files.get("runbooks/shop-checkout-budget-exhausted.md")).contains("error budget exhausted")
        .contains("at least 5m").contains("slo4j:error_budget_remaining:ratio{service=\"shop\",slo=\"checkout\"}");
    assertThat(files.get("runbooks/shop-checkout-budget-exhaustion-predicted.md"))
        .contains("runs out within 2d").contains("6h or 1d")
        .contains("slo4j:error_ratio:rate6h{service=\"shop\",slo=\"checkout\"} / 0.001");
    assertThat(files.get("r.yml"))
        .contains("runbook_url: https://runbooks.example.com/shop/shop-checkout-budget-exhausted.md")
        .contains("runbook_url: https://runbooks.example.com/shop/shop-checkout-budget-exhaustion-predicted.md");
    RuleSet rules = RuleGenerator.ofDefaults().generate(List.of(slo));
    Map<String, Map<String, String>> labels = new java.util.TreeMap<>();
    rules.groups().forEach(g -> g.rules().stream().filter(Rule::isAlert)
        .forEach(r -> labels.put(r.name() + "/" + r.labels().get("severity"), r.labels())));
    assertThat(labels).containsOnlyKeys("SloErrorBudgetBurn/page", "SloErrorBudgetBurn/ticket",
        "SloErrorBudgetExhausted/ticket", "SloErrorBudgetExhaustionPredicted/ticket");
    assertThat(labels.get("SloErrorBudgetExhausted/ticket")).isEqualTo(labels.get("SloErrorBudgetBurn/ticket"))
        .isEqualTo(labels.get("SloErrorBudgetExhaustionPredicted/ticket"))
        .containsEntry("team", "payments").containsEntry("owner", "o").containsEntry("room", "#slo");
    assertThat(Runbooks.render(List.of(ServiceLevelObjective.builder("x").service("shop").objective("99").build())))
        .as("off by default: no page, no alert").containsOnlyKeys("shop-x-page.md", "shop-x-ticket.md");
  }
}
