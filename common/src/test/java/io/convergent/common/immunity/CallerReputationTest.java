package io.convergent.common.immunity;

import static io.convergent.common.immunity.CallerActivity.HOUR_MILLIS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Reputations of callers whose behaviour is built call by call through {@link CallerActivity}. */
class CallerReputationTest {

    private static final long T0 = Instant.parse("2026-03-02T07:00:00Z").toEpochMilli();
    private static final long SECOND = 1_000L;
    private static final ReputationThresholds STANDARD = ReputationThresholds.standard();

    @Test
    void aMassDiallerIsBlockedOnceItHasReachedTheHourlyVolume() {
        CallerActivity activity = new CallerActivity();
        long time = T0;
        DecisionReason firstBlock = null;
        int callsBeforeBlock = 0;
        for (int i = 0; i < 60 && firstBlock == null; i++) {
            CallerReputation before = CallerReputation.of(activity.featuresAt(time), STANDARD);
            firstBlock = before.blockReason(STANDARD);
            if (firstBlock == null) {
                callsBeforeBlock++;
            }
            // One call in ten answered, and hung up on within seconds.
            activity.recordCall(time, "victim-" + i, null, i % 10 == 0, 3 * SECOND);
            time += 10 * SECOND;
        }

        assertThat(firstBlock).isEqualTo(DecisionReason.MASS_DIALLING);
        // Decayed counts lag a burst a little: 15 calls in two and a half minutes count as ~14.7.
        int hourly = (int) STANDARD.massDialAttemptsPerHour();
        assertThat(callsBeforeBlock).isBetween(hourly, hourly + 2);
        CallerReputation now = CallerReputation.of(activity.featuresAt(time), STANDARD);
        assertThat(now.signals())
                .contains(
                        ReputationSignal.HIGH_VOLUME,
                        ReputationSignal.MANY_NEW_CALLEES,
                        ReputationSignal.FEW_ANSWERED);
        assertThat(now.score()).isGreaterThanOrEqualTo(STANDARD.hintScore());
    }

    @Test
    void aBusinessCallingItsCustomersWhoAnswerIsNeitherBlockedNorHinted() {
        CallerActivity activity = new CallerActivity();
        long time = T0;
        // 40 calls an hour for nine hours, to different customers, two in three answered.
        for (int i = 0; i < 360; i++) {
            CallerReputation reputation = CallerReputation.of(activity.featuresAt(time), STANDARD);
            assertThat(reputation.blockReason(STANDARD)).as("call %d", i).isNull();
            assertThat(reputation.warrantsHint(STANDARD)).as("call %d", i).isFalse();
            activity.recordCall(time, "customer-" + i, null, i % 3 != 0, 70 * SECOND);
            time += 90 * SECOND;
        }
    }

    @Test
    void dialingDownANumberRangeIsMassDiallingEvenWhenPeopleAnswer() {
        CallerActivity activity = new CallerActivity();
        long time = T0;
        for (int k = 1; k <= 25; k++) {
            activity.recordCall(time, "n-" + k, "n-" + (k - 1), k % 2 == 0, 20 * SECOND);
            time += 15 * SECOND;
        }

        CallerReputation reputation = CallerReputation.of(activity.featuresAt(time), STANDARD);
        assertThat(reputation.features().answerRatio1h()).isGreaterThan(STANDARD.answerRatio());
        assertThat(reputation.raised(ReputationSignal.SEQUENTIAL_DIALLING)).isTrue();
        assertThat(reputation.blockReason(STANDARD)).isEqualTo(DecisionReason.MASS_DIALLING);
    }

    @Test
    void aKnownMassDiallerIsBlockedFromTheFirstCallOfItsNextDay() {
        CallerActivity activity = new CallerActivity();
        long time = T0;
        for (int i = 0; i < 300; i++) {
            activity.recordCall(time, "victim-" + i, null, i % 10 == 0, 3 * SECOND);
            time += 12 * SECOND;
        }

        long nextMorning = T0 + 24 * HOUR_MILLIS;
        CallerReputation reputation =
                CallerReputation.of(activity.featuresAt(nextMorning), STANDARD);
        assertThat(reputation.features().attempts1h()).isLessThan(1);
        assertThat(reputation.blockReason(STANDARD)).isEqualTo(DecisionReason.MASS_DIALLING);
    }

