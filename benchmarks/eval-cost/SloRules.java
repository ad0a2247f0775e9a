import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.rules.RuleGenerator;
import dev.slo4j.rules.RuleSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes slo4j's rules for Sloth's getting-started SLO (myservice / requests-availability, 99.9% over 30 days) to the
 * file named by the first argument. Run with the slo-core and slo-rules jars on the class path:
 * {@code java -cp slo-core/target/slo-core-*.jar:slo-rules/target/slo-rules-*.jar benchmarks/eval-cost/SloRules.java out.yml}.
 */
public class SloRules {
  public static void main(String[] args) throws Exception {
    ServiceLevelObjective slo = ServiceLevelObjective.builder("requests-availability").service("myservice").objective("99.9%").build();
    RuleSet rules = RuleGenerator.ofDefaults().generate(List.of(slo));
    Files.writeString(Path.of(args[0]), rules.toPrometheusRules(
        new RuleSet.Header("benchmarks/eval-cost/SloRules.java", "benchmarks/eval-cost/run.sh")));
    System.out.println("slo4j: " + rules.recordingRuleCount() + " recording rules, " + rules.groups().size()
        + " groups for 1 SLO");
  }
}
