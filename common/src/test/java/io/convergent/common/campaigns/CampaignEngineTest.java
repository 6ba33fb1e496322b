package io.convergent.common.campaigns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.convergent.common.campaigns.CampaignEngine.Result;
import io.convergent.common.campaigns.CampaignEvent.Kind;
import io.convergent.common.campaigns.CampaignTrigger.Status;
import io.convergent.common.scores.RealtimeScores;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class CampaignEngineTest {

    private static final String ALICE = "k1.ALICEALICEALICEALICEAL";
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    /** 2026-11-25 09:00 UTC: 12:00 in Moscow, 19:00 in Vladivostok; nobody's quiet hours. */
    private static final long NOON_MOSCOW =
            ZonedDateTime.of(2026, 11, 25, 12, 0, 0, 0, ZoneId.of("Europe/Moscow"))
                    .toInstant()
                    .toEpochMilli();

    private final CampaignEngine engine = new CampaignEngine(ContactPolicy.standard());
    private final CampaignMemory memory = new CampaignMemory();
    private int eventNumber;

    static CampaignDefinition campaign(String id, int priority, String trigger, String extra) {
        return CampaignDefinitions.parse(
                "id: "
                        + id
                        + "\nversion: 1\ntrigger: "
                        + trigger
                        + "\noffer: {code: OFFER, channel: push}\n"
                        + "valid: {from: 2026-01-01, to: 2027-12-31}\n"
                        + "control_share: 0\npriority: "
                        + priority
                        + "\n"
                        + extra,
                id + ".yaml");
    }

    static CampaignDefinition campaign(String id, String trigger) {
        return campaign(id, 50, trigger, "");
    }

    private CampaignEvent event(Kind kind, long time) {
        return event(kind, time, null, null, null, null);
    }

    private CampaignEvent event(
            Kind kind, long time, Long balance, Long amount, Integer mcc, String product) {
        return new CampaignEvent(
                ALICE, "e" + eventNumber++, time, kind, balance, amount, mcc, null, product);
    }

    /**
     * An engine whose clock reads {@code wallClock[0]}, with a one-hour staleness limit (quiet
     * hours 21:00 to 09:00 Moscow time, two offers a week, four a month).
     */
    private static CampaignEngine engineAt(long[] wallClock) {
        return new CampaignEngine(
                new ContactPolicy(
                        2,
                        4,
                        LocalTime.of(21, 0),
                        LocalTime.of(9, 0),
                        false,
                        ZoneId.of("Europe/Moscow"),
                        Duration.ofHours(1)),
                () -> wallClock[0]);
    }

    private List<CampaignTrigger> fire(CampaignEvent event, CampaignDefinition... live) {
        return fire(event, () -> null, live);
    }

    private List<CampaignTrigger> fire(
            CampaignEvent event, Supplier<RealtimeScores> scores, CampaignDefinition... live) {
        return engine.onEvent(memory, event, List.of(live), scores).triggers();
    }

    @Test
    void eachTriggerKindFiresOnItsEventOnly() {
        record Case(String trigger, CampaignEvent hit, CampaignEvent miss) {}
        long t = NOON_MOSCOW;
        List<Case> cases =
                List.of(
                        new Case(
                                "{event: roaming_entry, mcc: 286}",
                                event(Kind.ROAMING_ENTRY, t, null, null, 286, null),
                                event(Kind.ROAMING_ENTRY, t, null, null, 424, null)),
                        new Case(
                                "{event: port_out_request}",
                                event(Kind.PORT_OUT_REQUEST, t),
                                event(Kind.ROAMING_EXIT, t)),
                        new Case(
                                "{event: new_device}",
                                event(Kind.DEVICE_CHANGE, t),
                                event(Kind.LOCATION_UPDATE, t)),
                        new Case(
                                "{event: top_up, min_rub: 500}",
                                event(Kind.TOP_UP, t, null, 50_000L, null, null),
                                event(Kind.TOP_UP, t, null, 49_999L, null, null)),
                        new Case(
                                "{event: package_purchase}",
                                event(Kind.PACKAGE_PURCHASE, t, null, 29_900L, null, "DATA"),
                                event(Kind.CHARGE, t, null, 100L, null, "VOICE")),
                        new Case(
                                "{event: bank_product_opened}",
                                event(Kind.BANK_PRODUCT_OPENED, t, null, null, null, "DEPOSIT"),
                                event(Kind.BANK_PRODUCT_CLOSED, t, null, null, null, "DEPOSIT")));
        for (Case c : cases) {
            CampaignDefinition campaign =
                    campaign("case-" + c.trigger.hashCode() % 1000 + "x", c.trigger);
            assertThat(
                            CampaignEngine.matches(
                                    campaign.trigger().steps().get(0), new CampaignMemory(), c.hit))
                    .as(c.trigger + " fires")
                    .isTrue();
            assertThat(
                            CampaignEngine.matches(
                                    campaign.trigger().steps().get(0),
                                    new CampaignMemory(),
                                    c.miss))
                    .as(c.trigger + " stays quiet")
                    .isFalse();
        }
    }

    @Test
    void aLowBalanceFiresOnCrossingTheThresholdNotWhileBelowIt() {
        CampaignDefinition low =
                campaign(
                        "low-balance",
                        50,
                        "{event: balance_below, threshold_rub: 50}",
                        "cooldown: PT1M\n");
        long t = NOON_MOSCOW;
        assertThat(fire(event(Kind.BALANCE, t, 10_000L, null, null, null), low)).isEmpty();
        assertThat(fire(event(Kind.CHARGE, t + HOUR, 4_000L, 6_000L, null, "VOICE"), low))
                .extracting(CampaignTrigger::status)
                .containsExactly(Status.SENT);
        // Still below: no second trigger, however long the cooldown has been over.
        assertThat(fire(event(Kind.BALANCE, t + 2 * HOUR, 3_000L, null, null, null), low))
                .isEmpty();
        // Topped up and fallen again: a new crossing.
        fire(event(Kind.TOP_UP, t + 3 * HOUR, 20_000L, 17_000L, null, null), low);
        assertThat(fire(event(Kind.CHARGE, t + 4 * HOUR, 1_000L, 19_000L, null, "DATA"), low))
                .hasSize(1);
    }

    @Test
    void aTopUpAfterADormantMonthFiresButARegularOneDoesNot() {
        CampaignDefinition comeback =
                campaign("comeback", "{event: top_up_after_dormancy, dormant_days: 30}");
        long t = NOON_MOSCOW;
        // Nothing known of the subscriber's past: not evidence of dormancy.
        assertThat(fire(event(Kind.TOP_UP, t, null, 10_000L, null, null), comeback)).isEmpty();
        assertThat(fire(event(Kind.TOP_UP, t + 10 * DAY, null, 10_000L, null, null), comeback))
                .isEmpty();
        // A balance report is not activity; 31 days on, the top-up ends a dormant month.
        fire(event(Kind.BALANCE, t + 25 * DAY, 500L, null, null, null), comeback);
        assertThat(fire(event(Kind.TOP_UP, t + 41 * DAY, null, 10_000L, null, null), comeback))
                .hasSize(1);
    }

    /** Roaming entry, then the balance crossing below 100 roubles, within six hours. */
    private static CampaignDefinition abroadThenLowBalance() {
        return campaign(
                "abroad-low",
                "{sequence: [{event: roaming_entry}, {event: balance_below,"
                        + " threshold_rub: 100}], within: PT6H}");
    }

    @Test
    void aSequenceFiresOnlyWhenItsStepsFollowWithinItsWindow() {
        CampaignDefinition abroadAndLow = abroadThenLowBalance();
        long t = NOON_MOSCOW;
        fire(event(Kind.BALANCE, t - DAY, 50_000L, null, null, null), abroadAndLow);
        // The second step alone, before the first: nothing.
        assertThat(fire(event(Kind.ROAMING_ENTRY, t, null, null, 286, null), abroadAndLow))
                .isEmpty();
        assertThat(fire(event(Kind.BALANCE, t + 5 * HOUR, 5_000L, null, null, null), abroadAndLow))
                .hasSize(1);

        // Another trip: the balance crosses 7 hours after landing, past the window.
        fire(event(Kind.TOP_UP, t + 20 * DAY, 50_000L, 45_000L, null, null), abroadAndLow);
        fire(event(Kind.ROAMING_ENTRY, t + 21 * DAY, null, null, 424, null), abroadAndLow);
        assertThat(
                        fire(
                                event(
                                        Kind.BALANCE,
                                        t + 21 * DAY + 7 * HOUR,
                                        5_000L,
                                        null,
                                        null,
                                        null),
                                abroadAndLow))
                .isEmpty();
        // Two windows on, nothing of that trip can begin or end a sequence: forgotten.
        fire(event(Kind.LOCATION_UPDATE, t + 22 * DAY, null, null, 286, null), abroadAndLow);
        assertThat(memory.progress).isEmpty();
    }

    @Test
    void aSequenceIsJudgedInEventTimeWhicheverStepIsReadFirst() {
        CampaignDefinition abroadAndLow = abroadThenLowBalance();
        long t = NOON_MOSCOW;
        fire(event(Kind.BALANCE, t - DAY, 50_000L, null, null, null), abroadAndLow);
        // Billing's feed read ahead of the network's: the balance crossing, two hours after the
        // landing, arrives first; the landing completes the sequence when it is read.
        assertThat(fire(event(Kind.BALANCE, t + 2 * HOUR, 5_000L, null, null, null), abroadAndLow))
                .isEmpty();
        assertThat(fire(event(Kind.ROAMING_ENTRY, t, null, null, 286, null), abroadAndLow))
                .extracting(CampaignTrigger::campaignId)
                .containsExactly("abroad-low");

        // The other way round in event time: low at home in the morning, landing at noon, read
        // in that order or not, is not "low after landing".
        fire(event(Kind.TOP_UP, t + 10 * DAY, 50_000L, 45_000L, null, null), abroadAndLow);
        assertThat(
                        fire(
                                event(Kind.BALANCE, t + 11 * DAY - HOUR, 5_000L, null, null, null),
                                abroadAndLow))
                .isEmpty();
        assertThat(
                        fire(
                                event(Kind.ROAMING_ENTRY, t + 11 * DAY, null, null, 286, null),
                                abroadAndLow))
                .isEmpty();
    }

    @Test
    void aTopicReadMoreThanAWindowBehindAnotherStillCompletesTheSequence() {
        CampaignDefinition abroadAndLow = abroadThenLowBalance();
        List<CampaignDefinition> live = List.of(abroadAndLow);
        long t = NOON_MOSCOW;
        // Billing is read up to a day before the landing; the network's feed runs on ahead.
        long billingReadUpTo = t - DAY;
        engine.onEvent(
                memory,
                event(Kind.BALANCE, t - DAY, 50_000L, null, null, null),
                live,
                () -> null,
                billingReadUpTo);
        engine.onEvent(
                memory,
                event(Kind.ROAMING_ENTRY, t, null, null, 286, null),
                live,
                () -> null,
                billingReadUpTo);
        for (long later : new long[] {13 * HOUR, 20 * HOUR, 30 * HOUR}) {
            engine.onEvent(
                    memory,
                    event(Kind.ROAMING_ENTRY, t + later, null, null, 286, null),
                    live,
                    () -> null,
                    billingReadUpTo);
        }
        // Billing catches up: the balance crossed two hours after the first landing.
        assertThat(
                        engine.onEvent(
                                        memory,
                                        event(Kind.BALANCE, t + 2 * HOUR, 5_000L, null, null, null),
                                        live,
                                        () -> null,
                                        t + 2 * HOUR)
                                .triggers())
                .extracting(CampaignTrigger::campaignId)
                .containsExactly("abroad-low");
        // The later landings, read before that, still begin the next trip's sequence.
        engine.onEvent(
                memory,
                event(Kind.TOP_UP, t + 29 * HOUR, 50_000L, 45_000L, null, null),
                live,
                () -> null,
                t + 29 * HOUR);
        assertThat(
                        engine.onEvent(
                                        memory,
                                        event(
                                                Kind.BALANCE,
                                                t + 31 * HOUR,
                                                5_000L,
                                                null,
                                                null,
                                                null),
                                        live,
                                        () -> null,
                                        t + 31 * HOUR)
                                .triggers())
                .extracting(CampaignTrigger::campaignId)
                .containsExactly("abroad-low");
    }

    @Test
    void anOfferReleasedAfterQuietHoursDoesNotForgetStepsOfATopicReadBehind() {
        CampaignDefinition push = campaign("phone", "{event: new_device}");
        CampaignDefinition abroadAndLow = abroadThenLowBalance();
        List<CampaignDefinition> live = List.of(push, abroadAndLow);
        long landing = MOSCOW_2300 - 9 * HOUR; // 14:00 in Moscow
        long billingReadUpTo = landing + 30 * MINUTE;
        engine.onEvent(
                memory, located("home", landing - DAY, 77), live, () -> null, billingReadUpTo);
        engine.onEvent(
                memory,
                event(Kind.BALANCE, landing - DAY, 50_000L, null, null, null),
                live,
                () -> null,
                billingReadUpTo);
        engine.onEvent(
                memory,
                event(Kind.ROAMING_ENTRY, landing, null, null, 286, null),
                live,
                () -> null,
                billingReadUpTo);
        // A new handset at 23:00 is held until 09:00; the next morning's event releases it.
        engine.onEvent(memory, device("night", MOSCOW_2300), live, () -> null, billingReadUpTo);
        assertThat(
                        engine.onEvent(
                                        memory,
                                        event(
                                                Kind.LOCATION_UPDATE,
                                                MOSCOW_2300 + 10 * HOUR + 5 * MINUTE,
                                                null,
                                                null,
                                                286,
                                                null),
                                        live,
                                        () -> null,
                                        billingReadUpTo)
                                .triggers())
                .extracting(CampaignTrigger::triggerEventId)
                .containsExactly("night");
        // Billing catches up: the balance crossed an hour after the landing, nineteen hours ago.
        assertThat(
                        engine.onEvent(
                                        memory,
                                        event(
                                                Kind.BALANCE,
                                                landing + HOUR,
                                                5_000L,
                                                null,
                                                null,
                                                null),
                                        live,
                                        () -> null,
                                        landing + HOUR)
                                .triggers())
                .extracting(CampaignTrigger::campaignId)
                .containsExactly("abroad-low");
    }

    @Test
    void withoutKnowingHowFarEveryInputIsReadStepsGoTwoWindowsBehindTheNewestEvent() {
        CampaignDefinition abroadAndLow = abroadThenLowBalance();
        long t = NOON_MOSCOW;
        fire(event(Kind.BALANCE, t - DAY, 50_000L, null, null, null), abroadAndLow);
        fire(event(Kind.ROAMING_ENTRY, t, null, null, 286, null), abroadAndLow);
        for (long later : new long[] {13 * HOUR, 20 * HOUR, 30 * HOUR}) {
            fire(event(Kind.ROAMING_ENTRY, t + later, null, null, 286, null), abroadAndLow);
        }
        assertThat(fire(event(Kind.BALANCE, t + 2 * HOUR, 5_000L, null, null, null), abroadAndLow))
                .isEmpty();
    }

    @Test
    void aSequenceHasOneTriggerIdWhicheverOfItsStepsIsReadLast() {
        List<CampaignDefinition> abroadAndLow = List.of(abroadThenLowBalance());
        CampaignEvent primed = event(Kind.BALANCE, NOON_MOSCOW - DAY, 50_000L, null, null, null);
        CampaignEvent landing = event(Kind.ROAMING_ENTRY, NOON_MOSCOW, null, null, 286, null);
        CampaignEvent low = event(Kind.BALANCE, NOON_MOSCOW + HOUR, 5_000L, null, null, null);

        CampaignMemory inOrder = new CampaignMemory();
        engine.onEvent(inOrder, primed, abroadAndLow, () -> null);
        engine.onEvent(inOrder, landing, abroadAndLow, () -> null);
        CampaignTrigger first =
                engine.onEvent(inOrder, low, abroadAndLow, () -> null).triggers().get(0);
        // After a restore, billing read before network: the landing completes the chain.
        CampaignMemory replayed = new CampaignMemory();
        engine.onEvent(replayed, primed, abroadAndLow, () -> null);
        engine.onEvent(replayed, low, abroadAndLow, () -> null);
        CampaignTrigger again =
                engine.onEvent(replayed, landing, abroadAndLow, () -> null).triggers().get(0);

        assertThat(again.triggerId()).isEqualTo(first.triggerId());
        assertThat(again.triggeredAt()).isEqualTo(first.triggeredAt());
    }

    @Test
    void aSequenceCompletedByItsFirstStepReadLastHappenedAtItsLastStep() {
        long t = NOON_MOSCOW;
        long[] wallClock = {t + 2 * HOUR + 5 * MINUTE};
        CampaignEngine live = engineAt(wallClock);
        List<CampaignDefinition> abroadAndLow = List.of(abroadThenLowBalance());
        live.onEvent(
                memory,
                event(Kind.BALANCE, t - DAY, 50_000L, null, null, null),
                abroadAndLow,
                () -> null);
        live.onEvent(
                memory,
                event(Kind.BALANCE, t + 2 * HOUR, 5_000L, null, null, null),
                abroadAndLow,
                () -> null);

        // The landing, two hours old, is read last: the offer's moment is the balance crossing,
        // five minutes ago, so it is not stale.
        List<CampaignTrigger> triggers =
                live.onEvent(
                                memory,
                                event(Kind.ROAMING_ENTRY, t, null, null, 286, null),
                                abroadAndLow,
                                () -> null)
                        .triggers();
        assertThat(triggers).extracting(CampaignTrigger::status).containsExactly(Status.SENT);
        assertThat(triggers.get(0).triggeredAt()).isEqualTo(t + 2 * HOUR);
    }

    @Test
    void oneEventNeverFillsTwoStepsOfASequence() {
        CampaignDefinition twoLandings =
                campaign(
                        "two-landings",
                        "{sequence: [{event: roaming_entry}, {event: roaming_entry}],"
                                + " within: P1D}");
        assertThat(fire(event(Kind.ROAMING_ENTRY, NOON_MOSCOW, null, null, 286, null), twoLandings))
                .isEmpty();
        assertThat(
                        fire(
                                event(
                                        Kind.ROAMING_ENTRY,
                                        NOON_MOSCOW + HOUR,
                                        null,
                                        null,
                                        424,
                                        null),
                                twoLandings))
                .hasSize(1);
    }

    @Test
    void anOfferJudgedLongAfterItsMomentIsStaleAndNotAContact() {
        CampaignDefinition welcome = campaign("welcome", "{event: roaming_entry}");
        long landed = NOON_MOSCOW;
        long[] wallClock = {landed + 2 * DAY};
        CampaignEngine catchingUp = engineAt(wallClock);

        // A backlog worked off two days after an outage: the landing is long past.
        List<CampaignTrigger> late =
                catchingUp
                        .onEvent(
                                memory,
                                event(Kind.ROAMING_ENTRY, landed, null, null, 286, null),
                                List.of(welcome),
                                () -> null)
                        .triggers();
        assertThat(late)
                .extracting(CampaignTrigger::reason)
                .containsExactly(SuppressionReason.STALE);
        assertThat(memory.contacts).as("not a contact").isEmpty();

        // Judged within the hour, the next landing is sent.
        wallClock[0] = landed + DAY + 10 * 60_000L;
        List<CampaignTrigger> onTime =
                catchingUp
                        .onEvent(
                                memory,
                                event(Kind.ROAMING_ENTRY, landed + DAY, null, null, 286, null),
                                List.of(welcome),
                                () -> null)
                        .triggers();
        assertThat(onTime).extracting(CampaignTrigger::status).containsExactly(Status.SENT);
    }

    @Test
    void quietHoursHoldForWhenTheOfferGoesOutNotOnlyForItsMoment() {
        CampaignDefinition welcome = campaign("welcome", "{event: roaming_entry}");
        long landed = NOON_MOSCOW + 8 * HOUR + 30 * MINUTE; // 20:30 in Moscow
        long[] wallClock = {landed + 40 * MINUTE}; // read late: 21:10, within the hour
        CampaignEngine late = engineAt(wallClock);

        CampaignEngine.Result judged =
                late.onEvent(
                        memory,
                        event(Kind.ROAMING_ENTRY, landed, null, null, 286, null),
                        List.of(welcome),
                        () -> null);

        assertThat(judged.triggers()).as("not sent at 21:10").isEmpty();
        long nineNextMorning = NOON_MOSCOW + DAY - 3 * HOUR;
        assertThat(judged.dueTimes()).containsExactly(nineNextMorning);

        // Released at nine, as it would have been had it come at 21:10.
        wallClock[0] = nineNextMorning + MINUTE;
        assertThat(late.release(memory, ALICE, nineNextMorning, List.of(welcome)))
                .extracting(CampaignTrigger::status, CampaignTrigger::triggeredAt)
                .containsExactly(tuple(Status.SENT, landed));
    }

    @Test
    void aHeldOfferTheJobReachesOnlyInTheNextQuietHoursIsStaleNotHeldADayMore() {
        CampaignDefinition welcome = campaign("welcome", "{event: roaming_entry}");
        long landed = NOON_MOSCOW + 8 * HOUR + 30 * MINUTE; // 20:30 in Moscow
        long[] wallClock = {landed + 40 * MINUTE};
        CampaignEngine late = engineAt(wallClock);
        late.onEvent(
                memory,
                event(Kind.ROAMING_ENTRY, landed, null, null, 286, null),
                List.of(welcome),
                () -> null);
        long nineNextMorning = NOON_MOSCOW + DAY - 3 * HOUR;

        // The job lagged all day: it reaches the 09:00 release at 22:00, quiet hours again.
        wallClock[0] = nineNextMorning + 13 * HOUR;
        List<CampaignTrigger> released =
                late.release(memory, ALICE, nineNextMorning, List.of(welcome));

        assertThat(released)
                .extracting(CampaignTrigger::reason)
                .containsExactly(SuppressionReason.STALE);
        assertThat(CampaignEngine.dueTimes(memory)).as("not held again").isEmpty();
    }

    @Test
    void aChangedOrDeletedCampaignDropsItsSequenceProgress() {
        CampaignDefinition v1 =
                campaign(
                        "abroad-low",
                        "{sequence: [{event: roaming_entry}, {event: port_out_request}],"
                                + " within: P1D}");
        fire(event(Kind.ROAMING_ENTRY, NOON_MOSCOW, null, null, 286, null), v1);
        assertThat(memory.progress).containsKey("abroad-low");
        fire(event(Kind.LOCATION_UPDATE, NOON_MOSCOW + MINUTE, null, null, 286, null));
        assertThat(memory.progress).isEmpty();
    }

    @Test
    void aBurstOfSimultaneousTriggersContactsOnceAndTheCapsHoldAcrossDays() {
        List<CampaignDefinition> live = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            live.add(
                    campaign(
                            "burst-" + i, 10 * i, "{event: port_out_request}", "cooldown: PT1H\n"));
        }
        CampaignDefinition[] all = live.toArray(CampaignDefinition[]::new);
        List<CampaignTrigger> first = fire(event(Kind.PORT_OUT_REQUEST, NOON_MOSCOW), all);
        assertThat(first).hasSize(5);
        assertThat(first.get(0).campaignId()).isEqualTo("burst-4");
        assertThat(first.get(0).status()).isEqualTo(Status.SENT);
        assertThat(first.subList(1, 5))
                .allSatisfy(t -> assertThat(t.reason()).isEqualTo(SuppressionReason.OUTRANKED));

        // Same day, two hours on: the highest is past its cooldown; the week allows a second.
        assertThat(fire(event(Kind.PORT_OUT_REQUEST, NOON_MOSCOW + 2 * HOUR), all).get(0).status())
                .isEqualTo(Status.SENT);
        // A third contact in the week is refused by the weekly cap, for every campaign.
        List<CampaignTrigger> third =
                fire(event(Kind.PORT_OUT_REQUEST, NOON_MOSCOW + 4 * HOUR), all);
        assertThat(third)
                .allSatisfy(t -> assertThat(t.reason()).isEqualTo(SuppressionReason.WEEKLY_CAP));
        // Next week two more; the week after, the 30-day cap (4) stops the fifth.
        assertThat(fire(event(Kind.PORT_OUT_REQUEST, NOON_MOSCOW + 8 * DAY), all).get(0).status())
                .isEqualTo(Status.SENT);
        assertThat(
                        fire(event(Kind.PORT_OUT_REQUEST, NOON_MOSCOW + 8 * DAY + 2 * HOUR), all)
                                .get(0)
                                .status())
                .isEqualTo(Status.SENT);
        assertThat(fire(event(Kind.PORT_OUT_REQUEST, NOON_MOSCOW + 16 * DAY), all))
                .allSatisfy(t -> assertThat(t.reason()).isEqualTo(SuppressionReason.MONTHLY_CAP));
        // Thirty days after the first contacts, they no longer count.
        assertThat(fire(event(Kind.PORT_OUT_REQUEST, NOON_MOSCOW + 31 * DAY), all).get(0).status())
                .isEqualTo(Status.SENT);
    }

    @Test
    void aCampaignStaysSilentForItsCooldown() {
        CampaignDefinition weekly =
                campaign("weekly", 50, "{event: new_device}", "cooldown: P7D\n");
        assertThat(fire(event(Kind.DEVICE_CHANGE, NOON_MOSCOW), weekly).get(0).status())
                .isEqualTo(Status.SENT);
        assertThat(fire(event(Kind.DEVICE_CHANGE, NOON_MOSCOW + 6 * DAY), weekly).get(0).reason())
                .isEqualTo(SuppressionReason.COOLDOWN);
        assertThat(fire(event(Kind.DEVICE_CHANGE, NOON_MOSCOW + 7 * DAY), weekly).get(0).status())
                .isEqualTo(Status.SENT);
    }

    @Test
    void quietHoursHoldAnOfferUntilTheyEndInTheSubscribersOwnTime() {
        CampaignDefinition push = campaign("phone", "{event: new_device}");
        // 05:30 UTC: 08:30 in Moscow, 07:30 in Kaliningrad (both quiet), 15:30 in Vladivostok.
        long early =
                ZonedDateTime.of(2026, 11, 25, 5, 30, 0, 0, ZoneId.of("UTC"))
                        .toInstant()
                        .toEpochMilli();
        record Place(String name, int region, String sentAt) {}
        for (Place place :
                List.of(
                        new Place("moscow", 77, "2026-11-25T09:00:00+03:00"),
                        new Place("kaliningrad", 39, "2026-11-25T09:00:00+02:00"),
                        new Place("vladivostok", 25, "2026-11-25T15:30:00+10:00"))) {
            CampaignMemory at = new CampaignMemory();
            engine.onEvent(
                    at, located(place.name, early - HOUR, place.region), List.of(), () -> null);
            Result result =
                    engine.onEvent(at, device(place.name, early), List.of(push), () -> null);
            List<CampaignTrigger> sent = new ArrayList<>(result.triggers());
            for (long due : result.dueTimes()) {
                assertThat(due).isGreaterThan(early);
                sent.addAll(engine.release(at, ALICE, due, List.of(push)));
            }
            assertThat(sent)
                    .as(place.name)
                    .singleElement()
                    .satisfies(
                            t -> {
                                assertThat(t.status()).isEqualTo(Status.SENT);
                                assertThat(t.localTime()).isEqualTo(place.sentAt);
                                assertThat(t.triggeredAt()).isEqualTo(early);
                            });
        }
        // A Muscovite landing in Dubai at the same instant is in Dubai's morning: 09:30, open.
        memory.homeRegion = 77;
        List<CampaignTrigger> landing =
                fire(
                        event(Kind.ROAMING_ENTRY, early, null, null, 424, null),
                        campaign("welcome", "{event: roaming_entry}"));
        assertThat(landing.get(0).status()).isEqualTo(Status.SENT);
        assertThat(landing.get(0).localTime()).isEqualTo("2026-11-25T09:30:00+04:00");
    }

    @Test
    void aHeldOfferGoesAtTheEndOfQuietHoursWithoutATimerAndEMailDoesNotWait() {
        CampaignDefinition push = campaign("phone", "{event: new_device}");
        CampaignDefinition email =
                edited(push, "\"push\"", "\"email\"", "\"id\":\"phone\"", "\"id\":\"mail\"");
        long late = MOSCOW_2300;
        engine.onEvent(memory, located("home", late - HOUR, 77), List.of(), () -> null);
        Result night = engine.onEvent(memory, device("night", late), List.of(push), () -> null);
        assertThat(night.triggers()).isEmpty();
        assertThat(night.dueTimes()).hasSize(1);
        // An e-mail campaign firing an hour later goes at once, and outranks the push.
        assertThat(
                        engine.onEvent(
                                        memory,
                                        device("night-2", late + HOUR),
                                        List.of(push, email),
                                        () -> null)
                                .triggers())
                .extracting(CampaignTrigger::campaignId, CampaignTrigger::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("mail", Status.SENT),
                        org.assertj.core.groups.Tuple.tuple("phone", Status.SUPPRESSED));
        // The subscriber's next event after 09:00 releases the held push first, judged at 09:00;
        // the e-mail's contact counts against the weekly cap, which still allows it.
        long morning = late + 11 * HOUR;
        List<CampaignTrigger> next =
                engine.onEvent(
                                memory,
                                located("morning", morning, 77),
                                List.of(push, email),
                                () -> null)
                        .triggers();
        assertThat(next)
                .singleElement()
                .satisfies(
                        t -> {
                            assertThat(t.triggerEventId()).isEqualTo("night");
                            assertThat(t.status()).isEqualTo(Status.SENT);
                            assertThat(t.localTime()).isEqualTo("2026-11-27T09:00:00+03:00");
                        });
        // Released once only: a timer arriving late finds nothing.
        assertThat(engine.release(memory, ALICE, morning, List.of(push))).isEmpty();

        // A campaign deleted while its offer was held: the offer is withdrawn, and recorded so.
        Result held =
                engine.onEvent(
                        memory, device("late-again", late + 8 * DAY), List.of(push), () -> null);
        assertThat(held.dueTimes()).hasSize(1);
        assertThat(engine.release(memory, ALICE, held.dueTimes().get(0), List.of()))
                .singleElement()
                .satisfies(
                        t -> {
                            assertThat(t.triggerEventId()).isEqualTo("late-again");
                            assertThat(t.status()).isEqualTo(Status.SUPPRESSED);
                            assertThat(t.reason()).isEqualTo(SuppressionReason.WITHDRAWN);
                            assertThat(t.campaignVersion()).isEqualTo(1);
                            assertThat(t.offerCode()).isEqualTo("OFFER");
                            assertThat(t.channel()).isEqualTo(CampaignDefinition.OfferChannel.PUSH);
                            assertThat(t.judgedAt()).isEqualTo(held.dueTimes().get(0));
                            assertThat(t.triggerId())
                                    .isEqualTo(CampaignTrigger.idOf("phone", ALICE, "late-again"));
                        });
        assertThat(memory.deferred).isEmpty();
    }

    @Test
    void anEventJudgedAgainAfterARestoreUnderANewerVersionKeepsItsTriggerId() {
        CampaignDefinition v1 = campaign("welcome", "{event: roaming_entry}");
        CampaignDefinition v2 =
                CampaignDefinitions.parse(
                        "id: welcome\nversion: 2\ntrigger: {event: roaming_entry}\n"
                                + "offer: {code: OTHER, channel: push}\n"
                                + "valid: {from: 2026-01-01, to: 2027-12-31}\ncontrol_share: 0\n",
                        "welcome.yaml");
        CampaignEvent landing = event(Kind.ROAMING_ENTRY, NOON_MOSCOW, null, null, 286, null);

        CampaignTrigger before = fire(landing, v1).get(0);
        // Restored from a checkpoint taken before it: the memory as it was, v2 read first.
        CampaignTrigger again =
                engine.onEvent(new CampaignMemory(), landing, List.of(v2), () -> null)
                        .triggers()
                        .get(0);

        assertThat(again.status()).isEqualTo(Status.SENT);
        assertThat(again.triggerId()).as("the CRM drops the repeat").isEqualTo(before.triggerId());
    }

    @Test
    void aHeldOfferWhoseCampaignChangedIsWithdrawnAndTheNewVersionSendsNothingForIt() {
        CampaignDefinition push = campaign("phone", "{event: new_device}");
        CampaignDefinition pushV2 =
                edited(push, "\"version\":1", "\"version\":2", "\"OFFER\"", "\"OFFER_2\"");
        assertThat(pushV2.version()).isEqualTo(2);
        long late = MOSCOW_2300;
        engine.onEvent(memory, located("home", late - HOUR, 77), List.of(), () -> null);
        Result held = engine.onEvent(memory, device("night", late), List.of(push), () -> null);
        // The held trigger outlives a round trip through the state, offer and all.
        CampaignMemory stored = CampaignMemory.fromBytes(memory.toBytes());

        List<CampaignTrigger> released =
                engine.release(stored, ALICE, held.dueTimes().get(0), List.of(pushV2));

        assertThat(released)
                .singleElement()
                .satisfies(
                        t -> {
                            assertThat(t.reason()).isEqualTo(SuppressionReason.WITHDRAWN);
                            assertThat(t.campaignVersion()).isEqualTo(1);
                            assertThat(t.offerCode()).isEqualTo("OFFER");
                            assertThat(t.priority()).isEqualTo(50);
                        });
        assertThat(stored.deferred).isEmpty();
        assertThat(stored.contacts).isEmpty();
        assertThat(stored.lastFired).isEmpty();
    }

    @Test
    void aHeldOfferIsHeldAgainWhenItsSubscriberLandsWhereItIsStillNight() {
        CampaignDefinition push = campaign("phone", "{event: new_device}");
        long night =
                ZonedDateTime.of(2026, 11, 25, 2, 0, 0, 0, ZoneId.of("Europe/Moscow"))
                        .toInstant()
                        .toEpochMilli();
        engine.onEvent(memory, located("home", night - HOUR, 77), List.of(), () -> null);
        Result held = engine.onEvent(memory, device("night", night), List.of(push), () -> null);
        long moscowNine = held.dueTimes().get(0);
        // At 07:00 Moscow time they land in Cairo (05:00 there); Moscow's 09:00 is Cairo's 08:00.
        Result landing =
                engine.onEvent(
                        memory,
                        event(Kind.ROAMING_ENTRY, night + 5 * HOUR, null, null, 602, null),
                        List.of(push),
                        () -> null);
        assertThat(landing.dueTimes()).containsExactly(moscowNine);
        assertThat(engine.release(memory, ALICE, moscowNine, List.of(push))).isEmpty();
        assertThat(CampaignEngine.dueTimes(memory)).containsExactly(moscowNine + HOUR);
        assertThat(engine.release(memory, ALICE, moscowNine + HOUR, List.of(push)))
                .singleElement()
                .satisfies(
                        t -> {
                            assertThat(t.status()).isEqualTo(Status.SENT);
                            assertThat(t.localTime()).isEqualTo("2026-11-25T09:00:00+02:00");
                        });
        assertThat(memory.deferred).isEmpty();
    }

    /** 23:00 in Moscow: quiet hours for push. */
    private static final long MOSCOW_2300 =
            ZonedDateTime.of(2026, 11, 26, 23, 0, 0, 0, ZoneId.of("Europe/Moscow"))
                    .toInstant()
                    .toEpochMilli();

    /** {@code campaign} with its JSON form edited: pairs of text and its replacement. */
    private static CampaignDefinition edited(CampaignDefinition campaign, String... replacements) {
        String json = new String(CampaignDefinitions.toJson(campaign));
        for (int i = 0; i < replacements.length; i += 2) {
            json = json.replace(replacements[i], replacements[i + 1]);
        }
        return CampaignDefinitions.parse(json, campaign.id());
    }

    private static CampaignEvent located(String id, long time, int region) {
        return new CampaignEvent(
                ALICE, "loc-" + id, time, Kind.LOCATION_UPDATE, null, null, 250, region, null);
    }

    private static CampaignEvent device(String id, long time) {
        return new CampaignEvent(ALICE, id, time, Kind.DEVICE_CHANGE, null, null, null, null, null);
    }

    @Test
    void quietHoursMayWrapMidnightOrNot() {
        ContactPolicy overnight = ContactPolicy.standard();
        ZonedDateTime day = ZonedDateTime.of(2026, 11, 25, 0, 0, 0, 0, ZoneId.of("Europe/Moscow"));
        assertThat(
                        overnight.quiet(
                                CampaignDefinition.OfferChannel.SMS,
                                day.withHour(20).withMinute(59)))
                .isFalse();
        assertThat(overnight.quiet(CampaignDefinition.OfferChannel.SMS, day.withHour(21))).isTrue();
        assertThat(overnight.quiet(CampaignDefinition.OfferChannel.SMS, day.withHour(3))).isTrue();
        assertThat(overnight.quiet(CampaignDefinition.OfferChannel.SMS, day.withHour(9))).isFalse();
        ContactPolicy lunch =
                new ContactPolicy(
                        2, 4, LocalTime.of(13, 0), LocalTime.of(14, 0), false, ZoneId.of("UTC"));
        assertThat(
                        lunch.quiet(
                                CampaignDefinition.OfferChannel.CALL_CENTRE,
                                day.withHour(13).withMinute(30)))
                .isTrue();
        assertThat(lunch.quiet(CampaignDefinition.OfferChannel.CALL_CENTRE, day.withHour(14)))
                .isFalse();
    }

    @Test
    void optOutsChannelRefusalsAndConsentAreHonoured() {
        CampaignDefinition push = campaign("push", "{event: new_device}");
        engine.onPreferences(
                memory,
                new ContactPreferences(
                        ALICE, null, EnumSet.of(CampaignDefinition.OfferChannel.PUSH), 1L));
        assertThat(fire(event(Kind.DEVICE_CHANGE, NOON_MOSCOW), push).get(0).reason())
                .isEqualTo(SuppressionReason.CHANNEL_OPTED_OUT);
        engine.onPreferences(
                memory,
                new ContactPreferences(
                        ALICE, false, EnumSet.noneOf(CampaignDefinition.OfferChannel.class), 2L));
        assertThat(fire(event(Kind.DEVICE_CHANGE, NOON_MOSCOW), push).get(0).reason())
                .isEqualTo(SuppressionReason.OPTED_OUT);
        engine.onPreferences(memory, null);
        assertThat(fire(event(Kind.DEVICE_CHANGE, NOON_MOSCOW), push).get(0).status())
                .isEqualTo(Status.SENT);

        ContactPolicy strict =
                new ContactPolicy(
                        2,
                        4,
                        LocalTime.of(21, 0),
                        LocalTime.of(9, 0),
                        true,
                        ZoneId.of("Europe/Moscow"));
        CampaignMemory unknown = new CampaignMemory();
        assertThat(
                        new CampaignEngine(strict)
                                .onEvent(
                                        unknown,
                                        event(Kind.DEVICE_CHANGE, NOON_MOSCOW),
                                        List.of(push),
                                        () -> null)
                                .triggers()
                                .get(0)
                                .reason())
                .isEqualTo(SuppressionReason.NO_CONSENT);
    }

    @Test
    void eligibilityReadsScoresAndFeaturesAndFailsWithoutThem() {
        CampaignDefinition churners =
                campaign(
                        "churners",
                        50,
                        "{event: port_out_request}",
                        "eligibility:\n  - {score: port_out_14d, above: 0.7}\n"
                                + "  - {feature: top_ups_30d, above: 1}\n");
        RealtimeScores likely =
                new RealtimeScores(
                        ALICE,
                        LocalDate.of(2026, 11, 25),
                        3,
                        0L,
                        Map.of("port_out_14d", 0.8),
                        Map.of("top_ups_30d", 2.0));
        RealtimeScores unlikely =
                new RealtimeScores(
                        ALICE,
                        LocalDate.of(2026, 11, 25),
                        3,
                        0L,
                        Map.of("port_out_14d", 0.5),
                        Map.of("top_ups_30d", 2.0));
        assertThat(CampaignEngine.eligible(churners, likely)).isTrue();
        assertThat(CampaignEngine.eligible(churners, unlikely)).isFalse();
        assertThat(CampaignEngine.eligible(churners, null)).isFalse();
        assertThat(
                        CampaignEngine.eligible(
                                churners,
                                new RealtimeScores(
                                        ALICE,
                                        LocalDate.of(2026, 11, 25),
                                        3,
                                        0L,
                                        Map.of("port_out_14d", 0.8))))
                .as("a feature missing from the record")
                .isFalse();
        // Not eligible: nothing recorded at all; eligible: sent.
        assertThat(fire(event(Kind.PORT_OUT_REQUEST, NOON_MOSCOW), () -> unlikely, churners))
                .isEmpty();
        assertThat(fire(event(Kind.PORT_OUT_REQUEST, NOON_MOSCOW), () -> likely, churners))
                .hasSize(1);
    }

    @Test
    void theControlGroupIsStableSizedAndNeverContacted() {
        int held = 0;
        int heldByBoth = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            String subscriber = "k1.SUB" + i;
            boolean a = ControlGroup.holdsOut("roaming-welcome", subscriber, 0.1);
            assertThat(ControlGroup.holdsOut("roaming-welcome", subscriber, 0.1)).isEqualTo(a);
            held += a ? 1 : 0;
            heldByBoth += a && ControlGroup.holdsOut("port-out-save", subscriber, 0.1) ? 1 : 0;
        }
        assertThat(held / (double) n).isBetween(0.09, 0.11);
        // Independent campaigns: about 1% are in both controls, not 10%.
        assertThat(heldByBoth / (double) n).isBetween(0.005, 0.015);

        // A control firing is recorded, does not count for the caps, and does count for cooldown.
        CampaignDefinition everyone =
                campaign("everyone", 50, "{event: new_device}", "cooldown: P1D\n");
        CampaignDefinition heldOut =
                CampaignDefinitions.fromJson(
                        new String(CampaignDefinitions.toJson(everyone))
                                .replace("\"control_share\":0.0", "\"control_share\":0.5")
                                .getBytes(),
                        "topic");
        String controlSubscriber = null;
        for (int i = 0; controlSubscriber == null; i++) {
            if (ControlGroup.holdsOut("everyone", "k1.SUB" + i, 0.5)) {
                controlSubscriber = "k1.SUB" + i;
            }
        }
        CampaignMemory control = new CampaignMemory();
        Result result =
                engine.onEvent(
                        control,
                        new CampaignEvent(
                                controlSubscriber,
                                "x1",
                                NOON_MOSCOW,
                                Kind.DEVICE_CHANGE,
                                null,
                                null,
                                null,
                                null,
                                null),
                        List.of(heldOut),
                        () -> null);
        assertThat(result.triggers().get(0).status()).isEqualTo(Status.CONTROL);
        assertThat(control.contacts).isEmpty();
        assertThat(
                        engine.onEvent(
                                        control,
                                        new CampaignEvent(
                                                controlSubscriber,
                                                "x2",
                                                NOON_MOSCOW + HOUR,
                                                Kind.DEVICE_CHANGE,
                                                null,
                                                null,
                                                null,
                                                null,
                                                null),
                                        List.of(heldOut),
                                        () -> null)
                                .triggers()
                                .get(0)
                                .reason())
                .isEqualTo(SuppressionReason.COOLDOWN);
    }

    @Test
    void laterEventsConvertOpenOffersOfBothGroupsWithinTheWindow() {
        CampaignDefinition welcome =
                campaign(
                        "welcome",
                        50,
                        "{event: roaming_entry}",
                        "conversion: {event: package_purchase, product: roaming_package, within: P3D}\n");
        CampaignTrigger sent =
                fire(event(Kind.ROAMING_ENTRY, NOON_MOSCOW, null, null, 286, null), welcome).get(0);
        // Another product does not convert; the roaming package does, once.
        assertThat(
                        engine.onEvent(
                                        memory,
                                        event(
                                                Kind.PACKAGE_PURCHASE,
                                                NOON_MOSCOW + HOUR,
                                                null,
                                                100L,
                                                null,
                                                "DATA_PACKAGE"),
                                        List.of(welcome),
                                        () -> null)
                                .outcomes())
                .isEmpty();
        List<CampaignOutcome> outcomes =
                engine.onEvent(
                                memory,
                                event(
                                        Kind.PACKAGE_PURCHASE,
                                        NOON_MOSCOW + 2 * HOUR,
                                        null,
                                        29_900L,
                                        null,
                                        "ROAMING_PACKAGE"),
                                List.of(welcome),
                                () -> null)
                        .outcomes();
        assertThat(outcomes)
                .singleElement()
                .satisfies(
                        o -> {
                            assertThat(o.triggerId()).isEqualTo(sent.triggerId());
                            assertThat(o.group()).isEqualTo(Status.SENT);
                            assertThat(o.convertedAt()).isEqualTo(NOON_MOSCOW + 2 * HOUR);
                        });
        assertThat(
                        engine.onEvent(
                                        memory,
                                        event(
                                                Kind.PACKAGE_PURCHASE,
                                                NOON_MOSCOW + 3 * HOUR,
                                                null,
                                                29_900L,
                                                null,
                                                "ROAMING_PACKAGE"),
                                        List.of(welcome),
                                        () -> null)
                                .outcomes())
                .isEmpty();

        // Past the window, nothing is attributed.
        fire(event(Kind.ROAMING_EXIT, NOON_MOSCOW + 20 * DAY), welcome);
        fire(event(Kind.ROAMING_ENTRY, NOON_MOSCOW + 21 * DAY, null, null, 286, null), welcome);
        assertThat(memory.open).hasSize(1);
        assertThat(
                        engine.onEvent(
                                        memory,
                                        event(
                                                Kind.PACKAGE_PURCHASE,
                                                NOON_MOSCOW + 25 * DAY,
                                                null,
                                                29_900L,
                                                null,
                                                "ROAMING_PACKAGE"),
                                        List.of(welcome),
                                        () -> null)
                                .outcomes())
                .isEmpty();
        assertThat(memory.open).isEmpty();
    }

    @Test
    void localTimesAreWrittenAsIsoWithTheOffsetToTheSecond() {
        for (String zone : List.of("Europe/Moscow", "Asia/Kolkata", "UTC", "America/New_York")) {
            ZonedDateTime t = ZonedDateTime.of(2026, 3, 8, 7, 5, 9, 123_000_000, ZoneId.of(zone));
            assertThat(CampaignEngine.isoSeconds(t))
                    .isEqualTo(t.toOffsetDateTime().withNano(0).toString())
                    .startsWith("2026-03-08T07:05:09");
        }
    }

    @Test
    void aMemoryOfFormatOneIsStillReadAndItsHeldTriggersHaveNoOfferToRecord() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            out.writeByte(1);
            for (int i = 0; i < 4; i++) {
                out.writeBoolean(false); // balance, last billing, home region, roaming country
            }
            out.writeByte(2); // marketing never said
            out.writeByte(0); // no channel refused
            out.writeShort(0); // contacts
            out.writeShort(0); // last fired
            out.writeShort(0); // sequences
            out.writeShort(1); // held triggers, without their offer in format 1
            out.writeUTF("phone");
            out.writeInt(1);
            out.writeUTF("night");
            out.writeLong(5L);
            out.writeLong(6L);
            out.writeShort(0); // open offers
        }

        CampaignMemory old = CampaignMemory.fromBytes(bytes.toByteArray());

        assertThat(old.deferred)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.campaign).isEqualTo("phone");
                            assertThat(d.due).isEqualTo(6L);
                            assertThat(d.offerCode).isNull();
                        });
        // Its campaign deleted meanwhile: nothing to record it with, so it goes as before.
        assertThat(engine.release(old, ALICE, 6L, List.of())).isEmpty();
        assertThat(old.deferred).isEmpty();
    }

    @Test
    void aMemoryWithEveryFieldRoundTripsAndAForeignValueIsRefused() {
        CampaignMemory full = new CampaignMemory();
        full.balanceMinor = -500L;
        full.lastBillingAt = 7L;
        full.homeRegion = 25;
        full.roamingMcc = 286;
        full.marketing = false;
        full.optedOutChannels.add(CampaignDefinition.OfferChannel.SMS);
        full.optedOutChannels.add(CampaignDefinition.OfferChannel.CALL_CENTRE);
        full.contacts.add(new CampaignMemory.Contact("a", 1L));
        full.lastFired.put("a", 2L);
        CampaignMemory.Progress steps = new CampaignMemory.Progress(3);
        steps.seen.add(new CampaignMemory.Seen(1, 4L, 77));
        steps.seen.add(new CampaignMemory.Seen(0, 3L, -12));
        full.progress.put("b", steps);
        full.deferred.add(
                new CampaignMemory.Deferred(
                        "c", 2, "ev-9", 5L, 6L, "OFFER", CampaignDefinition.OfferChannel.SMS, 70));
        full.deferred.add(new CampaignMemory.Deferred("d", 1, "ev-10", 5L, 7L, null, null, 0));
        CampaignMemory.OpenOffer offer = new CampaignMemory.OpenOffer();
        offer.triggerId = "t";
        offer.campaign = "a";
        offer.version = 1;
        offer.group = Status.CONTROL;
        offer.triggeredAt = 8L;
        offer.until = 9L;
        offer.conversion = CampaignDefinition.ConversionEvent.BANK_PRODUCT_OPENED;
        offer.product = "INSURANCE";
        full.open.add(offer);
        CampaignMemory copy = CampaignMemory.fromBytes(full.toBytes());
        assertThat(copy).usingRecursiveComparison().isEqualTo(full);
        assertThat(full.toBytes()[0]).isEqualTo((byte) 3);
        // Without sequence steps the memory is written as format 2, which older builds read.
        full.progress.clear();
        assertThat(full.toBytes()[0]).isEqualTo((byte) 2);
        assertThat(CampaignMemory.fromBytes(full.toBytes()))
                .usingRecursiveComparison()
                .isEqualTo(full);
        // Without a held offer the memory is written as format 1, which older builds read.
        full.deferred.remove(0);
        assertThat(full.toBytes()[0]).isEqualTo((byte) 1);
        assertThat(CampaignMemory.fromBytes(full.toBytes()))
                .usingRecursiveComparison()
                .isEqualTo(full);
        full.deferred.clear();
        assertThat(full.toBytes()[0]).isEqualTo((byte) 1);
        assertThat(new CampaignMemory().isEmpty()).isTrue();
        assertThat(CampaignMemory.fromBytes(new CampaignMemory().toBytes()).isEmpty()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> CampaignMemory.fromBytes(new byte[] {9, 1, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("format 9");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> CampaignMemory.fromBytes(new byte[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFormerFormatsSequenceProgressIsReadAsItsStepsAtItsFirstStepsTime() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        out.writeByte(1); // format 1, as written before sequences were judged in event time
        for (int i = 0; i < 4; i++) {
            out.writeBoolean(false); // balance, last billing, home region, roaming country
        }
        out.writeByte(2); // marketing never said
        out.writeByte(0); // no channel opted out
        out.writeShort(0); // contacts
        out.writeShort(0); // last fired
        out.writeShort(1); // progress: "abroad-low", version 1, one step matched at NOON_MOSCOW
        out.writeUTF("abroad-low");
        out.writeInt(1);
        out.writeByte(1);
        out.writeLong(NOON_MOSCOW);
        out.writeShort(0); // deferred
        out.writeShort(0); // open
        CampaignMemory former = CampaignMemory.fromBytes(bytes.toByteArray());

        assertThat(former.progress.get("abroad-low").seen)
                .containsExactly(new CampaignMemory.Seen(0, NOON_MOSCOW, -1));
        // The landing it remembers is still completed by the balance crossing after it.
        former.balanceMinor = 50_000L;
        assertThat(
                        engine.onEvent(
                                        former,
                                        event(
                                                Kind.BALANCE,
                                                NOON_MOSCOW + HOUR,
                                                5_000L,
                                                null,
                                                null,
                                                null),
                                        List.of(abroadThenLowBalance()),
                                        () -> null)
                                .triggers())
                .hasSize(1);
    }

    @Test
    void theSameEventGivesTheSameTriggerIdAndMemoryRoundTrips() {
        CampaignDefinition seq =
                campaign(
                        "abroad-low",
                        "{sequence: [{event: roaming_entry}, {event: new_device}], within: P1D}");
        fire(event(Kind.ROAMING_ENTRY, NOON_MOSCOW, 100L, null, 286, null), seq);
        CampaignMemory copy = CampaignMemory.fromBytes(memory.toBytes());
        CampaignEvent device = event(Kind.DEVICE_CHANGE, NOON_MOSCOW + HOUR);
        CampaignTrigger original =
                engine.onEvent(memory, device, List.of(seq), () -> null).triggers().get(0);
        CampaignTrigger replayed =
                engine.onEvent(copy, device, List.of(seq), () -> null).triggers().get(0);
        assertThat(replayed).isEqualTo(original);
        assertThat(copy.toBytes()).isEqualTo(memory.toBytes());
        assertThat(new String(original.toJson()))
                .contains("\"triggerId\":\"" + original.triggerId() + "\"")
                .doesNotContain("+79");
    }
}
