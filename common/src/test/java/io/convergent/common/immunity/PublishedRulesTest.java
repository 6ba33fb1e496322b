package io.convergent.common.immunity;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.numbering.NumberCategory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PublishedRulesTest {

    /** Rules whose plan makes +7999 ours: a range the shipped plan does not know. */
    private static byte[] planWithNewRange(long version) {
        return ("{\"format\": 1, \"version\": "
                        + version
                        + ", \"numberingPlan\": [{\"prefix\": \"+79580\", \"category\": \"OURS\","
                        + " \"operator\": \"Us\", \"country\": \"RU\", \"mcc\": 250, \"mnc\": 62},"
                        + " {\"prefix\": \"+7999\", \"category\": \"OURS\", \"operator\": \"Us\","
                        + " \"country\": \"RU\", \"mcc\": 250, \"mnc\": 62}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theShippedRulesAreInForceUntilADocumentIsPublished() {
        PublishedRules rules = new PublishedRules();

        assertThat(rules.published()).isEmpty();
        assertThat(rules.inForce().version()).isZero();
        assertThat(rules.inForce().numberingPlan().categoryOf("+79991234567"))
                .isNotEqualTo(NumberCategory.OURS);
    }

    @Test
    void theUsableDocumentOfTheHighestVersionWinsInWhateverOrderTheyCome() {
        PublishedRules rules = new PublishedRules();

        assertThat(rules.offer(planWithNewRange(5)).outcome())
                .isEqualTo(PublishedRules.Outcome.APPLIED);
        PublishedRules.Offer replayed =
                rules.offer(ImmunityRules.standard().withVersion(3).toJson());
        PublishedRules.Offer same = rules.offer(ImmunityRules.standard().withVersion(5).toJson());

        assertThat(replayed)
                .isEqualTo(new PublishedRules.Offer(PublishedRules.Outcome.IGNORED, 3, null));
        assertThat(same.outcome()).isEqualTo(PublishedRules.Outcome.IGNORED);
        assertThat(rules.inForce().version()).isEqualTo(5);
        assertThat(rules.inForce().numberingPlan().categoryOf("+79991234567"))
                .isEqualTo(NumberCategory.OURS);
    }

    @Test
    void anUnusableDocumentIsRefusedWithItsProblemAndChangesNothing() {
        PublishedRules rules = new PublishedRules();
        rules.offer(planWithNewRange(2));

        PublishedRules.Offer broken =
                rules.offer("{\"format\": 1, \"version\": 9}".getBytes(StandardCharsets.UTF_8));
        PublishedRules.Offer tombstone = rules.offer(null);

        assertThat(broken.outcome()).isEqualTo(PublishedRules.Outcome.REFUSED);
        assertThat(broken.problem()).contains("numberingPlan");
        assertThat(tombstone.outcome()).isEqualTo(PublishedRules.Outcome.IGNORED);
        assertThat(rules.inForce().version()).isEqualTo(2);
    }
}
