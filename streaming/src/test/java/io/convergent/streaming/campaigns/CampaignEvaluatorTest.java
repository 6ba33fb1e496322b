package io.convergent.streaming.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.campaigns.CampaignDefinition;
import io.convergent.common.campaigns.CampaignDefinitions;
import io.convergent.common.campaigns.CampaignEvent;
import io.convergent.common.campaigns.CampaignEvent.Kind;
import io.convergent.common.campaigns.CampaignOutcome;
import io.convergent.common.campaigns.CampaignTrigger;
import io.convergent.common.campaigns.CampaignTrigger.Status;
import io.convergent.common.campaigns.ContactPolicy;
import io.convergent.common.campaigns.ContactPreferences;
import io.convergent.common.campaigns.SuppressionReason;
import io.convergent.common.scores.RealtimeScores;
import io.convergent.streaming.campaigns.functions.CampaignEvaluator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The evaluator on Flink's keyed broadcast harness: campaigns added, changed and deleted between
 * one subscriber's events, a restore from a snapshot, scores, preferences and conversions.
 */
class CampaignEvaluatorTest {

    private static final String ALICE = "k1.ALICEALICEALICEALICEAL";
    private static final String BOB = "k1.BOBBOBBOBBOBBOBBOBBOBB";
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    private static final long NOON =
            ZonedDateTime.of(2026, 11, 25, 12, 0, 0, 0, ZoneId.of("Europe/Moscow"))
                    .toInstant()
                    .toEpochMilli();

    private KeyedBroadcastOperatorTestHarness<
                    String, CampaignInput, CampaignControl, CampaignTrigger>
            harness;
    private int events;

