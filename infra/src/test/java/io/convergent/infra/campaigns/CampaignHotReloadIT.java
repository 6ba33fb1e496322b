package io.convergent.infra.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.convergent.common.event.InputTopics;
import io.convergent.common.event.NetworkEvent;
import io.convergent.common.event.NetworkEventType;
import io.convergent.common.identity.PseudonymKeyFile;
import io.convergent.common.topic.Topics;
import io.convergent.infra.kafka.TopicProvisioner;
import io.convergent.infra.testing.KafkaBrokerExtension;
import io.convergent.streaming.campaigns.CampaignJob;
import io.convergent.streaming.campaigns.CampaignOptions;
import io.convergent.streaming.runtime.LocalFlink;
import io.convergent.streaming.runtime.LocalJob;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running campaign job, its campaigns changed under it with {@code bin/convergent campaigns}: a
 * new campaign starts firing, a new version replaces the old one, a deleted one stops, an opt-out
 * stops a subscriber's offers, and the job is never restarted.
 */
class CampaignHotReloadIT {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    private int subscriber;
    private int event;

    static String welcome(int version, String code, int priority) {
        return "id: it-welcome\nversion: "
                + version
                + "\ntrigger: {event: roaming_entry}\noffer: {code: "
                + code
                + ", channel: push}\nvalid: {from: 2020-01-01, to: 2099-12-31}\n"
                + "control_share: 0\npriority: "
                + priority
                + "\n";
    }