    @Test
    void aNumberCaughtMassDiallingStaysBlockedForTheRulesMemory() {
        CallerActivity activity = new CallerActivity();
        activity.recordCall(T0, "victim", null, false, 0);
        activity.recordMassDialling(T0);

        CallerReputation threeDaysLater =
                CallerReputation.of(activity.featuresAt(T0 + 72 * HOUR_MILLIS), STANDARD);
        CallerReputation eightDaysLater =
                CallerReputation.of(activity.featuresAt(T0 + 192 * HOUR_MILLIS), STANDARD);

        assertThat(threeDaysLater.features().daysSinceMassDialling()).isEqualTo(3.0);
        assertThat(threeDaysLater.raised(ReputationSignal.RECENT_MASS_DIALLING)).isTrue();
        assertThat(threeDaysLater.blockReason(STANDARD)).isEqualTo(DecisionReason.MASS_DIALLING);
        assertThat(eightDaysLater.blockReason(STANDARD)).isNull();
        assertThat(CallerReputation.of(new CallerActivity().featuresAt(T0), STANDARD).features())
                .extracting(ReputationFeatures::daysSinceMassDialling)
                .isEqualTo(-1.0);
    }

    @Test
    void threeComplaintsInADayBlockTheNumber() {
        CallerActivity activity = new CallerActivity();
        activity.recordCall(T0, "someone", null, true, 30 * SECOND);
        activity.recordComplaint(T0 + HOUR_MILLIS);
        activity.recordComplaint(T0 + 2 * HOUR_MILLIS);

        CallerReputation two =
                CallerReputation.of(activity.featuresAt(T0 + 2 * HOUR_MILLIS), STANDARD);
        assertThat(two.raised(ReputationSignal.COMPLAINTS)).isTrue();
        assertThat(two.blockReason(STANDARD)).isNull();

        activity.recordComplaint(T0 + 2 * HOUR_MILLIS);
        activity.recordComplaint(T0 + 3 * HOUR_MILLIS);
        CallerReputation four =
                CallerReputation.of(activity.featuresAt(T0 + 3 * HOUR_MILLIS), STANDARD);
        assertThat(four.blockReason(STANDARD)).isEqualTo(DecisionReason.MANY_COMPLAINTS);
    }

    @Test
    void aFewUnansweredCallsAreTooFewToJudge() {
        CallerActivity activity = new CallerActivity();
        for (int i = 0; i < 4; i++) {
            activity.recordCall(T0 + i * 60 * SECOND, "someone-" + i, null, false, 0);
        }

        CallerReputation reputation = CallerReputation.of(activity.featuresAt(T0), STANDARD);
        assertThat(reputation.signals()).isEmpty();
        assertThat(reputation.score()).isZero();
    }

    @Test
    void theScoreIsTheSumOfTheRaisedSignalsWeightsCappedAtOne() {
        ReputationFeatures everythingBad =
                new ReputationFeatures(100, 100, 0, 1, 1000, 1000, 0.05, 1, 2, 1, 10, 1);

        CallerReputation reputation = CallerReputation.of(everythingBad, STANDARD);

        assertThat(reputation.signals()).containsExactly(ReputationSignal.values());
        assertThat(reputation.score()).isEqualTo(1.0);
        CallerReputation volumeOnly =
                CallerReputation.of(
                        new ReputationFeatures(25, 2, 0.9, 0, 25, 2, 0.9, 0, 90, 0, 0, -1),
                        STANDARD);
        assertThat(volumeOnly.signals()).containsExactly(ReputationSignal.HIGH_VOLUME);
        assertThat(volumeOnly.score())
                .isCloseTo(ReputationSignal.HIGH_VOLUME.weight(), within(1e-12));
    }

    @Test
    void stricterThresholdsFromTheRulesChangeTheDecision() {
        CallerActivity activity = new CallerActivity();
        for (int i = 0; i < 25; i++) {
            activity.recordCall(T0 + i * 10 * SECOND, "victim-" + i, null, false, 0);
        }
        ReputationFeatures f = activity.featuresAt(T0 + 250 * SECOND);
        ReputationThresholds lenient = new ReputationThresholds(50, 500, 0.8, 0.3, 0.5, 3, 0.5, 7);

        assertThat(CallerReputation.of(f, STANDARD).blockReason(STANDARD))
                .isEqualTo(DecisionReason.MASS_DIALLING);
        assertThat(CallerReputation.of(f, lenient).blockReason(lenient)).isNull();
    }
}
