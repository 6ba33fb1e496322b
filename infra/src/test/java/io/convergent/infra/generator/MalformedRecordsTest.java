package io.convergent.infra.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.convergent.common.event.InputEvent;
import io.convergent.common.event.InputTopic;
import io.convergent.common.event.InputTopics;
import io.convergent.common.event.schema.ParseResult;
import io.convergent.common.event.schema.RejectionReason;
import io.convergent.common.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MalformedRecordsTest {

    /** Valid events of every topic, of every type the generator makes, from a small run. */
    private static final Map<String, List<InputEvent>> SAMPLES = samples();

    @Test
    void everyRejectionReasonIsCoveredBySomeTopic() {
        Set<RejectionReason> covered = EnumSet.noneOf(RejectionReason.class);
        for (InputTopic<?> topic : InputTopics.all()) {
            covered.addAll(MalformedRecords.applicable(topic.name()));
        }
        assertThat(covered).containsExactlyInAnyOrder(RejectionReason.values());
    }

    @ParameterizedTest
    @EnumSource(RejectionReason.class)
    void everyMalformedRecordIsRejectedForItsLabelledReason(RejectionReason reason) {
        int checked = 0;
        for (InputTopic<?> topic : InputTopics.all()) {
            if (!MalformedRecords.applicable(topic.name()).contains(reason)) {
                continue;
            }
            List<InputEvent> events = SAMPLES.get(topic.name());
            assertThat(events).as("sample events of %s", topic.name()).isNotEmpty();
            for (int k = 0; k < events.size(); k++) {
                // Several draws per event: the variants of a reason differ by the random stream.
                for (int variant = 0; variant < 4; variant++) {
                    MalformedRecords.Malformed bad =
                            MalformedRecords.of(
                                    events.get(k), reason, new SplittableRandom(k * 31L + variant));
                    assertThat(bad.topic()).isEqualTo(topic.name());
                    assertThat(bad.reason()).isEqualTo(reason);
                    ParseResult<?> result =
                            topic.parser(io.convergent.common.identity.Identifiers.russian())
                                    .parse(bad.value());
                    assertThat(result.accepted())
                            .as(
                                    "%s record made for %s was accepted: %s",
                                    topic.name(), reason, text(bad.value()))
                            .isFalse();
                    assertThat(result.rejection().reason())
                            .as(
                                    "%s record made for %s: %s",
                                    topic.name(), reason, text(bad.value()))
                            .isEqualTo(reason);
                    checked++;
                }
            }
        }
        assertThat(checked).isPositive();
    }

    @Test
    void aReasonThatDoesNotFitTheTopicIsRefused() {
        InputEvent sms = SAMPLES.get(Topics.TELCO_SMS).get(0);

        assertThatThrownBy(
                        () ->
                                MalformedRecords.of(
                                        sms, RejectionReason.UNKNOWN_TYPE, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no malformed telco.sms record is made for UNKNOWN_TYPE");
    }

    @Test
    void malformedRecordsHoldNoLineBreakSoJsonLinesStayOneRecordALine() {
        for (List<InputEvent> events : SAMPLES.values()) {
            for (InputEvent event : events) {
                for (int seed = 0; seed < 40; seed++) {
                    byte[] value = MalformedRecords.any(event, new SplittableRandom(seed)).value();
                    for (byte b : value) {
                        assertThat(b).isNotEqualTo((byte) '\n');
                    }
                }
            }
        }
    }

    @Test
    void theGeneratedMixIsRejectedWithTheLabelledReasonsAndCounted() {
        GeneratorConfig config =
                ScenarioRun.smallConfig().subscribers(400).malformedRate(0.05).build();
        ScenarioRun run = ScenarioRun.of(config);

        Map<String, Map<RejectionReason, Long>> rejected = new TreeMap<>();
        Map<String, Long> accepted = new HashMap<>();
        for (CollectingEventSink.SentRecord record : run.sink.records()) {
            ParseResult<?> result = ScenarioRun.parse(record);
            if (result.accepted()) {
                accepted.merge(record.topic(), 1L, Long::sum);
            } else {
                rejected.computeIfAbsent(record.topic(), t -> new TreeMap<>())
                        .merge(result.rejection().reason(), 1L, Long::sum);
            }
        }

        assertThat(rejected).isEqualTo(run.counts.malformedByReason());
        long total = run.sink.size();
        assertThat(run.counts.malformed())
                .isBetween((long) (total * 0.035), (long) (total * 0.065));
        Set<RejectionReason> seen = EnumSet.noneOf(RejectionReason.class);
        rejected.values().forEach(m -> seen.addAll(m.keySet()));
        assertThat(seen).containsExactlyInAnyOrder(RejectionReason.values());
        for (InputTopic<?> topic : InputTopics.all()) {
            assertThat(accepted.getOrDefault(topic.name(), 0L))
                    .isEqualTo(run.counts.events(topic.name()));
        }
        List<Map<String, String>> csv = run.truth("malformed.csv");
        long fromCsv = csv.stream().mapToLong(r -> Long.parseLong(r.get("count"))).sum();
        assertThat(fromCsv).isEqualTo(run.counts.malformed());
        for (Map<String, String> row : csv) {
            assertThat(
                            rejected.get(row.get("topic"))
                                    .get(RejectionReason.valueOf(row.get("expected_reason"))))
                    .isEqualTo(Long.parseLong(row.get("count")));
        }
    }

    private static String text(byte[] value) {
        String text = new String(value, StandardCharsets.UTF_8);
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    private static Map<String, List<InputEvent>> samples() {
        ScenarioRun run = ScenarioRun.standard();
        Map<String, Map<String, InputEvent>> byTopicAndShape = new HashMap<>();
        for (InputEvent event : run.events) {
            // One event per topic and type (and answered or not): every shape of record.
            String shape = event.getClass().getSimpleName() + shape(event);
            byTopicAndShape
                    .computeIfAbsent(EventCodec.topic(event).name(), t -> new HashMap<>())
                    .putIfAbsent(shape, event);
        }
        Map<String, List<InputEvent>> samples = new HashMap<>();
        byTopicAndShape.forEach(
                (topic, shapes) -> samples.put(topic, List.copyOf(shapes.values())));
        return samples;
    }

    private static String shape(InputEvent event) {
        if (event instanceof io.convergent.common.event.CallEvent call) {
            return call.answered() + call.ingress().name();
        }
        if (event instanceof io.convergent.common.event.NetworkEvent network) {
            return network.type().name();
        }
        if (event instanceof io.convergent.common.event.BillingEvent billing) {
            return billing.type().name();
        }
        if (event instanceof io.convergent.common.event.BankTransactionEvent transaction) {
            return transaction.type().name();
        }
        if (event instanceof io.convergent.common.event.BankSessionEvent session) {
            return session.type().name();
        }
        if (event instanceof io.convergent.common.event.ComplaintEvent complaint) {
            return complaint.category().name();
        }
        return "";
    }
}