    @Test
    void campaignsAreAddedChangedAndDeletedInARunningJob() throws Exception {
        try (Admin admin = Admin.create(KAFKA.clientConfig())) {
            TopicProvisioner.forLocalBroker(admin).provision(Topics.all());
        }
        Path keyFile = dir.resolve("secrets/pseudonym.keys");
        PseudonymKeyFile.createIfMissing(keyFile);
        Map<String, String> settings =
                Map.of(
                        "convergent.kafka.bootstrap-servers",
                        KAFKA.bootstrapServers(),
                        "convergent.pseudonym.key-file",
                        keyFile.toString(),
                        // Whatever the hour the test runs at, offers go at once; caps that do
                        // not bind, so one subscriber can be offered again and again.
                        CampaignOptions.QUIET_HOURS,
                        "none",
                        CampaignOptions.MAX_PER_WEEK,
                        "1000",
                        CampaignOptions.MAX_PER_MONTH,
                        "1000");
        CampaignJob job = new CampaignJob(CampaignOptions.fromMap(settings));
        try (LocalJob running =
                        LocalJob.start(
                                "campaigns-hot-reload-it",
                                LocalFlink.configuration(
                                        dir.resolve("checkpoints"), Duration.ofSeconds(5), 0),
                                2,
                                job::build);
                KafkaConsumer<byte[], byte[]> offers = offersConsumer();
                KafkaProducer<byte[], byte[]> producer = producer()) {
            // Added: it fires from some event on.
            apply("welcome-v1.yaml", welcome(1, "ROAM-V1", 60));
            JsonNode first = landUntil(producer, offers, o -> true);
            assertThat(first.path("offer").path("code").asText()).isEqualTo("ROAM-V1");

            // Changed: version 2 takes over, and stays.
            apply("welcome-v2.yaml", welcome(2, "ROAM-V2", 60));
            landUntil(producer, offers, o -> o.path("campaignVersion").asInt() == 2);
            for (int i = 0; i < 3; i++) {
                assertThat(land(producer, offers))
                        .extracting(o -> o.path("offer").path("code").asText())
                        .containsExactly("ROAM-V2");
            }

            // Deleted, then a campaign of lower priority applied after it on the same topic: once
            // the newcomer is sent, the deleted one (which would outrank it) is gone.
            assertThat(command("delete", "it-welcome")).isZero();
            apply(
                    "later.yaml",
                    welcome(1, "LATER", 10).replace("id: it-welcome", "id: it-later")
                            + "cooldown: PT1S\n");
            landUntil(producer, offers, o -> o.path("campaign").asText().equals("it-later"));
            for (int i = 0; i < 3; i++) {
                assertThat(land(producer, offers))
                        .extracting(o -> o.path("campaign").asText())
                        .containsExactly("it-later");
            }

            // An opt-out through the CLI: the subscriber, offered each time before, is offered
            // nothing from when the job reads it, and stays so.
            // One of our ranges (the CLI refuses preferences for a number none of our subscribers
            // can have), far from the fresh subscribers' +79580000001 on.
            String number = "+79583999999";
            landUntil(producer, offers, number, o -> true);
            assertThat(command("opt-out", "--msisdn", number, "--data-dir", dir.toString()))
                    .isZero();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!land(producer, offers, number).isEmpty()) {
                assertThat(System.nanoTime() < deadline).as("opt-out in force in 90 s").isTrue();
            }
            for (int i = 0; i < 3; i++) {
                assertThat(land(producer, offers, number)).isEmpty();
            }
            // Others still are.
            assertThat(land(producer, offers)).hasSize(1);
            assertThat(running.termination()).isNotDone();
        }
    }

    /** Lands fresh subscribers abroad, one at a time, until an offer satisfies {@code wanted}. */
    private JsonNode landUntil(
            KafkaProducer<byte[], byte[]> producer,
            KafkaConsumer<byte[], byte[]> offers,
            java.util.function.Predicate<JsonNode> wanted)
            throws Exception {
        return landUntil(producer, offers, null, wanted);
    }

    /** Lands {@code number} (fresh ones if null) abroad until an offer satisfies {@code wanted}. */
    private JsonNode landUntil(
            KafkaProducer<byte[], byte[]> producer,
            KafkaConsumer<byte[], byte[]> offers,
            String number,
            java.util.function.Predicate<JsonNode> wanted)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            List<JsonNode> landed =
                    number == null ? land(producer, offers) : land(producer, offers, number);
            for (JsonNode offer : landed) {
                if (wanted.test(offer)) {
                    return offer;
                }
            }
        }
        throw new AssertionError("no such offer within 90 s");
    }

    /** One fresh subscriber lands abroad; the offers it brings within 3 s (none, or one). */
    private List<JsonNode> land(
            KafkaProducer<byte[], byte[]> producer, KafkaConsumer<byte[], byte[]> offers)
            throws Exception {
        return land(producer, offers, String.format("+7958%07d", ++subscriber));
    }

    /** {@code msisdn} lands abroad; the offers it brings within 3 s (none, or one). */
    private List<JsonNode> land(
            KafkaProducer<byte[], byte[]> producer,
            KafkaConsumer<byte[], byte[]> offers,
            String msisdn)
            throws Exception {
        long now = System.currentTimeMillis();
        NetworkEvent entry =
                new NetworkEvent(
                        "hot-" + ++event,
                        now,
                        NetworkEventType.ROAMING_ENTRY,
                        msisdn,
                        null,
                        null,
                        null,
                        null,
                        286,
                        1,
                        null,
                        null,
                        null,
                        null,
                        null);
        producer.send(
                        new ProducerRecord<>(
                                Topics.TELCO_NETWORK,
                                msisdn.getBytes(StandardCharsets.UTF_8),
                                InputTopics.NETWORK.serialise(entry)))
                .get(30, TimeUnit.SECONDS);
        List<JsonNode> received = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (System.nanoTime() < deadline && received.isEmpty()) {
            for (ConsumerRecord<byte[], byte[]> record : offers.poll(Duration.ofMillis(100))) {
                JsonNode offer = JSON.readTree(record.value());
                if (offer.path("triggerEventId").asText().equals(entry.eventId())) {
                    received.add(offer);
                }
            }
        }
        return received;
    }

    private void apply(String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        assertThat(command("apply", file.toString())).isZero();
    }

    private static int command(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--bootstrap";
        all[args.length + 1] = KAFKA.bootstrapServers();
        return CampaignsCommand.run(
                all,
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()));
    }

    private static KafkaConsumer<byte[], byte[]> offersConsumer() {
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                KAFKA.bootstrapServers(),
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                false),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer());
        List<TopicPartition> partitions =
                consumer.partitionsFor(Topics.CRM_TRIGGERS).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }
}
