package dev.slo4j.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the real servers the integration tests run (Debian packages that {@code .ci/run} installs). In CI a missing one
 * fails the test, never skips it; elsewhere the test is skipped with the install hint.
 */
public final class Binaries {

  private Binaries() {}

  /**
   * The executable {@code -D<property>} names, else {@code name} on the PATH.
   *
   * @param debianPackage the package that installs it, for the hint
   */
  public static String require(String property, String name, String debianPackage) {
    String configured = System.getProperty(property, name);
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File f = configured.contains("/") ? new File(configured) : new File(d, configured);
      if (f.canExecute()) {
        return f.getPath();
      }
    }
    String msg = "the " + name + " binary was not found (" + configured + "); install Debian's package: "
        + "apt-get install -y " + debianPackage + " (.ci/run does)";
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError(msg + " -- required in CI, where these tests must not skip");
    }
    Assumptions.abort(msg);
    return null;
  }

  /** Stops a server process: politely, then forcibly after 20 s. */
  static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** Answers a readiness probe: true when ready, false or an {@code IOException} when not yet. */
  interface Probe {
    boolean ready() throws IOException, InterruptedException;
  }

  /**
   * Waits up to 60 s until {@code probe} says the server started as {@code process} is ready; fails with its log when
   * it exits or never gets ready (and stops it).
   */
  static void awaitReady(String name, Process process, Path log, Probe probe) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited at start:\n" + Files.readString(log));
      }
      try {
        if (probe.ready()) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    stop(process);
    throw new AssertionError(name + " not ready within 60s:\n" + Files.readString(log));
  }
}
