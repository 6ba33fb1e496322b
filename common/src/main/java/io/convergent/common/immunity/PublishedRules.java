package io.convergent.common.immunity;

import java.util.Optional;

/**
 * The immunity rules in force as a reader of {@code control.immunity} works them out from the
 * documents it is offered in any order: the usable document of the highest version. A document that
 * does not parse is refused and changes nothing, as the immunity job refuses it; an older or equal
 * version (a document replayed from the compacted topic) is ignored. Until a usable document
 * arrives the {@linkplain ImmunityRules#standard() shipped rules} are in force.
 *
 * <p>Not thread-safe: one reader offers, and publishes what {@link #inForce()} returns itself.
 */
public final class PublishedRules {

    /** What became of an offered document. */
    public enum Outcome {
        APPLIED,
        /** Not newer than the rules in force, or a tombstone. */
        IGNORED,
        /** Unusable: {@link Offer#problem()} names the field. */
        REFUSED
    }

    /**
     * @param version the offered document's version; -1 when refused or a tombstone
     * @param problem why it was refused, else null
     */
    public record Offer(Outcome outcome, long version, String problem) {}

    private ImmunityRules published;

    /** Takes {@code document} (a record's value; null for a tombstone) into account. */
    public Offer offer(byte[] document) {
        if (document == null) {
            return new Offer(Outcome.IGNORED, -1, null);
        }
        ImmunityRules rules;
        try {
            rules = ImmunityRules.fromJson(document);
        } catch (InvalidRulesException e) {
            return new Offer(Outcome.REFUSED, -1, e.getMessage());
        }
        if (published != null && rules.version() <= published.version()) {
            return new Offer(Outcome.IGNORED, rules.version(), null);
        }
        published = rules;
        return new Offer(Outcome.APPLIED, rules.version(), null);
    }

    /** The usable document of the highest version offered so far, if any. */
    public Optional<ImmunityRules> published() {
        return Optional.ofNullable(published);
    }

    /** {@link #published()}, else the shipped rules. */
    public ImmunityRules inForce() {
        return published != null ? published : ImmunityRules.standard();
    }
}
