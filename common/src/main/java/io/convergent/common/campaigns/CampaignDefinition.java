package io.convergent.common.campaigns;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * One event-triggered campaign, as {@link CampaignDefinitions} reads it from a file and as it
 * travels on {@code control.campaigns} (key = id): what triggers it, who is eligible, what is
 * offered on which channel, when it is valid, the share of eligible subscribers kept as a control
 * group, and its priority when several fire at once.
 */
public record CampaignDefinition(
        String id,
        int version,
        String description,
        Trigger trigger,
        List<Condition> eligibility,
        Offer offer,
        LocalDate validFrom,
        LocalDate validTo,
        double controlShare,
        int priority,
        Duration cooldown,
        Conversion conversion) {

    /** How long after a contact the same campaign stays silent for the subscriber, by default. */
    public static final Duration DEFAULT_COOLDOWN = Duration.ofDays(7);

    public CampaignDefinition {
        eligibility = List.copyOf(eligibility);
        cooldown = cooldown == null ? DEFAULT_COOLDOWN : cooldown;
    }

    /** What fires the campaign: one event, or a short sequence of them within a time. */
    public record Trigger(List<Step> steps, Duration within) {
        public Trigger {
            steps = List.copyOf(steps);
        }

        public boolean isSequence() {
            return steps.size() > 1;
        }
    }

    /**
     * One event of a trigger, with its parameters (e.g. {@code threshold_rub} of a low balance).
     */
    public record Step(TriggerEvent event, Map<String, Double> parameters) {
        public Step {
            parameters = Map.copyOf(parameters);
        }
    }

    /** A condition on a model's score or a window feature; all must hold. */
    public record Condition(Subject subject, String name, Comparison comparison, double value) {}

    public enum Subject {
        SCORE,
        FEATURE
    }

    public enum Comparison {
        ABOVE,
        BELOW,
        EQUALS
    }

    /** What the subscriber is offered, and how it reaches them. */
    public record Offer(String code, OfferChannel channel, String message) {}

    public enum OfferChannel {
        PUSH,
        SMS,
        EMAIL,
        CALL_CENTRE
    }

    /**
     * What counts as the offer taken up: a later event of the subscriber's, within a time of the
     * trigger (the attribution window), optionally of one product only.
     *
     * @param product a {@code BillingProduct} or {@code BankProduct} name, {@code null} for any
     */
    public record Conversion(ConversionEvent event, String product, Duration within) {}

    /** The events a conversion can be. */
    public enum ConversionEvent {
        PACKAGE_PURCHASE("package_purchase"),
        BANK_PRODUCT_OPENED("bank_product_opened"),
        TOP_UP("top_up");

        private final String key;

        ConversionEvent(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /** Whether the campaign is valid on {@code day}. */
    public boolean validOn(LocalDate day) {
        return !day.isBefore(validFrom) && !day.isAfter(validTo);
    }

    /**
     * The westmost and eastmost offsets in use. The engine judges validity on each subscriber's
     * local date, at home or roaming, so a campaign can fire while its dates hold anywhere.
     */
    private static final ZoneOffset WESTMOST = ZoneOffset.ofHours(-12);

    private static final ZoneOffset EASTMOST = ZoneOffset.ofHours(14);

    /** Whether {@code validTo} has passed everywhere by {@code now}: no live event can fire it. */
    public boolean endedBy(Instant now) {
        return LocalDate.ofInstant(now, WESTMOST).isAfter(validTo);
    }

    /** Whether {@code validFrom} has come nowhere yet at {@code now}. */
    public boolean pendingAt(Instant now) {
        return LocalDate.ofInstant(now, EASTMOST).isBefore(validFrom);
    }
}
