import dev.slo4j.LatencySli;
import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.rules.RuleGenerator;
import dev.slo4j.rules.RuleSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes slo4j's rules for Sloth's getting-started SLO (myservice / requests-availability, 99.9% over 30 days) to the
 * file named by the first argument; with a second argument, for the SLOs listed in that file instead (the SLOS=N mode
 * of run.sh: one SLO a line, tab-separated service, name, availability|latency, objective in percent, latency
 * threshold in seconds). Run with the slo-core and slo-rules jars on the class path:
 * {@code java -cp slo-core/target/slo-core-*.jar:slo-rules/target/slo-rules-*.jar benchmarks/eval-cost/SloRules.java out.yml}.
 */
public class SloRules {
  public static void main(String[] args) throws Exception {
    List<ServiceLevelObjective> slos = new ArrayList<>();
    if (args.length > 1) {
      for (String line : Files.readAllLines(Path.of(args[1]))) {
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.split("\t", -1);
        ServiceLevelObjective.Builder b = ServiceLevelObjective.builder(f[1]).service(f[0]).objective(f[3] + "%");
        if (f[2].equals("latency")) {
          b.sli(LatencySli.of(Duration.ofMillis(Math.round(Double.parseDouble(f[4]) * 1000))));
        }
        slos.add(b.build());
      }
    } else {
      slos.add(ServiceLevelObjective.builder("requests-availability").service("myservice").objective("99.9%").build());
    }
    RuleSet rules = RuleGenerator.ofDefaults().generate(slos);
    Files.writeString(Path.of(args[0]), rules.toPrometheusRules(
        new RuleSet.Header("benchmarks/eval-cost/SloRules.java", "benchmarks/eval-cost/run.sh")));
    System.out.println("slo4j: " + rules.recordingRuleCount() + " recording rules, " + rules.groups().size()
        + " groups for " + slos.size() + " SLO" + (slos.size() == 1 ? "" : "s"));
  }
}
