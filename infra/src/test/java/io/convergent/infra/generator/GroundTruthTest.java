package io.convergent.infra.generator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.convergent.common.event.InputTopic;
import io.convergent.common.event.InputTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroundTruthTest {

    private final ScenarioRun run = ScenarioRun.standard();

    @Test
    void everyTruthFileHasItsHeader() throws Exception {
        Map<String, String> headers =
                Map.of(
                        "spammers.csv", "number,first_seen",
                        "bulk_callers.csv", "number,first_seen",
                        "spoofed_calls.csv", "event_id,spoof_kind,time",
                        "social_engineering_calls.csv", "event_id,calling_number,spoof_kind,time",
                        "fraud_transfers.csv", "event_id,scenario,lead_event_id,time",
                        "sim_swaps.csv", "event_id,fraudulent,time",
                        "churners.csv", "msisdn,port_out_time",
                        "malformed.csv", "topic,expected_reason,count");
        for (Map.Entry<String, String> file : headers.entrySet()) {
            List<String> lines = Files.readAllLines(run.truthDirectory.resolve(file.getKey()));
            assertThat(lines.get(0)).as(file.getKey()).isEqualTo(file.getValue());
        }
        assertThat(run.truthDirectory.resolve("summary.json")).exists();
    }

    @Test
    void truthRowsMatchTheCountsAndNameOnlyWrittenEvents() {
        GenerationCounts counts = run.counts;
        assertThat(run.truth("spammers.csv")).hasSize((int) counts.label("spammers"));
        assertThat(run.truth("spoofed_calls.csv")).hasSize((int) counts.label("spoofed_calls"));
        assertThat(run.truth("fraud_transfers.csv")).hasSize((int) counts.label("fraud_transfers"));
        assertThat(run.truth("sim_swaps.csv"))
                .hasSize(
                        (int)
                                (counts.label("sim_swaps_fraudulent")
                                        + counts.label("sim_swaps_genuine")));
        assertThat(run.truth("churners.csv")).hasSize((int) counts.label("port_outs"));
        assertThat(run.truth("subscribers.csv")).hasSize(run.config.subscribers());
        var ids = run.eventsById().keySet();
        for (String file : List.of("spoofed_calls.csv", "fraud_transfers.csv", "sim_swaps.csv")) {
            assertThat(run.truth(file)).allMatch(row -> ids.contains(row.get("event_id")), file);
        }
        assertThat(run.truth("fraud_transfers.csv"))
                .allMatch(row -> ids.contains(row.get("lead_event_id")));
    }

    @Test
    void summaryCountsEveryTopicAsWritten() throws Exception {
        JsonNode summary =
                new ObjectMapper().readTree(run.truthDirectory.resolve("summary.json").toFile());

        assertThat(summary.get("format_version").asInt()).isEqualTo(GroundTruth.FORMAT_VERSION);
        assertThat(summary.get("run").get("seed").asLong()).isEqualTo(run.config.seed());
        long total = 0;
        for (InputTopic<?> topic : InputTopics.all()) {
            long written = run.sink.records(topic.name()).size();
            JsonNode counts = summary.get("topics").get(topic.name());
            assertThat(counts.get("events").asLong() + counts.get("malformed").asLong())
                    .as(topic.name())
                    .isEqualTo(written);
            total += written;
        }
        assertThat(summary.get("events").asLong()).isEqualTo(total);
        assertThat(summary.get("labels").get("fraud_transfers").asLong())
                .isEqualTo(run.truth("fraud_transfers.csv").size());
    }

    @Test
    void withoutADirectoryNothingIsWrittenButEverythingIsCounted(@TempDir Path directory) {
        CollectingEventSink sink = new CollectingEventSink();
        GroundTruth truth = GroundTruth.none();

        GenerationCounts counts =
                HistoryGenerator.write(ScenarioRun.smallConfig().build(), sink, truth);
        truth.close();

        assertThat(truth.writesFiles()).isFalse();
        assertThat(counts.records()).isEqualTo(sink.size());
        assertThat(directory).isEmptyDirectory();
    }
}
