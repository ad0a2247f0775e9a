package dev.slo4j.test;

import static dev.slo4j.test.AlertAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slo4j.LatencySli;
import dev.slo4j.ServiceLevelObjective;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Bursts of errors (a flapping dependency, a crash loop) against the default policy on a 99.9%/30d SLO, evaluated by
 * the real promtool; and the scenario's input counters, which must never step down (promtool would read a counter
 * reset and count the whole counter again).
 */
class AlertScenarioBurstsTest {

  static Duration min(long m) {
    return Duration.ofMinutes(m);
  }

  static Duration hours(long h) {
    return Duration.ofHours(h);
  }

  @Test
  void aOneMinuteOutageEveryHourPagesAtEveryBurstAndResetsBetween() {
    // One minute of full outage is 1.7% of an hour's events, over the fast tier's 1.44%; 5 minutes later the short
    // window no longer sees it.
    AlertTimeline t = AlertScenario.forSlo(AlertScenarioTest.CHECKOUT).steady(hours(6), 0.0005)
        .bursts(hours(4), hours(1), min(1), 1.0).steady(hours(1), 0.0).evaluate();
    List<AlertTimeline.Episode> pages = t.episodes().stream().filter(e -> e.alert().severity().equals("page")).toList();
    assertThat(pages).extracting(AlertTimeline.Episode::from).containsExactly(hours(6).plus(min(1)),
        hours(7).plus(min(1)), hours(8).plus(min(1)), hours(9).plus(min(1)));
    assertThat(pages).extracting(AlertTimeline.Episode::until).containsExactly(Optional.of(hours(6).plus(min(6))),
        Optional.of(hours(7).plus(min(6))), Optional.of(hours(8).plus(min(6))), Optional.of(hours(9).plus(min(6))));
    assertThat(t).page().neverFiresDuring(0).firesWithin(min(1)).afterPhase(1);
    assertThat(t).ticket().firesWithin(min(1)).afterPhase(1);
    assertThat(t.toString()).contains("phase 1 (bursts of 100% errors for 1m every 1h, +6h to +10h)");
  }

  @Test
  void shortBurstsOfOneFailureInFiveRaiseATicketNotAPage() {
    // 20% for a minute an hour is 0.33% over the hour and the 6 hours: under both page tiers (1.44%, 0.6%), over the
    // ticket's 0.1% over 6h and 3d.
    AlertTimeline t = AlertScenario.forSlo(AlertScenarioTest.CHECKOUT).steady(hours(6), 0.0005)
        .bursts(hours(6), hours(1), min(1), 0.2).evaluate();
    assertThat(t).page().neverFiresDuring(0);
    assertThat(t).page().neverFiresDuring(1);
    assertThat(t).ticket().firesWithin(min(10)).afterPhase(1);
  }

  @Test
  void theInputCountersNeverStepDown() {
    // Random phases over availability and latency SLOs (any ratio, burst shape and rate): every series the test file
    // gives promtool, read as Go and Java read a decimal (the nearest double), never decreases.
    ServiceLevelObjective latency = ServiceLevelObjective.builder("quote").service("shop").objective("99.5")
        .sli(LatencySli.of(Duration.ofMillis(250))).build();
    Random random = new Random(7);
    Pattern values = Pattern.compile("values: \"([^\"]*)\"");
    for (int run = 0; run < 200; run++) {
      AlertScenario s = AlertScenario.forSlos(List.of(AlertScenarioTest.CHECKOUT, latency))
          .requestsPerSecond(0.1 + random.nextInt(2000) / 7.0);
      for (int phase = 0; phase < 1 + random.nextInt(6); phase++) {
        Duration length = min(1 + random.nextInt(180));
        double ratio = random.nextInt(4) == 0 ? random.nextInt(2) : random.nextDouble();
        s = switch (random.nextInt(4)) {
          case 0 -> s.steady(length, ratio);
          case 1 -> s.outage(length);
          case 2 -> s.burnAt(1 + random.nextDouble() * 100, length);
          default -> s.bursts(length, min(2 + random.nextInt(60)), min(1), ratio);
        };
      }
      String file = s.testFile(dev.slo4j.rules.RuleGenerator.ofDefaults().generate(s.slos()));
      Matcher m = values.matcher(file);
      int series = 0;
      while (m.find()) {
        series++;
        String[] v = m.group(1).split(" ");
        assertThat(v).hasSize((int) (s.length().dividedBy(s.step()) + 1));
        for (int i = 1; i < v.length; i++) {
          if (Double.parseDouble(v[i]) < Double.parseDouble(v[i - 1])) {
            throw new AssertionError(s + ": sample " + i + " " + v[i] + " is below " + v[i - 1]);
          }
        }
      }
      assertThat(series).isEqualTo(4);
    }
  }

  @Test
  void aBurstsPhaseIsWholeStepsAndShorterThanItsPeriod() {
    AlertScenario s = AlertScenario.forSlo(AlertScenarioTest.CHECKOUT);
    assertThatThrownBy(() -> s.bursts(hours(1), min(10), Duration.ofSeconds(30), 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the burst of phase 0, 30s, is not a positive whole number of the scenario's evaluation step 1m");
    assertThatThrownBy(() -> s.bursts(hours(1), min(10), min(-1), 1.0))
        .hasMessage("the burst of phase 0, -1m, is not a positive whole number of the scenario's evaluation step 1m");
    assertThatThrownBy(() -> s.bursts(hours(1), Duration.ZERO, min(1), 1.0))
        .hasMessage("the period of phase 0, 0s, is not a positive whole number of the scenario's evaluation step 1m");
    assertThatThrownBy(() -> s.bursts(hours(1), min(5), min(5), 1.0))
        .hasMessage("the burst of phase 0, 5m, must be shorter than its period 5m (a burst as long as the period is "
            + "steady(...))");
    assertThatThrownBy(() -> s.bursts(hours(1), min(5), min(1), 1.5))
        .hasMessage("error ratio 1.5 of phase 0 is outside [0, 1]");
    assertThatThrownBy(() -> s.bursts(hours(1), min(5), min(1), Double.NaN))
        .hasMessage("error ratio NaN of phase 0 is outside [0, 1]");
    assertThatThrownBy(() -> s.bursts(Duration.ofDays(8), min(5), min(1), 1.0))
        .hasMessageContaining("more than the maximum 7d");
    // The last period is cut at the phase's end: 7 minutes with a 1-minute burst every 5 fail minutes 0 and 5.
    AlertScenario cut = AlertScenario.forSlo(AlertScenarioTest.CHECKOUT).requestsPerSecond(1)
        .bursts(min(7), min(5), min(1), 1.0);
    assertThat(cut.samples().values()).extracting(v -> v.stream().map(BigDecimal::stripTrailingZeros)
            .map(BigDecimal::toPlainString).toList())
        .containsExactly(List.of("0", "0", "60", "120", "180", "240", "240", "300"),
            List.of("0", "60", "60", "60", "60", "60", "120", "120"));
  }
}