    @BeforeEach
    void open() throws Exception {
        harness = harness(null);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    static String definition(String id, int version, String offer, String extra) {
        return "id: "
                + id
                + "\nversion: "
                + version
                + "\ntrigger: {event: roaming_entry}\n"
                + "offer: {code: "
                + offer
                + ", channel: push}\nvalid: {from: 2026-01-01, to: 2027-12-31}\n"
                + "control_share: 0\ncooldown: PT1M\n"
                + extra;
    }

    private static CampaignControl apply(String yaml) {
        CampaignDefinition definition = CampaignDefinitions.parse(yaml, "test.yaml");
        return new CampaignControl(definition.id(), CampaignDefinitions.toJson(definition));
    }

    private List<CampaignTrigger> landAbroad(String subscriber, long time) throws Exception {
        int before = harness.extractOutputValues().size();
        harness.processElement(
                CampaignInput.of(
                        new CampaignEvent(
                                subscriber,
                                "ev-" + events++,
                                time,
                                Kind.ROAMING_ENTRY,
                                null,
                                null,
                                286,
                                null,
                                null)),
                time);
        List<CampaignTrigger> all = harness.extractOutputValues();
        return all.subList(before, all.size());
    }

    @Test
    void campaignsAreAddedChangedAndDeletedMidStreamWithoutARestart() throws Exception {
        assertThat(landAbroad(ALICE, NOON)).as("nothing live yet").isEmpty();

        harness.processBroadcastElement(apply(definition("welcome", 1, "ROAM-V1", "")), NOON);
        assertThat(landAbroad(ALICE, NOON + HOUR))
                .extracting(CampaignTrigger::offerCode, CampaignTrigger::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ROAM-V1", Status.SENT));

        harness.processBroadcastElement(apply(definition("welcome", 2, "ROAM-V2", "")), NOON);
        List<CampaignTrigger> changed = landAbroad(ALICE, NOON + 2 * HOUR);
        assertThat(changed).extracting(CampaignTrigger::offerCode).containsExactly("ROAM-V2");
        assertThat(changed.get(0).campaignVersion()).isEqualTo(2);

        // An older version arriving late, another definition under version 2, and a broken one,
        // leave version 2 in force.
        harness.processBroadcastElement(apply(definition("welcome", 1, "ROAM-V1", "")), NOON);
        harness.processBroadcastElement(
                apply(definition("welcome", 2, "ROAM-V2-EDITED", "")), NOON);
        harness.processBroadcastElement(
                new CampaignControl(
                        "welcome",
                        "{\"format\":1,\"id\":\"welcome\"}".getBytes(StandardCharsets.UTF_8)),
                NOON);
        assertThat(landAbroad(BOB, NOON + 3 * HOUR))
                .extracting(CampaignTrigger::offerCode)
                .containsExactly("ROAM-V2");

        harness.processBroadcastElement(new CampaignControl("welcome", null), NOON);
        assertThat(landAbroad(ALICE, NOON + 4 * HOUR)).as("deleted").isEmpty();
        assertThat(landAbroad(BOB, NOON + 5 * HOUR)).isEmpty();
    }

    @Test
    void withALongestOfferDelayAnEventJudgedLongAfterItHappenedSendsNothing() throws Exception {
        harness.close();
        harness =
                harness(
                        null,
                        new ContactPolicy(
                                2,
                                4,
                                java.time.LocalTime.of(21, 0),
                                java.time.LocalTime.of(9, 0),
                                false,
                                ZoneId.of("Europe/Moscow"),
                                Duration.ofHours(1)));
        harness.processBroadcastElement(apply(definition("welcome", 1, "ROAM", "")), NOON);
        // The task's clock: two days after the landing, as when a backlog is worked off.
        harness.setProcessingTime(NOON + 2 * DAY);
        assertThat(landAbroad(ALICE, NOON))
                .extracting(CampaignTrigger::status, CampaignTrigger::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                Status.SUPPRESSED, SuppressionReason.STALE));
        assertThat(landAbroad(BOB, NOON + 2 * DAY - 60_000L))
                .extracting(CampaignTrigger::status)
                .containsExactly(Status.SENT);
    }

    @Test
    void anEventSentAgainIsJudgedOnce() throws Exception {
        harness.processBroadcastElement(
                apply(definition("first", 1, "ROAM-A", "priority: 60\n")), NOON);
        harness.processBroadcastElement(
                apply(definition("second", 1, "ROAM-B", "priority: 50\n")), NOON);
        CampaignInput entry =
                CampaignInput.of(
                        new CampaignEvent(
                                ALICE,
                                "ev-resent",
                                NOON,
                                Kind.ROAMING_ENTRY,
                                null,
                                null,
                                286,
                                null,
                                null));
        harness.processElement(entry, NOON);
        assertThat(harness.extractOutputValues())
                .extracting(CampaignTrigger::offerCode, CampaignTrigger::status)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("ROAM-A", Status.SENT),
                        org.assertj.core.groups.Tuple.tuple("ROAM-B", Status.SUPPRESSED));

        // The producer sends it again: judged again, "first" would be in its cooldown and
        // "second" sent, a second offer for one event.
        harness.processElement(entry, NOON + 1);
        assertThat(harness.extractOutputValues()).hasSize(2);
    }

    @Test
    void campaignsAndMemoriesSurviveARestoreFromASnapshot() throws Exception {
        harness.processBroadcastElement(
                apply(definition("welcome", 1, "ROAM", "cooldown: P7D\n")), NOON);
        assertThat(landAbroad(ALICE, NOON))
                .extracting(CampaignTrigger::status)
                .containsExactly(Status.SENT);
        OperatorSubtaskState snapshot = harness.snapshot(1L, NOON);
        harness.close();
        harness = harness(snapshot);
        // The campaign is still in force, and Alice's cooldown is remembered.
        assertThat(landAbroad(ALICE, NOON + DAY))
                .extracting(CampaignTrigger::reason)
                .containsExactly(SuppressionReason.COOLDOWN);
        assertThat(landAbroad(BOB, NOON + DAY))
                .extracting(CampaignTrigger::status)
                .containsExactly(Status.SENT);
    }

