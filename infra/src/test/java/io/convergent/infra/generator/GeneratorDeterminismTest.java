package io.convergent.infra.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.event.InputEvent;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GeneratorDeterminismTest {

    @Test
    void sameSeedAndArgumentsGiveAByteIdenticalStream() {
        GeneratorConfig config = ScenarioRun.smallConfig().malformedRate(0.02).build();

        List<CollectingEventSink.SentRecord> first = generate(config);
        List<CollectingEventSink.SentRecord> second = generate(config);

        assertThat(first).isNotEmpty();
        assertSameStream(first, second);
    }

    @Test
    void theStreamDoesNotDependOnTheNumberOfThreads() {
        GeneratorConfig.Builder builder = ScenarioRun.smallConfig().subscribers(3_000).days(2);

        assertSameStream(
                generate(builder.threads(1).build()), generate(builder.threads(4).build()));
    }

    @Test
    void anotherSeedGivesAnotherStream() {
        List<CollectingEventSink.SentRecord> first =
                generate(ScenarioRun.smallConfig().seed(1).build());
        List<CollectingEventSink.SentRecord> second =
                generate(ScenarioRun.smallConfig().seed(2).build());

        assertThat(first.get(0).valueText()).isNotEqualTo(second.get(0).valueText());
        Set<String> firstValues = new HashSet<>();
        first.forEach(r -> firstValues.add(r.valueText()));
        long shared = second.stream().filter(r -> firstValues.contains(r.valueText())).count();
        assertThat(shared).isZero();
    }

    @Test
    void eventIdsAreUniqueAndCarryTheSeed() {
        ScenarioRun run = ScenarioRun.standard();
        Set<String> ids = new HashSet<>();
        for (InputEvent event : run.events) {
            assertThat(ids.add(event.eventId())).as("id %s seen twice", event.eventId()).isTrue();
        }
        String seedTag = "g" + Long.toUnsignedString(run.config.seed(), 36) + ".";
        assertThat(ids).allMatch(id -> id.startsWith(seedTag));
    }

    private static List<CollectingEventSink.SentRecord> generate(GeneratorConfig config) {
        CollectingEventSink sink = new CollectingEventSink();
        HistoryGenerator.write(config, sink, GroundTruth.none());
        return sink.records();
    }

    private static void assertSameStream(
            List<CollectingEventSink.SentRecord> first,
            List<CollectingEventSink.SentRecord> second) {
        assertThat(second).hasSameSizeAs(first);
        for (int i = 0; i < first.size(); i++) {
            CollectingEventSink.SentRecord a = first.get(i);
            CollectingEventSink.SentRecord b = second.get(i);
            assertThat(b.topic()).as("topic of record %s", i).isEqualTo(a.topic());
            assertThat(b.key()).as("key of record %s", i).isEqualTo(a.key());
            assertThat(b.value()).as("value of record %s", i).isEqualTo(a.value());
        }
    }
}
