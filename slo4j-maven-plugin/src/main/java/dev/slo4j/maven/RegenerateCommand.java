package dev.slo4j.maven;

import java.nio.file.Path;

/**
 * The exact command that regenerates a project's rule files, as printed by a failed {@code slo4j:check}. It exists
 * because "run generate" is not enough in a multi-module build: from the reactor root the module has to be selected,
 * and its reactor dependencies (a library with {@code @Slo} methods) built with it.
 *
 * <p>Plain Java, tested without a Maven runtime.
 */
final class RegenerateCommand {

  /** The goal, as typed on the command line. */
  public static final String GOAL = "slo4j:generate";

  private RegenerateCommand() {
  }

  /**
   * The command to run from {@code workingDirectory} (where the user started Maven).
   *
   * @param workingDirectory where {@code mvn} was started
   * @param reactorRoot the base directory of the build's top-level project, or null when unknown
   * @param pom the project's POM file
   */
  public static String of(Path workingDirectory, Path reactorRoot, Path pom) {
    Path cwd = workingDirectory.toAbsolutePath().normalize();
    Path pomFile = pom.toAbsolutePath().normalize();
    Path basedir = pomFile.getParent();
    boolean defaultPomName = pomFile.getFileName().toString().equals("pom.xml");
    if (basedir.equals(cwd) && defaultPomName) {
      return "mvn " + GOAL;
    }
    String relativePom = slashes(cwd.relativize(pomFile));
    String single = "mvn -f " + relativePom + " " + GOAL;
    if (reactorRoot != null && reactorRoot.toAbsolutePath().normalize().equals(cwd) && basedir.startsWith(cwd)
        && !basedir.equals(cwd)) {
      // From the reactor root, -pl -am also builds the module's reactor dependencies, which -f cannot resolve
      // unless they were installed.
      return "mvn -pl " + slashes(cwd.relativize(basedir)) + " -am " + GOAL + "   (or: " + single + ")";
    }
    return single;
  }

  private static String slashes(Path p) {
    return p.toString().replace('\\', '/');
  }
}
