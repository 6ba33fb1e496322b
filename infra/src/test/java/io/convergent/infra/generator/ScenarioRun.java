package io.convergent.infra.generator;

import io.convergent.common.event.InputEvent;
import io.convergent.common.event.InputTopic;
import io.convergent.common.event.InputTopics;
import io.convergent.common.event.schema.EventParser;
import io.convergent.common.event.schema.ParseResult;
import io.convergent.common.identity.Identifiers;
import io.convergent.common.numbering.NumberingPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A generation run collected in memory, its ground truth in a temporary directory, and its records
 * parsed back with the ingest's parser. The standard run is shared by the scenario tests: boosted
 * scenario rates on a small population, long enough for churn to show.
 */
final class ScenarioRun {

    /** Noon on 2025-06-01: every run's "now". */
    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    static final Map<String, EventParser<?>> PARSERS = parsers();

    private static ScenarioRun standard;

    final GeneratorConfig config;
    final CollectingEventSink sink;
    final Path truthDirectory;
    final GenerationCounts counts;

    /** The accepted events, in the order they were written. */
    final List<InputEvent> events;

    private ScenarioRun(GeneratorConfig config) {
        this.config = config;
        this.sink = new CollectingEventSink();
        try {
            this.truthDirectory = Files.createTempDirectory("generator-truth");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        deleteOnExit(truthDirectory);
        try (GroundTruth truth = GroundTruth.writingTo(truthDirectory)) {
            this.counts = HistoryGenerator.write(config, sink, truth);
        }
        this.events = new ArrayList<>(sink.size());
        for (CollectingEventSink.SentRecord record : sink.records()) {
            ParseResult<?> result = parse(record);
            if (result.accepted()) {
                events.add((InputEvent) result.event());
            }
        }
    }

    static ScenarioRun of(GeneratorConfig config) {
        return new ScenarioRun(config);
    }

    static synchronized ScenarioRun standard() {
        if (standard == null) {
            standard = new ScenarioRun(standardConfig().build());
        }
        return standard;
    }

    static GeneratorConfig.Builder standardConfig() {
        return GeneratorConfig.builder()
                .subscribers(800)
                .days(35)
                .seed(11)
                .start(LocalDate.parse("2025-03-03"))
                .fixedClock(NOW)
                .threads(2)
                .rates(
                        ScenarioRates.DEFAULTS
                                .withSpammers(0.004)
                                .withBulkCallers(0.003)
                                .withSpoofedCallRate(0.01)
                                .withSocialEngineeringRate(0.004)
                                .withSimSwapRate(0.003)
                                .withGenuineSimSwapRate(0.003)
                                .withChurnRate(0.15));
    }

    /** A small, quick configuration for tests that only need some of everything. */
    static GeneratorConfig.Builder smallConfig() {
        return GeneratorConfig.builder()
                .subscribers(200)
                .days(3)
                .seed(5)
                .start(LocalDate.parse("2025-05-05"))
                .fixedClock(NOW)
                .threads(2);
    }

    static ParseResult<?> parse(CollectingEventSink.SentRecord record) {
        EventParser<?> parser = PARSERS.get(record.topic());
        if (parser == null) {
            throw new AssertionError(
                    "record written to a topic that is not an input topic: " + record.topic());
        }
        return parser.parse(record.value());
    }

    Population population() {
        return Population.create(config, NumberingPlan.standard());
    }

    <T extends InputEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    Map<String, InputEvent> eventsById() {
        Map<String, InputEvent> byId = new HashMap<>();
        for (InputEvent event : events) {
            byId.put(event.eventId(), event);
        }
        return byId;
    }

    /** The rows of a truth CSV file, as maps from column to cell. */
    List<Map<String, String>> truth(String file) {
        try {
            List<String> lines =
                    Files.readAllLines(truthDirectory.resolve(file), StandardCharsets.UTF_8);
            String[] header = lines.get(0).split(",", -1);
            List<Map<String, String>> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",", -1);
                Map<String, String> row = new LinkedHashMap<>();
                for (int c = 0; c < header.length; c++) {
                    row.put(header[c], cells[c]);
                }
                rows.add(row);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, EventParser<?>> parsers() {
        Map<String, EventParser<?>> parsers = new HashMap<>();
        for (InputTopic<?> topic : InputTopics.all()) {
            parsers.put(topic.name(), topic.parser(Identifiers.russian()));
        }
        return Map.copyOf(parsers);
    }

    private static void deleteOnExit(Path directory) {
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    try (Stream<Path> files = Files.walk(directory)) {
                                        files.sorted(Comparator.reverseOrder())
                                                .forEach(p -> p.toFile().delete());
                                    } catch (IOException e) {
                                        // A temporary directory left behind is harmless.
                                    }
                                }));
    }
}