    @Test
    void eligibilityFollowsTheLatestScoresAndAnOptOutHoldsUntilWithdrawn() throws Exception {
        harness.processBroadcastElement(
                apply(
                        definition(
                                "welcome",
                                1,
                                "ROAM",
                                "eligibility: [{score: roaming_package_14d, above: 0.3}]\n")),
                NOON);
        assertThat(landAbroad(ALICE, NOON)).as("no scores yet").isEmpty();
        harness.processElement(scores(ALICE, 0.2), NOON);
        assertThat(landAbroad(ALICE, NOON + HOUR)).isEmpty();
        harness.processElement(scores(ALICE, 0.6), NOON);
        assertThat(landAbroad(ALICE, NOON + 2 * HOUR)).hasSize(1);

        harness.processElement(
                new CampaignInput(
                        ALICE,
                        CampaignInput.Kind.PREFERENCES,
                        null,
                        new ContactPreferences(
                                        ALICE,
                                        false,
                                        EnumSet.noneOf(CampaignDefinition.OfferChannel.class),
                                        NOON)
                                .toJson()),
                NOON);
        assertThat(landAbroad(ALICE, NOON + 3 * HOUR))
                .extracting(CampaignTrigger::reason)
                .containsExactly(SuppressionReason.OPTED_OUT);
        harness.processElement(
                new CampaignInput(ALICE, CampaignInput.Kind.PREFERENCES, null, null), NOON);
        assertThat(landAbroad(ALICE, NOON + 4 * HOUR))
                .extracting(CampaignTrigger::status)
                .containsExactly(Status.SENT);
    }

    @Test
    void anOlderScoresRecordReadLateDoesNotReplaceANewerOne() throws Exception {
        harness.processBroadcastElement(
                apply(
                        definition(
                                "welcome",
                                1,
                                "ROAM",
                                "eligibility: [{score: roaming_package_14d, above: 0.3}]\n")),
                NOON);
        harness.processElement(scores(ALICE, 0.6, NOON + HOUR), NOON);
        // Published an hour before, read after (a replay, partitions read at other paces).
        harness.processElement(scores(ALICE, 0.2, NOON), NOON);

        assertThat(landAbroad(ALICE, NOON + 2 * HOUR))
                .extracting(CampaignTrigger::status)
                .containsExactly(Status.SENT);
    }

    @Test
    void withNoScoresRecordAFeatureOnlyCampaignSendsNothing() throws Exception {
        // The walkthrough: eligibility on features alone, events, and never a scores.realtime
        // record (serving publishes none until a batch view has models).
        harness.processBroadcastElement(
                apply(
                        definition(
                                "features-only",
                                1,
                                "ROAM",
                                "eligibility: [{feature: charges_rub_30d, above: 300}]\n")),
                NOON);
        assertThat(landAbroad(ALICE, NOON)).isEmpty();
        assertThat(landAbroad(ALICE, NOON + DAY)).isEmpty();
        assertThat(landAbroad(BOB, NOON + DAY)).isEmpty();
    }

    @Test
    void featuresPublishedWithoutAnyModelScoreMakeAFeatureOnlyCampaignFireAndNoOther()
            throws Exception {
        harness.processBroadcastElement(
                apply(
                        definition(
                                "features-only",
                                1,
                                "FEATURES",
                                "priority: 10\n"
                                        + "eligibility: [{feature: charges_rub_30d, above: 300}]\n")),
                NOON);
        // A score that is missing must not read as 0, which "below" would take.
        harness.processBroadcastElement(
                apply(
                        definition(
                                "low-churn",
                                1,
                                "SCORE",
                                "priority: 20\n"
                                        + "eligibility: [{score: port_out_14d, below: 0.5}]\n")),
                NOON);
        harness.processElement(features(ALICE, 450.0), NOON);
        harness.processElement(features(BOB, 120.0), NOON);

        assertThat(landAbroad(ALICE, NOON))
                .extracting(CampaignTrigger::offerCode, CampaignTrigger::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("FEATURES", Status.SENT));
        assertThat(landAbroad(BOB, NOON)).as("charges below the threshold").isEmpty();
    }

