package io.convergent.common.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.convergent.common.event.NetworkEvent;
import io.convergent.common.state.AnsweredCall;
import io.convergent.common.state.SubscriberState;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class TransferRiskTest {

    static final long NOW = 1_790_000_000_000L;
    static final long MINUTE = 60_000;
    static final long HOUR = 60 * MINUTE;
    final TransferRisk risk = TransferRisk.standard();

    static SubscriberState state() {
        return new SubscriberState("k1.AAAAAAAAAAAAAAAAAAAAAA");
    }

    static final Predicate<String> NO_POOR = number -> false;
    static final Predicate<String> ALL_POOR = number -> true;

    static SubscriberState onCallWithStranger(long answeredAgo, long endsIn) {
        SubscriberState s = state();
        s.calls =
                new AnsweredCall[] {
                    stranger("k1.CCCCCCCCCCCCCCCCCCCCCC", answeredAgo, endsIn, false)
                };
        return s;
    }

    static AnsweredCall stranger(String who, long answeredAgo, long endsIn, boolean presumed) {
        return new AnsweredCall(who, true, false, NOW - answeredAgo, NOW + endsIn, presumed);
    }

    @Test
    void nothingKnownAllows() {
        assertThat(risk.assess(null, true, NO_POOR, NOW).decision())
                .isEqualTo(TransferDecision.ALLOW);
        assertThat(risk.assess(state(), true, NO_POOR, NOW).reasons()).isEmpty();
    }

    @Test
    void aLongCallWithAStrangerInProgressHoldsAndSaysForHowLong() {
        TransferAssessment a =
                risk.assess(onCallWithStranger(12 * MINUTE, MINUTE), false, NO_POOR, NOW);
        assertThat(a.decision()).isEqualTo(TransferDecision.HOLD);
        assertThat(a.reasons())
                .extracting(RiskReason::message)
                .containsExactly("on a call with an unknown number for 12 minutes");
    }

    @Test
    void aCallKnownOnlyFromTheSwitchsAnswerSignalHoldsATransferMadeDuringIt() {
        SubscriberState s = state();
        s.apply(
                NetworkEvent.callAnswered(
                        "a1", NOW - 12 * MINUTE, s.subscriber, "k1.CCCCCCCCCCCCCCCCCCCCCC", true));
        TransferAssessment a = risk.assess(s, false, NO_POOR, NOW);
        assertThat(a.decision()).isEqualTo(TransferDecision.HOLD);
        assertThat(a.reasons())
                .extracting(RiskReason::message)
                .containsExactly("on a call with an unknown number for 12 minutes");
    }

    @Test
    void aStrangerHoldingTheLineIsFoundBehindALaterCallWithAFriend() {
        SubscriberState s = state();
        s.calls =
                new AnsweredCall[] {
                    stranger("k1.CCCCCCCCCCCCCCCCCCCCCC", 20 * MINUTE, 4 * HOUR, true),
                    new AnsweredCall(
                            "k1.BBBBBBBBBBBBBBBBBBBBBB",
                            false,
                            true,
                            NOW - 2 * MINUTE,
                            NOW + MINUTE,
                            false)
                };
        TransferAssessment a = risk.assess(s, false, NO_POOR, NOW);
        assertThat(a.decision()).isEqualTo(TransferDecision.HOLD);
        assertThat(a.reasons())
                .extracting(RiskReason::message)
                .containsExactly("on a call with an unknown number for 20 minutes");
    }

    @Test
    void theLongestStrangersCallGoingOnAndTheLatestOneEndedAreBothReasons() {
        SubscriberState s = state();
        s.calls =
                new AnsweredCall[] {
                    stranger("k1.AAAAAAAAAAAAAAAAAAAAAB", 50 * MINUTE, -20 * MINUTE, false),
                    stranger("k1.AAAAAAAAAAAAAAAAAAAAAC", 45 * MINUTE, -5 * MINUTE, false),
                    stranger("k1.AAAAAAAAAAAAAAAAAAAAAD", 3 * MINUTE, 4 * HOUR, true),
                    stranger("k1.AAAAAAAAAAAAAAAAAAAAAE", MINUTE, MINUTE, false)
                };
        TransferAssessment a = risk.assess(s, true, NO_POOR, NOW);
        // The accomplice's short call alone asks for review; the officer's call, just ended, holds.
        assertThat(a.decision()).isEqualTo(TransferDecision.HOLD);
        assertThat(a.reasons())
                .extracting(RiskReason::message)
                .containsExactly(
                        "on a call with an unknown number for 3 minutes",
                        "a 40 minutes call with an unknown number ended 5 minutes ago");
    }

    @Test
    void aSignalledCallPastItsPresumedEndIsNoRecentCall() {
        SubscriberState s = state();
        s.calls =
                new AnsweredCall[] {
                    new AnsweredCall(
                            null,
                            true,
                            false,
                            NOW - 4 * HOUR - 10 * MINUTE,
                            NOW - 10 * MINUTE,
                            true)
                };
        assertThat(risk.assess(s, true, NO_POOR, NOW).reasons()).isEmpty();
        s.calls[0].endPresumed = false;
        assertThat(risk.assess(s, true, NO_POOR, NOW).reasons())
                .extracting(RiskReason::code)
                .containsExactly("RECENT_CALL_WITH_UNKNOWN_NUMBER");
    }

    @Test
    void aShortCallWithAStrangerAsksForReviewAndAKnownCallerForNothing() {
        assertThat(risk.assess(onCallWithStranger(MINUTE, MINUTE), false, NO_POOR, NOW).decision())
                .isEqualTo(TransferDecision.REVIEW);
        SubscriberState known = onCallWithStranger(30 * MINUTE, MINUTE);
        known.calls[0].counterpartKnown = true;
        assertThat(risk.assess(known, true, NO_POOR, NOW).decision())
                .isEqualTo(TransferDecision.ALLOW);
        assertThat(risk.assess(known, true, ALL_POOR, NOW).reasons())
                .extracting(RiskReason::message)
                .containsExactly("on a call with a number with a poor reputation for 30 minutes");
    }

    @Test
    void aLongCallThatJustEndedHoldsOnlyANewBeneficiary() {
        SubscriberState ended = onCallWithStranger(20 * MINUTE, -3 * MINUTE);
        TransferAssessment known = risk.assess(ended, false, NO_POOR, NOW);
        assertThat(known.decision()).isEqualTo(TransferDecision.REVIEW);
        assertThat(known.reasons().get(0).message())
                .isEqualTo("a 17 minutes call with an unknown number ended 3 minutes ago");
        assertThat(risk.assess(ended, true, NO_POOR, NOW).decision())
                .isEqualTo(TransferDecision.HOLD);
        SubscriberState longAgo = onCallWithStranger(3 * HOUR, -2 * HOUR);
        assertThat(risk.assess(longAgo, true, NO_POOR, NOW).decision())
                .isEqualTo(TransferDecision.ALLOW);
    }

    @Test
    void aFreshSimSwapHoldsANewBeneficiaryAndAWeekOldOneAsksForReview() {
        SubscriberState s = state();
        s.lastSimSwapAt = NOW - 3 * HOUR;
        TransferAssessment a = risk.assess(s, true, NO_POOR, NOW);
        assertThat(a.decision()).isEqualTo(TransferDecision.HOLD);
        assertThat(a.reasons())
                .extracting(RiskReason::message)
                .containsExactly("SIM swapped 3 hours ago");
        assertThat(risk.assess(s, false, NO_POOR, NOW).decision())
                .isEqualTo(TransferDecision.REVIEW);
        s.lastSimSwapAt = NOW - 3 * 24 * HOUR;
        assertThat(risk.assess(s, true, NO_POOR, NOW).decision())
                .isEqualTo(TransferDecision.REVIEW);
        s.lastSimSwapAt = NOW - 8 * 24 * HOUR;
        assertThat(risk.assess(s, true, NO_POOR, NOW).decision()).isEqualTo(TransferDecision.ALLOW);
    }

    @Test
    void forwardingSwitchedOnAndANewHandsetAreReasonsToo() {
        SubscriberState s = state();
        s.forwardingActive = true;
        s.forwardingChangedAt = NOW - 2 * HOUR;
        s.lastDeviceChangeAt = NOW - 90 * 1000;
        TransferAssessment a = risk.assess(s, true, NO_POOR, NOW);
        assertThat(a.decision()).isEqualTo(TransferDecision.HOLD);
        assertThat(a.reasons())
                .extracting(RiskReason::code)
                .containsExactly("CALL_FORWARDING", "DEVICE_CHANGE");
        assertThat(a.reasons().get(1).message()).isEqualTo("new handset 90 seconds ago");
        s.forwardingActive = false;
        assertThat(risk.assess(s, true, NO_POOR, NOW).decision())
                .isEqualTo(TransferDecision.REVIEW);
    }

    @Test
    void aSwapOrCallStampedAheadOfTheAskingClockWithinTheSkewCountsAsJustNow() {
        SubscriberState swapped = state();
        swapped.lastSimSwapAt = NOW + 20_000;
        swapped.updatedAt = swapped.lastSimSwapAt;
        TransferAssessment a = risk.assess(swapped, true, NO_POOR, NOW);
        assertThat(a.decision()).isEqualTo(TransferDecision.HOLD);
        assertThat(a.reasons().get(0).message()).isEqualTo("SIM swapped 0 seconds ago");

        SubscriberState onCall = onCallWithStranger(-30_000, 20 * MINUTE);
        onCall.updatedAt = onCall.calls[0].answeredAt;
        assertThat(risk.assess(onCall, false, NO_POOR, NOW).reasons())
                .extracting(RiskReason::code)
                .containsExactly("ON_CALL_WITH_UNKNOWN_NUMBER");

        // Each time on its own: another event stamped far ahead does not undo the tolerance.
        swapped.lastSimSwapAt = NOW + 60_000;
        swapped.updatedAt = NOW + 10 * MINUTE;
        assertThat(risk.assess(swapped, true, NO_POOR, NOW).decision())
                .isEqualTo(TransferDecision.HOLD);

        // A clock hours ahead is a broken one, not skew: the future is not assessed.
        swapped.lastSimSwapAt = NOW + 2 * HOUR;
        swapped.updatedAt = swapped.lastSimSwapAt;
        assertThat(risk.assess(swapped, true, NO_POOR, NOW).decision())
                .isEqualTo(TransferDecision.ALLOW);
    }

    @Test
    void aPolicyWithoutPositiveDurationsIsRefused() {
        assertThatThrownBy(
                        () ->
                                new TransferRisk(
                                        Duration.ZERO,
                                        Duration.ofMinutes(1),
                                        Duration.ofMinutes(1),
                                        Duration.ofMinutes(1)))
                .hasMessageContaining("positive, got PT0S");
    }
}
