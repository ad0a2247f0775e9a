package dev.slo4j.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StaleFileDiffTest {

  @Test
  void sameContentIgnoresWindowsLineEndings() {
    assertThat(StaleFileDiff.sameContent("a\r\nb\r\n", "a\nb\n")).isTrue();
    assertThat(StaleFileDiff.sameContent("a\nb\n", "a\nc\n")).isFalse();
    assertThat(StaleFileDiff.diff("f", "a\r\nb\r\n", "a\nb\n", 20)).isEmpty();
  }

  @Test
  void showsTheChangedThresholdWithLineNumbers() {
    String checkedIn = "groups:\n  - alert: SloErrorBudgetBurn\n    expr: burn > 0.0144\n    for: 2m\n";
    String generated = "groups:\n  - alert: SloErrorBudgetBurn\n    expr: burn > 0.144\n    for: 2m\n";
    assertThat(StaleFileDiff.diff("slo4j/demo.rules.yml", checkedIn, generated, 20)).isEqualTo("""
        --- slo4j/demo.rules.yml (checked in)
        +++ slo4j/demo.rules.yml (generated now)
        @@ -3,1 +3,1 @@
        -    expr: burn > 0.0144
        +    expr: burn > 0.144
        """);
  }

  @Test
  void separateHunksForSeparateChangesAndPureAdditions() {
    String diff = StaleFileDiff.diff("f", "a\nb\nc\nd\n", "a\nB\nc\nd\ne\n", 20);
    assertThat(diff).contains("@@ -2,1 +2,1 @@\n-b\n+B\n").contains("@@ -5,0 +5,1 @@\n+e\n");
  }

  @Test
  void missingTrailingNewlineIsNotAChange() {
    assertThat(StaleFileDiff.diff("f", "a\nb", "a\nb\n", 20)).isEmpty();
  }

  @Test
  void printsAtMostTheLimitAndCountsTheRest() {
    String old = IntStream.range(0, 30).mapToObj(i -> "old " + i).collect(Collectors.joining("\n", "", "\n"));
    String now = IntStream.range(0, 30).mapToObj(i -> "new " + i).collect(Collectors.joining("\n", "", "\n"));
    String diff = StaleFileDiff.diff("f", old, now, 20);
    long printed = diff.lines().filter(l -> l.matches("[-+](old|new) .*")).count();
    assertThat(printed).isEqualTo(20);
    assertThat(diff).endsWith("... and 40 more changed lines\n");
  }

  @Test
  void everythingNewWhenNothingWasCheckedIn() {
    assertThat(StaleFileDiff.diff("f", "", "x\ny\n", 20)).contains("@@ -1,0 +1,2 @@\n+x\n+y\n");
  }
}
