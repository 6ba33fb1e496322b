package io.convergent.common.immunity;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.numbering.NumberCategory;
import io.convergent.common.testing.SampleRules;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PublishedRulesTest {

    @Test
    void theShippedRulesAreInForceUntilADocumentIsPublished() {
        PublishedRules rules = new PublishedRules();

        assertThat(rules.published()).isEmpty();
        assertThat(rules.inForce().version()).isZero();
        assertThat(rules.inForce().numberingPlan().categoryOf(SampleRules.NEWLY_OURS_NUMBER))
                .isNotEqualTo(NumberCategory.OURS);
    }

    @Test
    void theUsableDocumentOfTheHighestVersionWinsInWhateverOrderTheyCome() {
        PublishedRules rules = new PublishedRules();

        assertThat(rules.offer(SampleRules.withNewRange(5)).outcome())
                .isEqualTo(PublishedRules.Outcome.APPLIED);
        PublishedRules.Offer replayed =
                rules.offer(ImmunityRules.standard().withVersion(3).toJson());
        PublishedRules.Offer same = rules.offer(ImmunityRules.standard().withVersion(5).toJson());

        assertThat(replayed)
                .isEqualTo(new PublishedRules.Offer(PublishedRules.Outcome.IGNORED, 3, null));
        assertThat(same.outcome()).isEqualTo(PublishedRules.Outcome.IGNORED);
        assertThat(rules.inForce().version()).isEqualTo(5);
        assertThat(rules.inForce().numberingPlan().categoryOf(SampleRules.NEWLY_OURS_NUMBER))
                .isEqualTo(NumberCategory.OURS);
    }

    @Test
    void anUnusableDocumentIsRefusedWithItsProblemAndChangesNothing() {
        PublishedRules rules = new PublishedRules();
        rules.offer(SampleRules.withNewRange(2));

        PublishedRules.Offer broken =
                rules.offer("{\"format\": 1, \"version\": 9}".getBytes(StandardCharsets.UTF_8));
        PublishedRules.Offer tombstone = rules.offer(null);

        assertThat(broken.outcome()).isEqualTo(PublishedRules.Outcome.REFUSED);
        assertThat(broken.problem()).contains("numberingPlan");
        assertThat(tombstone.outcome()).isEqualTo(PublishedRules.Outcome.IGNORED);
        assertThat(rules.inForce().version()).isEqualTo(2);
    }
}
