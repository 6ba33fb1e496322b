package io.convergent.common.immunity;

import static io.convergent.common.immunity.CallerActivity.DAY_MILLIS;
import static io.convergent.common.immunity.CallerActivity.HOUR_MILLIS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CallerActivityTest {

    /** 10:00 Moscow time. */
    private static final long T0 = Instant.parse("2026-03-02T07:00:00Z").toEpochMilli();

    private static final long MINUTE = 60_000L;

    @Test
    void aSteadyCallerShowsItsHourlyRateOnTheHourlyCounter() {
        CallerActivity activity = new CallerActivity();
        // 30 calls an hour, one every two minutes, for ten hours.
        for (int i = 0; i < 300; i++) {
            activity.recordCall(T0 + i * 2 * MINUTE, "callee-" + i, null, false, 0);
        }

        ReputationFeatures f = activity.featuresAt(T0 + 600 * MINUTE);
        assertThat(f.attempts1h()).isCloseTo(30, within(1.0));
        // Ten hours of a one-day counter: 30/h * 24 h * (1 - e^(-10/24)).
        assertThat(f.attempts24h()).isCloseTo(30 * 24 * (1 - Math.exp(-10.0 / 24)), within(8.0));
    }

    @Test
    void countsFadeByAFactorEPerTimeConstant() {
        CallerActivity activity = new CallerActivity();
        for (int i = 0; i < 10; i++) {
            activity.recordCall(T0, "callee-" + i, null, true, 60_000);
        }

        ReputationFeatures anHourLater = activity.featuresAt(T0 + HOUR_MILLIS);
        assertThat(anHourLater.attempts1h()).isCloseTo(10 / Math.E, within(1e-9));
        assertThat(anHourLater.attempts24h()).isCloseTo(10 * Math.exp(-1.0 / 24), within(1e-9));
        // Ratios do not fade: they are of calls that faded alike.
        assertThat(anHourLater.answerRatio1h()).isEqualTo(1.0);
        assertThat(activity.featuresAt(T0 + 3 * DAY_MILLIS).attempts24h())
                .isCloseTo(10 * Math.exp(-3), within(1e-9));
    }

    @Test
    void theFeaturesDoNotDependOnTheOrderCallsArriveIn() {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            order.add(i);
        }
        CallerActivity inOrder = new CallerActivity();
        order.forEach(i -> record(inOrder, i));
        Collections.shuffle(order, new Random(7));
        CallerActivity shuffled = new CallerActivity();
        order.forEach(i -> record(shuffled, i));

        ReputationFeatures expected = inOrder.featuresAt(T0 + 2 * HOUR_MILLIS);
        ReputationFeatures actual = shuffled.featuresAt(T0 + 2 * HOUR_MILLIS);
        assertThat(actual.attempts1h()).isCloseTo(expected.attempts1h(), within(1e-9));
        assertThat(actual.attempts24h()).isCloseTo(expected.attempts24h(), within(1e-9));
        assertThat(actual.answerRatio1h()).isCloseTo(expected.answerRatio1h(), within(1e-9));
        assertThat(actual.meanTalkSeconds24h())
                .isCloseTo(expected.meanTalkSeconds24h(), within(1e-9));
    }

    @Test
    void callingTheSameFewPeopleIsNotCallingNewCallees() {
        CallerActivity activity = new CallerActivity();
        for (int i = 0; i < 30; i++) {
            activity.recordCall(T0 + i * MINUTE, "friend-" + (i % 3), null, true, 120_000);
        }

        ReputationFeatures f = activity.featuresAt(T0 + 30 * MINUTE);
        assertThat(f.newCallees1h()).isLessThan(3.01);
        assertThat(f.newCalleeShare1h()).isLessThan(0.11);
        assertThat(activity.isNewCallee("friend-1")).isFalse();
        assertThat(activity.isNewCallee("stranger")).isTrue();
    }

    @Test
    void rememberOnlyTheLastSixteenCallees() {
        CallerActivity activity = new CallerActivity();
        for (int i = 0; i < 100; i++) {
            activity.recordCall(T0 + i * MINUTE, "callee-" + i, null, false, 0);
        }

        assertThat(activity.recentCallees).hasSize(CallerActivity.RECENT_CALLEES);
        assertThat(activity.isNewCallee("callee-99")).isFalse();
        assertThat(activity.isNewCallee("callee-84")).isFalse();
        assertThat(activity.isNewCallee("callee-83")).isTrue();
    }

    @Test
    void aListDialledDownwardsIsAsSequentialAsOneDialledUpwards() {
        CallerActivity up = new CallerActivity();
        CallerActivity down = new CallerActivity();
        // Pseudonyms stand in for numbers: "n-(k-1)" is below "n-k", "n-(k+1)" above it.
        for (int k = 1; k <= 10; k++) {
            up.recordCall(T0 + k * MINUTE, "n-" + k, "n-" + (k - 1), "n-" + (k + 1), false, 0);
            int j = 100 - k;
            down.recordCall(T0 + k * MINUTE, "n-" + j, "n-" + (j - 1), "n-" + (j + 1), false, 0);
        }

        assertThat(down.featuresAt(T0 + 10 * MINUTE).sequentialShare1h())
                .isEqualTo(up.featuresAt(T0 + 10 * MINUTE).sequentialShare1h())
                .isGreaterThan(0.85);
    }

    @Test
    void aCallToTheNumberAfterThePreviousCalleeIsSequential() {
        CallerActivity activity = new CallerActivity();
        // Pseudonyms stand in for numbers: "n-(k-1)" is the number below "n-k".
        for (int k = 1; k <= 10; k++) {
            activity.recordCall(T0 + k * MINUTE, "n-" + k, "n-" + (k - 1), false, 0);
        }
        // Then ten calls that jump around.
        for (int k = 0; k < 10; k++) {
            activity.recordCall(T0 + (11 + k) * MINUTE, "r-" + k, "x-" + k, false, 0);
        }

        // The first call has no previous callee: 9 of 20 are sequential (faded a little).
        assertThat(activity.featuresAt(T0 + 21 * MINUTE).sequentialShare1h())
                .isCloseTo(9.0 / 20, within(0.05));
    }

    @Test
    void answeredCallsGiveTheAnswerRatioShortShareAndMeanTalkTime() {
        CallerActivity activity = new CallerActivity();
        activity.recordCall(T0, "a", null, true, 4_000);
        activity.recordCall(T0, "b", null, true, 5_000);
        activity.recordCall(T0, "c", null, true, 120_000);
        activity.recordCall(T0, "d", null, false, 0);

        ReputationFeatures f = activity.featuresAt(T0);
        assertThat(f.answerRatio1h()).isEqualTo(0.75);
        assertThat(f.answerRatio24h()).isEqualTo(0.75);
        assertThat(f.shortCallShare24h()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(f.meanTalkSeconds24h()).isCloseTo(43.0, within(1e-9));
    }

    @Test
    void complaintsCountOverTheDayAndFade() {
        CallerActivity activity = new CallerActivity();
        activity.recordComplaint(T0);
        activity.recordComplaint(T0 + HOUR_MILLIS);

        assertThat(activity.featuresAt(T0 + HOUR_MILLIS).complaints24h())
                .isCloseTo(1 + Math.exp(-1.0 / 24), within(1e-9));
        assertThat(activity.featuresAt(T0 + 5 * DAY_MILLIS).complaints24h()).isLessThan(0.02);
    }

    @Test
    void callsBetweenTenAtNightAndSevenInTheMorningMoscowTimeAreNightCalls() {
        CallerActivity activity = new CallerActivity();
        long moscowMidnight = T0 + 14 * HOUR_MILLIS; // 10:00 + 14 h
        activity.recordCall(moscowMidnight, "a", null, false, 0);
        activity.recordCall(moscowMidnight - 2 * HOUR_MILLIS, "b", null, false, 0); // 22:00
        activity.recordCall(moscowMidnight + 7 * HOUR_MILLIS, "c", null, false, 0); // 07:00
        activity.recordCall(moscowMidnight + 8 * HOUR_MILLIS, "d", null, false, 0); // 08:00

        ReputationFeatures f = activity.featuresAt(moscowMidnight + 8 * HOUR_MILLIS);
        // Two of four calls, each faded by its own age.
        double night = Math.exp(-8.0 / 24) + Math.exp(-10.0 / 24);
        double all = night + Math.exp(-1.0 / 24) + 1;
        assertThat(f.nightShare24h()).isCloseTo(night / all, within(1e-9));
    }

    @Test
    void aCallerNeverSeenHasNeutralFeatures() {
        ReputationFeatures f = new CallerActivity().featuresAt(T0);

        assertThat(f.attempts1h()).isZero();
        assertThat(f.answerRatio1h()).isEqualTo(1.0);
        assertThat(f.newCalleeShare1h()).isZero();
        assertThat(CallerReputation.of(f, ReputationThresholds.standard()).score()).isZero();
    }

    private static void record(CallerActivity activity, int i) {
        activity.recordCall(
                T0 + i * 3 * MINUTE,
                "callee-" + (i % 7),
                null,
                i % 3 == 0,
                i % 3 == 0 ? 30_000 : 0);
    }
}
