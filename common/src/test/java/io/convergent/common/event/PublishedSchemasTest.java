package io.convergent.common.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.convergent.common.testing.SampleEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PublishedSchemasTest {

    private static final Path PUBLISHED = Path.of("..", "docs", "schemas");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void publishedSchemasAreTheOnesTheParserEnforces() throws IOException {
        for (Map.Entry<String, String> file : SchemaPublisher.render().entrySet()) {
            Path published = PUBLISHED.resolve(file.getKey());
            assertThat(published)
                    .as("%s is missing or stale: regenerate with bin/convergent schemas", published)
                    .exists();
            assertThat(Files.readString(published, StandardCharsets.UTF_8))
                    .as("%s is stale: regenerate with bin/convergent schemas", published)
                    .isEqualTo(file.getValue());
        }
    }

    @Test
    void everySampleEventIsValidUnderItsPublishedSchema() throws IOException {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        for (InputEvent event : SampleEvents.oneOfEach()) {
            InputTopic<?> topic = InputTopics.byName(topicOf(event)).orElseThrow();
            JsonSchema schema =
                    factory.getSchema(SchemaPublisher.render().get(topic.name() + ".schema.json"));
            JsonNode json = JSON.readTree(EventParserTest.writeRaw(event));
            Set<ValidationMessage> errors = schema.validate(json);
            assertThat(errors).as("%s", event).isEmpty();
        }
    }

    @Test
    void theSchemaRefusesWhatTheParserRefuses() throws IOException {
        JsonSchema schema =
                JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                        .getSchema(SchemaPublisher.render().get("telco.network.schema.json"));
        JsonNode swapWithoutOldSim =
                JSON.readTree(
                        "{\"eventId\":\"n1\",\"eventTime\":"
                                + SampleEvents.T0
                                + ",\"type\":\"SIM_SWAP\",\"msisdn\":\"+79580012345\","
                                + "\"imsi\":\"250620000012345\"}");
        assertThat(schema.validate(swapWithoutOldSim)).isNotEmpty();
        JsonNode unknownField =
                JSON.readTree(
                        "{\"eventId\":\"n1\",\"eventTime\":"
                                + SampleEvents.T0
                                + ",\"type\":\"ROAMING_EXIT\",\"msisdn\":\"+79580012345\","
                                + "\"colour\":\"red\"}");
        assertThat(schema.validate(unknownField)).isNotEmpty();
    }

    private static String topicOf(InputEvent event) {
        return InputTopics.all().stream()
                .filter(t -> t.type() == event.getClass())
                .findFirst()
                .orElseThrow()
                .name();
    }
}
