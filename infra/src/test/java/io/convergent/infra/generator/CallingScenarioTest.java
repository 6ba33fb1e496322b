package io.convergent.infra.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.event.CallEvent;
import io.convergent.common.event.ComplaintCategory;
import io.convergent.common.event.ComplaintEvent;
import io.convergent.common.event.Ingress;
import io.convergent.common.event.InputEvent;
import io.convergent.common.numbering.NumberCategory;
import io.convergent.common.numbering.NumberingPlan;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Spam, spoofing and their legitimate look-alikes, as the immunity layers will see them. */
class CallingScenarioTest {

    private final ScenarioRun run = ScenarioRun.standard();
    private final NumberingPlan plan = NumberingPlan.standard();

    @Test
    void spammersDialManyDistinctNumbersWithALowAnswerRateAndDrawComplaints() {
        List<Map<String, String>> spammers = run.truth("spammers.csv");
        assertThat(spammers).isNotEmpty();
        List<CallEvent> calls = run.events(CallEvent.class);
        for (Map<String, String> spammer : spammers) {
            String number = spammer.get("number");
            assertThat(plan.categoryOf(number)).isEqualTo(NumberCategory.DOMESTIC_MOBILE);
            List<CallEvent> dialled =
                    calls.stream().filter(c -> c.callingNumber().equals(number)).toList();
            Map<Long, Set<String>> calleesPerDay = new HashMap<>();
            for (CallEvent call : dialled) {
                assertThat(call.ingress()).isEqualTo(Ingress.INTERCONNECT);
                assertThat(plan.categoryOf(call.calledNumber())).isEqualTo(NumberCategory.OURS);
                calleesPerDay
                        .computeIfAbsent(call.startTime() / Times.DAY, d -> new HashSet<>())
                        .add(call.calledNumber());
            }
            int busiestDay = calleesPerDay.values().stream().mapToInt(Set::size).max().orElse(0);
            assertThat(busiestDay)
                    .as("distinct callees on the busiest day")
                    .isGreaterThanOrEqualTo(80);
            assertThat(answerRate(dialled)).isLessThan(0.2);
            long answeredTalk =
                    dialled.stream()
                            .filter(CallEvent::answered)
                            .mapToLong(CallEvent::talkMillis)
                            .sum();
            long answered = dialled.stream().filter(CallEvent::answered).count();
            assertThat(answeredTalk / Math.max(1, answered)).isLessThan(30 * Times.SECOND);
            assertThat(Long.parseLong(spammer.get("first_seen").substring(0, 4))).isEqualTo(2025);
        }
        Set<String> spammerNumbers =
                spammers.stream().map(r -> r.get("number")).collect(Collectors.toSet());
        long spamComplaints =
                run.events(ComplaintEvent.class).stream()
                        .filter(c -> c.category() == ComplaintCategory.SPAM_CALL)
                        .filter(c -> spammerNumbers.contains(c.reportedNumber()))
                        .count();
        assertThat(spamComplaints).isGreaterThan(spammers.size());
    }

    @Test
    void ordinarySubscribersAndBulkCallersAnswerAtNormalRates() {
        List<CallEvent> calls = run.events(CallEvent.class);
        List<CallEvent> onNet = calls.stream().filter(c -> c.ingress() == Ingress.ON_NET).toList();
        assertThat(answerRate(onNet)).isBetween(0.65, 0.9);

        List<Map<String, String>> bulkCallers = run.truth("bulk_callers.csv");
        assertThat(bulkCallers).isNotEmpty();
        for (Map<String, String> bulk : bulkCallers) {
            String number = bulk.get("number");
            List<CallEvent> dialled =
                    calls.stream().filter(c -> c.callingNumber().equals(number)).toList();
            Set<String> callees =
                    dialled.stream().map(CallEvent::calledNumber).collect(Collectors.toSet());
            // As busy as a spammer by callee count, unlike one by answers.
            assertThat(callees).hasSizeGreaterThan(200);
            assertThat(answerRate(dialled)).isGreaterThan(0.55);
        }
    }

