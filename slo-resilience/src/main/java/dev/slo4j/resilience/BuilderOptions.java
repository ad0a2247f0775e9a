package dev.slo4j.resilience;

import java.util.HashSet;
import java.util.Set;

/**
 * The options set so far on one builder, for Caffeine's rule: an option set twice is a mistake (two sources
 * disagreeing), reported at once, never a silent overwrite. Not thread-safe, like the builders that hold it.
 */
final class BuilderOptions {

  private final Set<String> set = new HashSet<>();

  /** Marks {@code option} set; throws if it already was. */
  void once(String option) {
    if (!set.add(option)) {
      throw new IllegalStateException(option + " was already set on this builder; set each option once");
    }
  }

  /** Forgets what was set: the values so far were defaults or a copy, each may be set once more. */
  void reset() {
    set.clear();
  }
}