    @Test
    void aConversionGoesToTheOutcomesOutput() throws Exception {
        harness.processBroadcastElement(
                apply(
                        definition(
                                "welcome",
                                1,
                                "ROAM",
                                "conversion: {event: package_purchase, product: roaming_package, within: P2D}\n")),
                NOON);
        CampaignTrigger sent = landAbroad(ALICE, NOON).get(0);
        harness.processElement(
                CampaignInput.of(
                        new CampaignEvent(
                                ALICE,
                                "buy",
                                NOON + HOUR,
                                Kind.PACKAGE_PURCHASE,
                                null,
                                29_900L,
                                null,
                                null,
                                "ROAMING_PACKAGE")),
                NOON + HOUR);
        List<CampaignOutcome> outcomes =
                harness.getSideOutput(CampaignEvaluator.OUTCOMES).stream()
                        .map(r -> r.getValue())
                        .toList();
        assertThat(outcomes)
                .singleElement()
                .satisfies(
                        o -> {
                            assertThat(o.triggerId()).isEqualTo(sent.triggerId());
                            assertThat(o.conversionEventId()).isEqualTo("buy");
                            assertThat(o.group()).isEqualTo(Status.SENT);
                        });
    }

    @Test
    void anOfferFiringInQuietHoursGoesOutWhenTheWatermarkPassesTheirEnd() throws Exception {
        harness.processBroadcastElement(apply(definition("welcome", 1, "ROAM", "")), NOON);
        long night =
                ZonedDateTime.of(2026, 11, 26, 2, 0, 0, 0, ZoneId.of("Europe/Moscow"))
                        .toInstant()
                        .toEpochMilli();
        long nine = night + 7 * HOUR;
        // Home in Moscow (the default zone), landing at 02:00 their time: held.
        assertThat(landAbroad(ALICE, night)).isEmpty();
        harness.processBroadcastWatermark(Long.MAX_VALUE);
        harness.processWatermark(nine - 1);
        assertThat(harness.extractOutputValues()).isEmpty();
        harness.processWatermark(nine);
        assertThat(harness.extractOutputValues())
                .singleElement()
                .satisfies(
                        t -> {
                            assertThat(t.status()).isEqualTo(Status.SENT);
                            assertThat(t.triggeredAt()).isEqualTo(night);
                            assertThat(t.judgedAt()).isEqualTo(nine);
                        });
        // Istanbul's clock (the visited country's) decided: its 09:00 is Moscow's.
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    private static CampaignInput scores(String subscriber, double roaming) {
        return scores(subscriber, roaming, NOON);
    }

    private static CampaignInput scores(String subscriber, double roaming, long publishedAt) {
        return new CampaignInput(
                subscriber,
                CampaignInput.Kind.SCORES,
                null,
                new RealtimeScores(
                                subscriber,
                                LocalDate.of(2026, 11, 25),
                                1,
                                publishedAt,
                                Map.of("roaming_package_14d", roaming),
                                Map.of())
                        .toJson());
    }

    /**
     * A scores.realtime record with the merged features and no score: what a subscriber's record
     * holds while no batch view has models, if serving publishes one then (today it does not).
     */
    private static CampaignInput features(String subscriber, double chargesRub30d) {
        return new CampaignInput(
                subscriber,
                CampaignInput.Kind.SCORES,
                null,
                new RealtimeScores(
                                subscriber,
                                LocalDate.of(2026, 11, 25),
                                0,
                                NOON,
                                Map.of(),
                                Map.of("charges_rub_30d", chargesRub30d))
                        .toJson());
    }

    private static KeyedBroadcastOperatorTestHarness<
                    String, CampaignInput, CampaignControl, CampaignTrigger>
            harness(OperatorSubtaskState restoreFrom) throws Exception {
        return harness(restoreFrom, ContactPolicy.standard());
    }

    private static KeyedBroadcastOperatorTestHarness<
                    String, CampaignInput, CampaignControl, CampaignTrigger>
            harness(OperatorSubtaskState restoreFrom, ContactPolicy policy) throws Exception {
        var h =
                new KeyedBroadcastOperatorTestHarness<>(
                        new CoBroadcastWithKeyedOperator<>(
                                new CampaignEvaluator(policy, Duration.ofDays(120)),
                                List.of(CampaignEvaluator.CAMPAIGNS)),
                        CampaignInput::subscriber,
                        Types.STRING,
                        1,
                        1,
                        0);
        h.setup();
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        }
        h.open();
        return h;
    }
}
