package io.convergent.common.immunity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.convergent.common.numbering.NumberCategory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImmunityRulesTest {

    private static final String OURS =
            "{\"prefix\": \"+79580\", \"category\": \"OURS\", \"operator\": \"Us\","
                    + " \"country\": \"RU\", \"mcc\": 250, \"mnc\": 62}";
    private static final String THEIRS =
            "{\"prefix\": \"+7900\", \"category\": \"DOMESTIC_MOBILE\", \"mcc\": 250, \"mnc\": 1}";

    @Test
    void theShippedRulesKnowOurRangesAndHomeNetwork() {
        ImmunityRules rules = ImmunityRules.standard();

        assertThat(rules.version()).isZero();
        assertThat(rules.homeMcc()).isEqualTo(250);
        assertThat(rules.numberingPlan().categoryOf("+79580123456")).isEqualTo(NumberCategory.OURS);
    }

    @Test
    void aPublishedDocumentReadsBackAsTheSameRules() throws Exception {
        ImmunityRules published = ImmunityRules.standard().withVersion(7);

        ImmunityRules read = ImmunityRules.fromJson(published.toJson());

        assertThat(read.version()).isEqualTo(7);
        assertThat(read.homeMcc()).isEqualTo(published.homeMcc());
        assertThat(read.numberingPlan().ranges())
                .containsExactlyElementsOf(published.numberingPlan().ranges());
        assertThat(read.reputation()).isEqualTo(published.reputation());
    }

    @Test
    void reputationThresholdsLeftOutKeepTheirShippedValues() throws Exception {
        ImmunityRules rules =
                ImmunityRules.fromJson(
                        bytes(
                                "{\"format\": 1, \"version\": 3, \"numberingPlan\": ["
                                        + OURS
                                        + "], \"reputation\": {\"massDialAttemptsPerHour\": 40,"
                                        + " \"hintScore\": 0.6}}"));

        ReputationThresholds standard = ReputationThresholds.standard();
        assertThat(rules.reputation().massDialAttemptsPerHour()).isEqualTo(40);
        assertThat(rules.reputation().hintScore()).isEqualTo(0.6);
        assertThat(rules.reputation().answerRatio()).isEqualTo(standard.answerRatio());
        assertThat(rules.reputation().complaintsPerDay()).isEqualTo(standard.complaintsPerDay());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"answerRatio\": 7} | reputation.answerRatio must be in [0, 1], got 7.0",
                "{\"massDialAttemptsPerHour\": -1} | reputation.massDialAttemptsPerHour must be"
                        + " a positive number, got -1.0",
                "{\"hintScore\": \"high\"} | reputation.hintScore: must be a number",
                "{\"answerRate\": 0.2} | reputation.answerRate: unknown field",
                "[1, 2] | reputation: must be an object",
                "{\"massDialMemoryDays\": -2} | reputation.massDialMemoryDays must be zero or a"
                        + " positive number, got -2.0"
            })
    void refusesBadReputationThresholdsNamingTheField(String reputation, String message) {
        String document =
                "{\"format\": 1, \"version\": 3, \"numberingPlan\": ["
                        + OURS
                        + "], \"reputation\": "
                        + reputation
                        + "}";

        assertThatThrownBy(() -> ImmunityRules.fromJson(bytes(document)))
                .isInstanceOf(InvalidRulesException.class)
                .hasMessage(message);
    }

    @Test
    void aSmallDocumentDefinesItsOwnPlan() throws Exception {
        ImmunityRules rules =
                ImmunityRules.fromJson(
                        bytes(
                                "{\"format\": 1, \"version\": 3, \"numberingPlan\": ["
                                        + OURS
                                        + ", "
                                        + THEIRS
                                        + "]}"));

        assertThat(rules.numberingPlan().categoryOf("+79001234567"))
                .isEqualTo(NumberCategory.DOMESTIC_MOBILE);
        // Whatever the plan does not list is nobody's.
        assertThat(rules.numberingPlan().categoryOf("+79581234567"))
                .isEqualTo(NumberCategory.UNALLOCATED);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "not json at all|rules document is not well-formed JSON",
                "[1, 2]|rules document must be a JSON object",
                "{\"format\": 2, \"version\": 1, \"numberingPlan\": []}|format: this version reads"
                        + " format 1, got 2",
                "{\"format\": 1, \"numberingPlan\": []}|version: required integer",
                "{\"format\": 1, \"version\": 0, \"numberingPlan\": []}|version: must be at least"
                        + " 1, got 0",
                "{\"format\": 1, \"version\": 1, \"numberingPlan\": []}|numberingPlan: must be a"
                        + " non-empty array of ranges",
                "{\"format\": 1, \"version\": 1, \"numberingPlan\": [], \"extra\": 1}|extra:"
                        + " unknown field",
                "{\"format\": 1, \"version\": 1, \"numberingPlan\": [{\"prefix\": \"+7958\","
                        + " \"category\": \"MINE\"}]}|numberingPlan[0].category: unknown category"
                        + " 'MINE'",
                "{\"format\": 1, \"version\": 1, \"numberingPlan\": [{\"prefix\": \"7958\","
                        + " \"category\": \"OURS\", \"mcc\": 250}]}|numberingPlan[0]: prefix must"
                        + " be + and 1-9 digits, got '7958'",
                "{\"format\": 1, \"version\": 1, \"numberingPlan\": [{\"prefix\": \"+7958\","
                        + " \"category\": \"OURS\", \"mcc\": \"x\"}]}|numberingPlan[0].mcc: required"
                        + " integer",
                "{\"format\": 1, \"version\": 1, \"numberingPlan\": [{\"prefix\": \"+7900\","
                        + " \"category\": \"DOMESTIC_MOBILE\"}]}|numberingPlan: our own (OURS)"
                        + " ranges must share one mobile country code, got []",
            })
    void aBadDocumentIsRefusedWithTheProblemNamed(String document, String message) {
        assertThatThrownBy(() -> ImmunityRules.fromJson(bytes(document)))
                .isInstanceOf(InvalidRulesException.class)
                .hasMessage(message);
    }

    @Test
    void aPrefixListedTwiceIsRefused() {
        assertThatThrownBy(
                        () ->
                                ImmunityRules.fromJson(
                                        bytes(
                                                "{\"format\": 1, \"version\": 1, \"numberingPlan\":"
                                                        + " ["
                                                        + OURS
                                                        + ", "
                                                        + OURS
                                                        + "]}")))
                .isInstanceOf(InvalidRulesException.class)
                .hasMessage("numberingPlan: numbering plan lists prefix +79580 twice");
    }

    @Test
    void anEmptyDocumentIsRefused() {
        assertThatThrownBy(() -> ImmunityRules.fromJson(new byte[0]))
                .isInstanceOf(InvalidRulesException.class)
                .hasMessage("empty rules document");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
