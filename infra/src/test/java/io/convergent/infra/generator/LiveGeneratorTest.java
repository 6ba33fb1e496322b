package io.convergent.infra.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.convergent.common.event.InputEvent;
import io.convergent.common.event.schema.ParseResult;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveGeneratorTest {

    @Test
    void streamsAtAboutTheRateWithEventsEndingNow(@TempDir Path truthDirectory) throws Exception {
        GeneratorConfig config =
                GeneratorConfig.builder()
                        .subscribers(500)
                        .seed(9)
                        .live(true)
                        .days(0)
                        .rate(2_000)
                        .malformedRate(0.01)
                        .threads(2)
                        .build();
        CollectingEventSink sink = new CollectingEventSink();
        long before = System.currentTimeMillis();

        LiveGenerator generator =
                LiveGenerator.start(config, sink, GroundTruth.writingTo(truthDirectory));
        Thread.sleep(2_000);
        generator.close();
        long after = System.currentTimeMillis();

        assertThat(sink.closed()).isTrue();
        assertThat(generator.running()).isFalse();
        assertThat(generator.failure()).isEmpty();
        double seconds = (after - before) / 1000.0;
        assertThat((double) sink.size()).isBetween(2_000 * seconds * 0.5, 2_000 * seconds * 1.2);
        assertThat(generator.emitted()).isEqualTo(sink.size());

        Set<String> ids = new HashSet<>();
        int malformed = 0;
        for (CollectingEventSink.SentRecord record : sink.records()) {
            ParseResult<?> result = ScenarioRun.parse(record);
            if (!result.accepted()) {
                malformed++;
                continue;
            }
            InputEvent event = (InputEvent) result.event();
            long latest = Retime.latestTime(event);
            assertThat(latest).isBetween(before - 5, after + 5);
            assertThat(event.eventId()).contains("L");
            assertThat(ids.add(event.eventId())).isTrue();
        }
        assertThat(malformed).isLessThan(sink.size() / 20);
        assertThat(truthDirectory.resolve("summary.json")).exists();
    }

    @Test
    void aRestartedGeneratorNeverRepeatsAnEventId() throws Exception {
        GeneratorConfig config =
                GeneratorConfig.builder()
                        .subscribers(100)
                        .seed(9)
                        .live(true)
                        .days(0)
                        .rate(500)
                        .build();
        Set<String> first = ids(config);
        Thread.sleep(5); // a different start time
        Set<String> second = ids(config);

        assertThat(first).isNotEmpty();
        assertThat(second).isNotEmpty().doesNotContainAnyElementsOf(first);
    }

    @Test
    void refusesAConfigurationThatIsNotLive() {
        GeneratorConfig config = ScenarioRun.smallConfig().build();

        assertThatThrownBy(() -> LiveGenerator.start(config, new CollectingEventSink()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("config must be a live one, got live=false");
    }

    private static Set<String> ids(GeneratorConfig config) throws InterruptedException {
        CollectingEventSink sink = new CollectingEventSink();
        try (LiveGenerator generator = LiveGenerator.start(config, sink)) {
            // Until a few events have come, not for a fixed time: on a busy machine the
            // generator's first events can take longer than any fixed pause.
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (sink.size() < 20 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
        Set<String> ids = new HashSet<>();
        for (CollectingEventSink.SentRecord record : sink.records()) {
            ids.add(((InputEvent) ScenarioRun.parse(record).event()).eventId());
        }
        return ids;
    }
}
