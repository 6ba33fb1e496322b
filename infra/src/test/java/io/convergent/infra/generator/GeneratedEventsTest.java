package io.convergent.infra.generator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.convergent.common.event.CallEvent;
import io.convergent.common.event.InputEvent;
import io.convergent.common.event.InputTopics;
import io.convergent.common.event.NetworkEvent;
import io.convergent.common.event.NetworkEventType;
import io.convergent.common.event.schema.ParseResult;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class GeneratedEventsTest {

    @Test
    void everyGeneratedEventIsAcceptedByTheIngestParser() {
        ScenarioRun run = ScenarioRun.standard();
        Map<String, Long> perTopic = new TreeMap<>();
        for (CollectingEventSink.SentRecord record : run.sink.records()) {
            ParseResult<?> result = ScenarioRun.parse(record);
            assertThat(result.accepted())
                    .as(
                            "%s record refused: %s",
                            record.topic(), result.accepted() ? "" : result.rejection())
                    .isTrue();
            perTopic.merge(record.topic(), 1L, Long::sum);
        }
        // Every input topic carries something.
        InputTopics.all().forEach(t -> assertThat(perTopic).containsKey(t.name()));
    }

    @Test
    void keysAreTheSchemasKeyFields() throws Exception {
        ScenarioRun run = ScenarioRun.standard();
        ObjectMapper json = new ObjectMapper();
        for (CollectingEventSink.SentRecord record : run.sink.records().subList(0, 20_000)) {
            String keyField = InputTopics.byName(record.topic()).orElseThrow().schema().keyField();
            assertThat(record.keyText())
                    .isEqualTo(json.readTree(record.value()).get(keyField).asText());
        }
    }

    /**
     * Events come in the order a network writes them, day by day: at their event time, except the
     * record of a call whose answer the switch signalled, which comes at the call's end, after the
     * signal and whatever the subscriber did during the call.
     */
    @Test
    void eventsComeInTheOrderTheirRecordsAreWrittenDayByDay() {
        ScenarioRun run = ScenarioRun.standard();
        Set<String> signalled = new HashSet<>();
        long previous = Long.MIN_VALUE;
        int records = 0;
        for (InputEvent event : run.events) {
            long writtenAt = event.eventTime();
            if (event instanceof NetworkEvent signal
                    && signal.type() == NetworkEventType.CALL_ANSWERED) {
                signalled.add(signal.msisdn() + "@" + signal.eventTime());
            } else if (event instanceof CallEvent call
                    && call.answered()
                    && (signalled.remove(call.calledNumber() + "@" + call.answerTime())
                            || signalled.remove(call.callingNumber() + "@" + call.answerTime()))) {
                writtenAt = call.endTime();
                records++;
            }
            assertThat(writtenAt).isGreaterThanOrEqualTo(previous);
            previous = writtenAt;
        }
        // Every signal was followed by its call's record.
        assertThat(records).isPositive();
        assertThat(signalled).isEmpty();
        long first = run.config.start().toEpochDay() * Times.DAY;
        assertThat(run.events.get(0).eventTime()).isGreaterThanOrEqualTo(first);
        assertThat(previous).isLessThan(first + run.config.days() * Times.DAY);
    }

    @Test
    void noEventIsLaterThanNowWhenTheHistoryReachesToday() {
        Instant now = Instant.parse("2025-06-01T09:30:00Z");
        GeneratorConfig config =
                ScenarioRun.smallConfig()
                        .start(LocalDate.parse("2025-05-31"))
                        .days(2)
                        .fixedClock(now)
                        .build();
        CollectingEventSink sink = new CollectingEventSink();

        GenerationCounts counts = HistoryGenerator.write(config, sink, GroundTruth.none());

        assertThat(counts.lastEventTime()).isLessThanOrEqualTo(now.toEpochMilli());
        assertThat(counts.lastEventTime()).isGreaterThan(now.toEpochMilli() - 2 * Times.HOUR);
        for (CollectingEventSink.SentRecord record : sink.records()) {
            InputEvent event = (InputEvent) ScenarioRun.parse(record).event();
            assertThat(Retime.latestTime(event)).isLessThanOrEqualTo(now.toEpochMilli());
        }
    }

    @Test
    void theDefaultStartEndsTheHistoryYesterday() {
        GeneratorConfig config =
                GeneratorConfig.builder()
                        .subscribers(50)
                        .days(3)
                        .fixedClock(ScenarioRun.NOW)
                        .build();

        assertThat(config.start()).isEqualTo(LocalDate.parse("2025-05-29"));
        assertThat(config.startDay() + config.days())
                .isEqualTo(LocalDate.parse("2025-06-01").toEpochDay());
    }

    @Test
    void activityFollowsTheLocalDay() {
        ScenarioRun run = ScenarioRun.standard();
        Population population = run.population();
        Map<String, Subscriber> byNumber = new java.util.HashMap<>();
        for (int i = 0; i < population.size(); i++) {
            byNumber.put(population.subscriber(i).msisdn, population.subscriber(i));
        }
        long[] byLocalHour = new long[24];
        for (CallEvent call : run.events(CallEvent.class)) {
            Subscriber caller = byNumber.get(call.callingNumber());
            if (caller != null && call.ingress() == io.convergent.common.event.Ingress.ON_NET) {
                byLocalHour[Times.localHour(call.startTime(), caller.region.utcOffsetHours)]++;
            }
        }
        long night = byLocalHour[2] + byLocalHour[3] + byLocalHour[4];
        long evening = byLocalHour[18] + byLocalHour[19] + byLocalHour[20];
        assertThat(evening).isGreaterThan(10 * night);
    }
}
