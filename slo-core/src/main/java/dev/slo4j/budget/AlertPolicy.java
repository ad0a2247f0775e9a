package dev.slo4j.budget;

import dev.slo4j.format.Durations;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The multi-window, multi-burn-rate alert policy of the Google SRE Workbook ("Alerting on SLOs"), as a value the rule
 * generator and the in-process budget view share, so that what pages and what the actuator calls "burning" agree.
 *
 * <p>The default, {@link #workbook()}, is the Workbook's recommendation for a 30-day SLO: page when 2% of the budget
 * is spent in 1 hour (14.4x), page when 5% is spent in 6 hours (6x), open a ticket when 10% is spent in 3 days (1x),
 * each confirmed by a short window of 1/12 of the long one. For other SLO windows every window is scaled by
 * {@code sloWindow / 30d} and the burn rates stay, so each tier still fires when the same share of the budget is gone:
 * a 7-day SLO pages at 14.4x over 14 minutes. A platform team may replace the tiers.
 *
 * <p>{@code requireOngoingBurn} (on by default) adds the policy's shortest window as a third condition to every page
 * tier whose short window is longer, so that a page resets within minutes of recovery instead of holding until its own
 * short window has cleared (Sloth's 6x tier holds 30 minutes after a 3-minute outage). The condition also passes while
 * the burn keeps coming back (a third threshold crossing within the tier's short window), so recurring bursts hold one
 * page instead of one per burst. Tickets keep their own short window: a slow burn seen in 5 minutes of low traffic is
 * too noisy to gate a ticket on. {@code docs/rules.md} measures what this costs in detection and in flapping.
 *
 * <p>Immutable and thread-safe.
 */
public final class AlertPolicy {

  /** The SLO window the Workbook's tiers are stated for. */
  public static final Duration REFERENCE_WINDOW = Duration.ofDays(30);

  private static final AlertPolicy WORKBOOK = builder()
      .tier(BurnRateTier.of(Severity.PAGE, new BigDecimal("0.02"), Duration.ofHours(1)))
      .tier(BurnRateTier.of(Severity.PAGE, new BigDecimal("0.05"), Duration.ofHours(6)))
      .tier(BurnRateTier.of(Severity.TICKET, new BigDecimal("0.10"), Duration.ofDays(3)))
      .build();

  /**
   * Bad events a page tier needs in its long window, by default: at a few events an hour one or two failures are a
   * large share of the traffic and would page at any objective; 3 never delays a page at ordinary traffic (a full
   * outage at 24 events a minute has 20 bad events by the time the fast tier's ratio crosses).
   */
  public static final long DEFAULT_MIN_BAD_EVENTS = 3;
  /** The largest {@link #minBadEvents()} accepted. */
  public static final long MAX_MIN_BAD_EVENTS = 1_000_000;

  private final Duration referenceWindow;
  private final List<BurnRateTier> tiers;
  private final boolean requireOngoingBurn;
  private final long minBadEvents;

  private AlertPolicy(Builder b) {
    this.referenceWindow = b.referenceWindow;
    List<BurnRateTier> sorted = new ArrayList<>(b.tiers);
    sorted.sort(Comparator.comparing(BurnRateTier::severity).thenComparing(BurnRateTier::longWindow));
    this.tiers = List.copyOf(sorted);
    this.requireOngoingBurn = b.requireOngoingBurn;
    this.minBadEvents = b.minBadEvents;
  }

  /** The Workbook's three tiers (14.4x/1h, 6x/6h page; 1x/3d ticket) with fast reset. */
  public static AlertPolicy workbook() {
    return WORKBOOK;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The SLO window the tiers' windows are stated for (30 days unless a platform team says otherwise). */
  public Duration referenceWindow() {
    return referenceWindow;
  }

  /** The tiers as stated, pages first, shortest long window first. */
  public List<BurnRateTier> tiers() {
    return tiers;
  }

  /** Whether every page tier also requires the shortest window to burn (or the burn to recur), for fast reset. */
  public boolean requireOngoingBurn() {
    return requireOngoingBurn;
  }

  /**
   * The bad events a page tier needs in its long window before it pages (low-traffic protection); 0 turns it off.
   * Tickets are not gated: at low traffic they are how a real but thin burn is still seen.
   */
  public long minBadEvents() {
    return minBadEvents;
  }

  /**
   * The tiers made concrete for an SLO window: windows scaled by {@code sloWindow / referenceWindow} (rounded to the
   * second, at least one second), burn rates unchanged.
   */
  public List<ScaledTier> tiersFor(Duration sloWindow) {
    Objects.requireNonNull(sloWindow, "sloWindow");
    List<ScaledTier> scaled = new ArrayList<>(tiers.size());
    for (BurnRateTier t : tiers) {
      scaled.add(new ScaledTier(t.severity(), t.budgetConsumed(), t.burnRate(referenceWindow),
          scale(t.longWindow(), sloWindow), scale(t.shortWindow(), sloWindow)));
    }
    return List.copyOf(scaled);
  }

  /** The shortest window any tier uses for this SLO window: the one that decides how fast alerts reset. */
  public Duration shortestWindow(Duration sloWindow) {
    return tiersFor(sloWindow).stream().map(ScaledTier::shortWindow).min(Comparator.naturalOrder()).orElseThrow();
  }

  private Duration scale(Duration window, Duration sloWindow) {
    BigDecimal seconds = BigDecimal.valueOf(window.toMillis())
        .multiply(BigDecimal.valueOf(sloWindow.toMillis()))
        .divide(BigDecimal.valueOf(referenceWindow.toMillis()), 0, RoundingMode.HALF_UP)
        .divide(BigDecimal.valueOf(1000), 0, RoundingMode.HALF_UP);
    return Duration.ofSeconds(Math.max(1, seconds.longValueExact()));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AlertPolicy p && referenceWindow.equals(p.referenceWindow) && tiers.equals(p.tiers)
        && requireOngoingBurn == p.requireOngoingBurn && minBadEvents == p.minBadEvents;
  }

  @Override
  public int hashCode() {
    return Objects.hash(referenceWindow, tiers, requireOngoingBurn, minBadEvents);
  }

  @Override
  public String toString() {
    return "AlertPolicy" + tiers + " for " + Durations.format(referenceWindow)
        + (requireOngoingBurn ? ", fast reset" : "")
        + (minBadEvents > 0 ? ", pages need " + minBadEvents + " bad events" : "");
  }

  /** Builds a policy; {@link #build()} copies and validates. */
  public static final class Builder {
    private final java.util.Set<String> set = new java.util.HashSet<>();
    private Duration referenceWindow = REFERENCE_WINDOW;
    private final List<BurnRateTier> tiers = new ArrayList<>();
    private boolean requireOngoingBurn = true;
    private long minBadEvents = DEFAULT_MIN_BAD_EVENTS;

    private Builder() {}

    /** The SLO window the tiers are stated for; default 30 days. */
    public Builder referenceWindow(Duration window) {
      once("referenceWindow");
      this.referenceWindow = Objects.requireNonNull(window, "window");
      return this;
    }

    public Builder tier(BurnRateTier tier) {
      tiers.add(Objects.requireNonNull(tier, "tier"));
      return this;
    }

    /** Replace all tiers. */
    public Builder tiers(List<BurnRateTier> newTiers) {
      tiers.clear();
      newTiers.forEach(this::tier);
      return this;
    }

    public Builder requireOngoingBurn(boolean require) {
      once("requireOngoingBurn");
      this.requireOngoingBurn = require;
      return this;
    }

    /** Bad events a page tier needs in its long window; 0 turns the low-traffic protection off. Default 3. */
    public Builder minBadEvents(long events) {
      once("minBadEvents");
      this.minBadEvents = events;
      return this;
    }

    /**
     * @throws IllegalArgumentException when there is no tier, or a tier's long window is not shorter than the reference
     *     window
     */
    /** Caffeine's rule: an option set twice is a mistake (two sources disagreeing), never a silent overwrite. */
    private void once(String option) {
      if (!set.add(option)) {
        throw new IllegalStateException(option + " was already set on this builder; set each option once");
      }
    }

    public AlertPolicy build() {
      if (tiers.isEmpty()) {
        throw new IllegalArgumentException("an alert policy needs at least one tier, e.g. page at 2% of the budget in 1h");
      }
      if (minBadEvents < 0 || minBadEvents > MAX_MIN_BAD_EVENTS) {
        throw new IllegalArgumentException("minBadEvents " + minBadEvents + " is outside 0 to " + MAX_MIN_BAD_EVENTS
            + "; use e.g. 3 (0 turns the low-traffic protection off)");
      }
      if (referenceWindow.isNegative() || referenceWindow.isZero()) {
        throw new IllegalArgumentException("referenceWindow " + referenceWindow + " must be positive, e.g. 30d");
      }
      for (BurnRateTier t : tiers) {
        if (t.longWindow().compareTo(referenceWindow) >= 0) {
          throw new IllegalArgumentException("tier '" + t + "' has a long window of " + Durations.format(t.longWindow())
              + ", not shorter than the reference window " + Durations.format(referenceWindow));
        }
      }
      return new AlertPolicy(this);
    }
  }
}
