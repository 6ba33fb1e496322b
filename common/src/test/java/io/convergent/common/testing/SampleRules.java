package io.convergent.common.testing;

import io.convergent.common.immunity.ImmunityRules;
import io.convergent.common.immunity.InvalidRulesException;
import io.convergent.common.numbering.NumberCategory;
import io.convergent.common.numbering.NumberRange;
import io.convergent.common.numbering.NumberingPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * Immunity rules for tests: the shipped numbering plan with one range, +7999 (another domestic
 * operator's in the shipped plan), handed to us, as an operator publishes on {@code
 * control.immunity} after a range is allocated.
 */
public final class SampleRules {

    /** A number in the range the rules hand to us. */
    public static final String NEWLY_OURS_NUMBER = "+79991234567";

    private static final String NEW_RANGE = "+7999";

    private SampleRules() {}

    /** The shipped plan with {@link #NEW_RANGE} ours. */
    public static NumberingPlan planWithNewRange() {
        List<NumberRange> ranges = new ArrayList<>();
        for (NumberRange range : NumberingPlan.standard().ranges()) {
            ranges.add(
                    range.prefix().equals(NEW_RANGE)
                            ? new NumberRange(NEW_RANGE, NumberCategory.OURS, "Us", "RU", 250, 62)
                            : range);
        }
        return new NumberingPlan(ranges);
    }

    /** A rules document of {@code version} over {@link #planWithNewRange()}. */
    public static byte[] withNewRange(long version) {
        try {
            return ImmunityRules.of(version, planWithNewRange()).toJson();
        } catch (InvalidRulesException e) {
            throw new IllegalStateException(e);
        }
    }
}
