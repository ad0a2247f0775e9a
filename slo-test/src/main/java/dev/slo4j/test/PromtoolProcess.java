package dev.slo4j.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code promtool} for alert scenarios. The executable is the system property {@code slo4j.promtool}
 * (default {@code promtool} on the PATH). A missing promtool is an error with the install hint, never a skipped test:
 * a scenario that silently did not run would prove nothing.
 */
final class PromtoolProcess {

  /** The system property naming the promtool executable. */
  static final String PROPERTY = "slo4j.promtool";
  static final long TIMEOUT_MINUTES = 10;

  private PromtoolProcess() {}

  record Result(int exitCode, String output) {}

  static String executable() {
    return System.getProperty(PROPERTY, "promtool");
  }

  /** Runs {@code promtool args...} in {@code dir}; stdout and stderr together (promtool reports failures on stderr). */
  static Result run(Path dir, String... args) {
    String exe = executable();
    List<String> cmd = new ArrayList<>();
    cmd.add(exe);
    cmd.addAll(List.of(args));
    Path out = dir.resolve("promtool.out");
    Process p;
    try {
      p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(out.toFile()).start();
    } catch (IOException e) {
      throw new IllegalStateException("promtool could not be started as '" + exe + "' (" + e.getMessage()
          + "). Alert scenarios run the real promtool (Prometheus 2.42 or later): install it with "
          + "'apt-get install -y prometheus' (Debian/Ubuntu), or pass its path with -D" + PROPERTY
          + "=/path/to/promtool", e);
    }
    try {
      if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("'" + String.join(" ", cmd) + "' did not finish in " + TIMEOUT_MINUTES
            + " minutes (in " + dir + "); shorten the scenario");
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while promtool ran", e);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read promtool's output " + out, e);
    }
  }
}
