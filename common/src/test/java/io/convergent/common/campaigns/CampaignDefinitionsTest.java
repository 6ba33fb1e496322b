package io.convergent.common.campaigns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CampaignDefinitionsTest {

    static final String ROAMING =
            """
            id: roaming-welcome
            version: 3
            description: A roaming package when the subscriber lands abroad
            trigger:
              event: roaming_entry
            eligibility:
              - {score: roaming_package_14d, above: 0.3}
              - {feature: bank_products_opened_90d, equals: 0}
            offer: {code: ROAM-7D, channel: push, message: "7 days of data abroad for 299 roubles"}
            valid: {from: 2026-11-01, to: 2026-12-31}
            control_share: 0.1
            priority: 60
            """;

    static final String LOW_BALANCE_THEN_ROAMING =
            """
            id: low-balance-abroad
            version: 1
            trigger:
              sequence:
                - {event: roaming_entry}
                - {event: balance_below, threshold_rub: 50}
              within: PT6H
            offer: {code: TOPUP-ABROAD, channel: sms}
            valid: {from: 2026-11-01, to: 2026-11-30}
            """;

    @Test
    void aDefinitionReadsWithItsDefaultsAndTravelsAsJsonUnchanged() {
        CampaignDefinition roaming = CampaignDefinitions.parse(ROAMING, "roaming.yaml");
        assertThat(roaming.trigger().isSequence()).isFalse();
        assertThat(roaming.trigger().steps().get(0).event()).isEqualTo(TriggerEvent.ROAMING_ENTRY);
        assertThat(roaming.eligibility()).hasSize(2);
        assertThat(roaming.validOn(LocalDate.of(2026, 12, 31))).isTrue();
        assertThat(roaming.validOn(LocalDate.of(2027, 1, 1))).isFalse();
        assertThat(CampaignDefinitions.fromJson(CampaignDefinitions.toJson(roaming), "topic"))
                .isEqualTo(roaming);

        CampaignDefinition sequence =
                CampaignDefinitions.parse(LOW_BALANCE_THEN_ROAMING, "abroad.yaml");
        assertThat(sequence.trigger().within()).isEqualTo(Duration.ofHours(6));
        assertThat(sequence.trigger().steps().get(1).parameters())
                .containsEntry("threshold_rub", 50.0);
        assertThat(sequence.controlShare()).isEqualTo(0.1);
        assertThat(sequence.priority()).isEqualTo(50);
        assertThat(CampaignDefinitions.fromJson(CampaignDefinitions.toJson(sequence), "topic"))
                .isEqualTo(sequence);
    }

    @Test
    void aBadDefinitionIsRefusedWithTheFileAndTheFieldNamed() {
        refused(
                ROAMING.replace("priority: 60", "priority: 60\ncolour: red"),
                "roaming.yaml: unknown field 'colour'");
        refused(
                ROAMING.replace("channel: push", "channel: pigeon"),
                "roaming.yaml: offer.channel: 'pigeon'");
        refused(
                ROAMING.replace("event: roaming_entry", "event: birthday"),
                "trigger.event: unknown event 'birthday'");
        refused(
                ROAMING.replace("event: roaming_entry", "event: salary_credited"),
                "trigger.event: 'salary_credited' cannot fire yet");
        refused(
                ROAMING.replace("event: roaming_entry", "event: balance_below"),
                "trigger.threshold_rub: required by balance_below");
        refused(
                ROAMING.replace("event: roaming_entry", "{event: roaming_entry, speed: 3}")
                        .replace("trigger:\n  {", "trigger: {"),
                "takes no parameter 'speed'");
        refused(
                ROAMING.replace(
                                "event: roaming_entry",
                                "{event: top_up_after_dormancy, dormant_days: 180}")
                        .replace("trigger:\n  {", "trigger: {"),
                "trigger.dormant_days: at most 90, got 180");
        refused(
                ROAMING.replace("bank_products_opened_90d", "bank_products_90d"),
                "eligibility[1].feature: unknown feature 'bank_products_90d'");
        refused(
                ROAMING.replace("above: 0.3", "above: 30"),
                "eligibility[0].above: a score is 0 to 1");
        refused(
                ROAMING.replace("above: 0.3", "above: 1"),
                "eligibility[0].above: no score is above 1 (scores are 0 to 1)");
        refused(
                ROAMING.replace("above: 0.3", "below: 0"),
                "eligibility[0].below: no score is below 0 (scores are 0 to 1)");
        refused(
                ROAMING.replace("to: 2026-12-31", "to: 2026-10-31"),
                "valid: to (2026-10-31) is before from (2026-11-01)");
        refused(
                ROAMING.replace("control_share: 0.1", "control_share: 0.7"),
                "control_share: a number from 0.0 to 0.5");
        refused(
                ROAMING.replace("299 roubles", "299 roubles, call 79161234567"),
                "offer: message: holds a run of 10 or more digits");
        // Written as people write them: still a phone and a card number.
        refused(
                ROAMING.replace("299 roubles", "299 roubles, call +7 (916) 123-45-67"),
                "offer: message: holds a run of 10 or more digits");
        refused(
                ROAMING.replace("299 roubles", "299 roubles to 4276 1234 5678 9012"),
                "offer: message: holds a run of 10 or more digits");
        for (String spaced :
                new String[] {
                    "+7 (912) 345 - 67 - 89",
                    "912 345 67 89",
                    "+7\u00a0912\u00a0345\u00a067\u00a089"
                }) {
            refused(
                    ROAMING.replace("299 roubles", "299 roubles, call " + spaced),
                    "offer: message: holds a run of 10 or more digits");
        }
        // Opening hours and year-first dates are not.
        for (String times :
                new String[] {
                    "10.00 - 22.00 (09.00 - 21.00)", "2026.12.01 - 2027.01.31", "10:00 - 22:00"
                }) {
            assertThat(
                            CampaignDefinitions.parse(
                                            ROAMING.replace("299 roubles", "299 roubles, " + times),
                                            "x.yaml")
                                    .offer()
                                    .message())
                    .contains(times);
        }
        // A period of dates is not.
        assertThat(
                        CampaignDefinitions.parse(
                                        ROAMING.replace(
                                                "299 roubles",
                                                "299 roubles, 01.12.2026-31.12.2026"),
                                        "roaming.yaml")
                                .offer()
                                .message())
                .contains("01.12.2026-31.12.2026");
        // A date and time is not.
        assertThat(
                        CampaignDefinitions.parse(
                                        ROAMING.replace(
                                                "299 roubles",
                                                "299 roubles until 2026-12-01 09:00"),
                                        "roaming.yaml")
                                .offer()
                                .message())
                .contains("2026-12-01 09:00");
        refused(
                ROAMING + "---\n" + ROAMING.replace("id: roaming-welcome", "id: second"),
                "roaming.yaml: holds more than one document; one campaign a file");
        refused(
                ROAMING.replace(
                        "offer: {code: ROAM-7D, channel: push, message: \"7 days of data abroad for 299 roubles\"}\n",
                        ""),
                "roaming.yaml: offer: required");
        refused(
                LOW_BALANCE_THEN_ROAMING.replace("within: PT6H", "within: six hours"),
                "trigger.within: an ISO-8601 duration");
        refused("[1, 2]", "roaming.yaml: a campaign is a mapping of fields");
        refused(ROAMING + "cooldown: P120D\n", "cooldown: more than 0 and at most 90 days");
        refused(ROAMING + "cooldown: weekly\n", "cooldown: an ISO-8601 duration such as P7D");
        refused(
                ROAMING + "conversion: {event: smile, within: P7D}\n",
                "conversion.event: unknown conversion 'smile'");
        refused(
                ROAMING + "conversion: {event: package_purchase, product: yacht, within: P7D}\n",
                "conversion.product: 'yacht' is not a product of package_purchase");
        refused(
                ROAMING + "conversion: {event: package_purchase}\n",
                "conversion: within: required");
    }

    @Test
    void aCooldownAndAConversionReadAndTravel() {
        CampaignDefinition roaming =
                CampaignDefinitions.parse(
                        ROAMING
                                + "cooldown: P14D\n"
                                + "conversion: {event: package_purchase, product:"
                                + " roaming_package, within: P3D}\n",
                        "roaming.yaml");
        assertThat(roaming.cooldown()).isEqualTo(Duration.ofDays(14));
        assertThat(roaming.conversion().event())
                .isEqualTo(CampaignDefinition.ConversionEvent.PACKAGE_PURCHASE);
        assertThat(roaming.conversion().product()).isEqualTo("ROAMING_PACKAGE");
        assertThat(roaming.conversion().within()).isEqualTo(Duration.ofDays(3));
        assertThat(CampaignDefinitions.fromJson(CampaignDefinitions.toJson(roaming), "topic"))
                .isEqualTo(roaming);
        assertThat(CampaignDefinitions.parse(ROAMING, "roaming.yaml").cooldown())
                .isEqualTo(CampaignDefinition.DEFAULT_COOLDOWN);
        // Weeks, as ISO-8601 writes them and Java's Duration does not read them.
        assertThat(
                        CampaignDefinitions.parse(ROAMING + "cooldown: P2W\n", "roaming.yaml")
                                .cooldown())
                .isEqualTo(Duration.ofDays(14));
    }

    @Test
    void aScoreOfAnUnknownModelIsRefusedNamingTheFieldAndTheKnownModels() {
        CampaignDefinition typo =
                CampaignDefinitions.parse(
                        ROAMING.replace("roaming_package_14d", "roaming_packge_14d"),
                        "roaming.yaml");
        assertThatThrownBy(
                        () ->
                                CampaignDefinitions.requireKnownModels(
                                        typo,
                                        Set.of("roaming_package_14d", "port_out_30d"),
                                        "roaming.yaml"))
                .isInstanceOf(InvalidCampaignException.class)
                .hasMessage(
                        "roaming.yaml: eligibility[0].score: unknown model 'roaming_packge_14d';"
                                + " known: [port_out_30d, roaming_package_14d]");

        CampaignDefinitions.requireKnownModels(
                CampaignDefinitions.parse(ROAMING, "roaming.yaml"),
                Set.of("roaming_package_14d"),
                "roaming.yaml");
        // A feature is not a model: checked against the feature catalogue alone.
        CampaignDefinitions.requireKnownModels(
                CampaignDefinitions.parse(
                        ROAMING.replace("  - {score: roaming_package_14d, above: 0.3}\n", ""),
                        "roaming.yaml"),
                Set.of(),
                "roaming.yaml");
    }

    @Test
    void aCampaignIsRefusedOnlyOnceItsLastDayIsOverEverywhere() {
        CampaignDefinition roaming = CampaignDefinitions.parse(ROAMING, "roaming.yaml");
        // 31 December is still a day of the campaign at UTC-12 until noon UTC on 1 January.
        Instant lastMoment = Instant.parse("2027-01-01T11:59:59Z");
        assertThat(roaming.endedBy(lastMoment)).isFalse();
        CampaignDefinitions.requireNotEnded(roaming, lastMoment, "roaming.yaml");

        Instant over = Instant.parse("2027-01-01T12:00:00Z");
        assertThat(roaming.endedBy(over)).isTrue();
        assertThatThrownBy(() -> CampaignDefinitions.requireNotEnded(roaming, over, "roaming.yaml"))
                .isInstanceOf(InvalidCampaignException.class)
                .hasMessage(
                        "roaming.yaml: valid.to: campaign 'roaming-welcome' ended on 2026-12-31"
                                + " (its last day anywhere, at UTC-12, is past): it would never"
                                + " fire on live events");
        // What ended is still read back from the topic: the job keeps what was published.
        assertThat(CampaignDefinitions.fromJson(CampaignDefinitions.toJson(roaming), "topic"))
                .isEqualTo(roaming);

        // 1 November comes first at UTC+14, at 10:00 UTC on 31 October.
        assertThat(roaming.pendingAt(Instant.parse("2026-10-31T09:59:59Z"))).isTrue();
        assertThat(roaming.pendingAt(Instant.parse("2026-10-31T10:00:00Z"))).isFalse();
    }

    private static void refused(String text, String message) {
        assertThatThrownBy(() -> CampaignDefinitions.parse(text, "roaming.yaml"))
                .isInstanceOf(InvalidCampaignException.class)
                .hasMessageContaining(message);
    }
}
