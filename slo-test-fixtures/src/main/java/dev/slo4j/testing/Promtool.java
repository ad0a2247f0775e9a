package dev.slo4j.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the real {@code promtool} (Debian's {@code prometheus} package, installed by {@code .ci/run}). In CI a missing
 * promtool fails the test; on a developer machine without it the test is skipped with a message saying how to install
 * it.
 */
public final class Promtool {

  private Promtool() {}

  /** The promtool executable, checked to run; fails in CI and skips elsewhere when it is missing. */
  public static String executable() {
    String exe = System.getProperty("slo4j.promtool", "promtool");
    boolean ok;
    try {
      Process p = new ProcessBuilder(exe, "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      ok = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ok = false;
    }
    if (!ok) {
      String msg = "promtool not found (" + exe + "); install it with 'apt-get install -y prometheus' "
          + "or pass -Dpromtool.path=/path/to/promtool";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(msg + " -- required in CI, where these tests must not skip");
      }
      Assumptions.abort(msg);
    }
    return exe;
  }

  /** Runs promtool with these arguments in {@code dir}; returns exit code and output. */
  public static Result run(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(executable());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("promtool " + String.join(" ", args) + " did not finish in 5 minutes");
    }
    return new Result(p.exitValue(), out);
  }

  /** {@code promtool check rules FILE} must pass. */
  public static void assertRulesValid(Path dir, String file) throws IOException, InterruptedException {
    Result r = run(dir, "check", "rules", file);
    assertThat(r.exitCode()).as("promtool check rules %s:%n%s", file, r.output()).isZero();
  }

  /** {@code promtool test rules FILE} must pass. */
  public static void assertTestsPass(Path dir, String file) throws IOException, InterruptedException {
    Result r = run(dir, "test", "rules", file);
    assertThat(r.exitCode()).as("promtool test rules %s:%n%s", file, r.output()).isZero();
  }

  public record Result(int exitCode, String output) {}
}
