package dev.slo4j.testing;

import java.io.File;
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
}
