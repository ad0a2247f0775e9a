package dev.slo4j.maven;

import dev.slo4j.rules.Readiness;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Production readiness from the project's SLOs, as {@code slo4j lint} checks it: every SLO names its owner, says what
 * it promises, and links a runbook from its alerts. Fails the build naming each SLO, what is missing and the fix, so a
 * service cannot go on call without them.
 */
@Mojo(name = "lint", defaultPhase = LifecyclePhase.VERIFY, requiresDependencyResolution = ResolutionScope.COMPILE,
    threadSafe = true)
public final class LintMojo extends AbstractSlo4jMojo {

  /** Labels that name an SLO's owner; one is required. Empty: no owner check. */
  @Parameter(property = "slo4j.ownerLabels", defaultValue = "team,owner")
  private List<String> ownerLabels;

  /** Whether every SLO needs a description. */
  @Parameter(property = "slo4j.requireDescription", defaultValue = "true")
  private boolean requireDescription;

  /** Whether every SLO that pages or tickets needs an http(s) runbook_url. */
  @Parameter(property = "slo4j.requireRunbook", defaultValue = "true")
  private boolean requireRunbook;

  @Override
  protected boolean readsOnlyCompiledClasses() {
    return true;
  }

  @Override
  protected void handle(Rendered rendered) throws MojoFailureException {
    Set<String> owners = new TreeSet<>();
    if (ownerLabels != null) {
      ownerLabels.stream().map(String::strip).filter(l -> !l.isEmpty()).forEach(owners::add);
    }
    List<Readiness.Finding> findings = Readiness.of(new Readiness.Rules(owners, requireDescription, requireRunbook,
        runbooks && runbookBaseUrl != null && !runbookBaseUrl.isBlank()))
        .check(rendered.slos());
    if (findings.isEmpty()) {
      getLog().info("slo4j: ready: " + rendered.slos().size() + " SLOs with an owner"
          + (requireDescription ? ", a description" : "") + (requireRunbook ? " and runbooks for their alerts" : ""));
      return;
    }
    findings.forEach(f -> getLog().error("slo4j: " + f));
    throw new MojoFailureException("slo4j: not ready: " + findings.size() + " problem"
        + (findings.size() == 1 ? "" : "s") + " (above); fix them or relax the rules with <ownerLabels>,"
        + " <requireDescription>, <requireRunbook>");
  }
}
