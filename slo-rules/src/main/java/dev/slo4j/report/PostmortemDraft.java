package dev.slo4j.report;

/** A blameless postmortem draft. */
final class PostmortemDraft {

  private PostmortemDraft() {}

  static String render(Report r) {
    throw new UnsupportedOperationException("not yet");
  }
}