    @Test
    void spoofedCallsAreOfTheirLabelledKind() {
        Map<String, InputEvent> byId = run.eventsById();
        Population population = run.population();
        Map<String, Subscriber> ours = subscribersByNumber(population);
        List<Map<String, String>> spoofed = run.truth("spoofed_calls.csv");
        Set<String> kinds = new HashSet<>();
        for (Map<String, String> row : spoofed) {
            CallEvent call = (CallEvent) byId.get(row.get("event_id"));
            NumberCategory category = plan.categoryOf(call.callingNumber());
            SpoofKind kind = SpoofKind.valueOf(row.get("spoof_kind"));
            kinds.add(kind.name());
            assertThat(plan.categoryOf(call.calledNumber())).isEqualTo(NumberCategory.OURS);
            switch (kind) {
                case OUR_NUMBER -> {
                    assertThat(category).isEqualTo(NumberCategory.OURS);
                    assertThat(call.ingress()).isNotEqualTo(Ingress.ON_NET);
                    assertThat(call.callingImsi()).isNull();
                    Subscriber owner = ours.get(call.callingNumber());
                    assertThat(population.trips().roamingAt(owner, call.startTime()))
                            .as("owner of a spoofed number is at home")
                            .isNull();
                }
                case DOMESTIC_VIA_INTERNATIONAL -> {
                    assertThat(category)
                            .isIn(NumberCategory.DOMESTIC_MOBILE, NumberCategory.DOMESTIC_FIXED);
                    assertThat(call.ingress()).isEqualTo(Ingress.INTERNATIONAL);
                }
                case UNALLOCATED -> assertThat(category).isEqualTo(NumberCategory.UNALLOCATED);
            }
        }
        assertThat(kinds)
                .containsExactlyInAnyOrder(
                        "OUR_NUMBER", "DOMESTIC_VIA_INTERNATIONAL", "UNALLOCATED");
    }

    @Test
    void everyCallFromOurNumberFromOutsideIsSpoofedOrItsOwnerIsAbroad() {
        Population population = run.population();
        Map<String, Subscriber> ours = subscribersByNumber(population);
        Set<String> spoofed =
                run.truth("spoofed_calls.csv").stream()
                        .map(r -> r.get("event_id"))
                        .collect(Collectors.toSet());
        int legitimateFromAbroad = 0;
        for (CallEvent call : run.events(CallEvent.class)) {
            if (call.ingress() == Ingress.ON_NET || !ours.containsKey(call.callingNumber())) {
                continue;
            }
            if (!spoofed.contains(call.eventId())) {
                assertThat(call.ingress()).isEqualTo(Ingress.INTERNATIONAL);
                assertThat(
                                population
                                        .trips()
                                        .roamingAt(
                                                ours.get(call.callingNumber()), call.startTime()))
                        .as("unlabelled call from our number via %s", call.ingress())
                        .isNotNull();
                legitimateFromAbroad++;
            }
        }
        assertThat(legitimateFromAbroad).isGreaterThan(100);
    }

    @Test
    void noOrdinaryCallComesFromAnUnallocatedNumber() {
        Set<String> spoofed =
                run.truth("spoofed_calls.csv").stream()
                        .map(r -> r.get("event_id"))
                        .collect(Collectors.toSet());
        for (CallEvent call : run.events(CallEvent.class)) {
            if (plan.categoryOf(call.callingNumber()) == NumberCategory.UNALLOCATED) {
                assertThat(spoofed).contains(call.eventId());
            }
        }
    }

    private static double answerRate(List<CallEvent> calls) {
        return calls.stream().filter(CallEvent::answered).count()
                / (double) Math.max(1, calls.size());
    }

    static Map<String, Subscriber> subscribersByNumber(Population population) {
        Map<String, Subscriber> byNumber = new HashMap<>();
        for (int i = 0; i < population.size(); i++) {
            byNumber.put(population.subscriber(i).msisdn, population.subscriber(i));
        }
        return byNumber;
    }
}
