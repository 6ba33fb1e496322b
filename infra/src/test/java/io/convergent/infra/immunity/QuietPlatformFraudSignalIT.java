package io.convergent.infra.immunity;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.event.BankSessionEvent;
import io.convergent.common.event.BankTransactionEvent;
import io.convergent.common.event.InputTopics;
import io.convergent.common.event.NetworkEvent;
import io.convergent.common.fraud.FraudPattern;
import io.convergent.common.fraud.FraudSignal;
import io.convergent.common.identity.PseudonymKeyFile;
import io.convergent.common.immunity.ImmunityRules;
import io.convergent.common.testing.SampleEvents;
import io.convergent.common.topic.Topics;
import io.convergent.infra.kafka.TopicProvisioner;
import io.convergent.infra.lake.LakeCatalog;
import io.convergent.infra.lake.LakeCatalogs;
import io.convergent.infra.testing.KafkaBrokerExtension;
import io.convergent.streaming.immunity.ImmunityJob;
import io.convergent.streaming.immunity.ImmunityOptions;
import io.convergent.streaming.runtime.LocalFlink;
import io.convergent.streaming.runtime.LocalJob;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running immunity job on a platform with no other traffic: a SIM swap, a login from a new device
 * and a transfer to a new beneficiary, the transfer the last event of all, must still come out as a
 * fraud signal. The patterns wait for the watermark to pass the transfer, and the bounded watermark
 * stays behind the last event until something later arrives: before partitions caught up to their
 * latest event once quiet ({@code KnownEventTimes}), this signal never came.
 */
class QuietPlatformFraudSignalIT {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    /**
     * A live partition's watermark follows the wall clock a minute behind it once quiet, and the
     * partitions that never had an event go idle after a minute: the signal comes about a minute
     * after the transfer.
     */
    private static final Duration SIGNAL_WITHIN = Duration.ofMinutes(3);

    @TempDir Path dataDir;

    @Test
    void theLastTransferOfAQuietPlatformIsSignalled() throws Exception {
        try (Admin admin = Admin.create(KAFKA.clientConfig())) {
            TopicProvisioner.forLocalBroker(admin).provision(Topics.all());
        }
        publish(
                Topics.CONTROL_IMMUNITY,
                ImmunityRules.CONTROL_KEY.getBytes(StandardCharsets.UTF_8),
                ImmunityRules.standard().withVersion(1).toJson());
        Path keyFile = dataDir.resolve("secrets/pseudonym.keys");
        PseudonymKeyFile.createIfMissing(keyFile);
        Map<String, String> settings = new HashMap<>();
        settings.put(ImmunityOptions.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers());
        settings.put(ImmunityOptions.KEY_FILE, keyFile.toString());
        settings.put(ImmunityOptions.GROUP_ID, "it-quiet");
        try (LakeCatalog lake = LakeCatalogs.open(dataDir)) {
            lake.properties().forEach((k, v) -> settings.put(ImmunityOptions.LAKE_PREFIX + k, v));
        }
        ImmunityJob job = new ImmunityJob(ImmunityOptions.fromMap(settings));
        job.prepareTables();
        try (LocalJob running =
                LocalJob.start(
                        "immunity-quiet-it",
                        LocalFlink.configuration(
                                dataDir.resolve("checkpoints"), Duration.ofSeconds(5), 0),
                        2,
                        job::build)) {
            long now = System.currentTimeMillis();
            NetworkEvent swap = SampleEvents.simSwap();
            BankSessionEvent login = SampleEvents.newDeviceLogin();
            BankTransactionEvent transfer = SampleEvents.transfer();
            publish(
                    Topics.TELCO_NETWORK,
                    null,
                    InputTopics.NETWORK.serialise(
                            new NetworkEvent(
                                    "quiet-swap",
                                    now - Duration.ofSeconds(40).toMillis(),
                                    swap.type(),
                                    swap.msisdn(),
                                    swap.imsi(),
                                    swap.previousImsi(),
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null)));
            publish(
                    Topics.BANK_SESSIONS,
                    null,
                    InputTopics.BANK_SESSIONS.serialise(
                            new BankSessionEvent(
                                    "quiet-login",
                                    now - Duration.ofSeconds(20).toMillis(),
                                    login.type(),
                                    login.customerId(),
                                    login.msisdn(),
                                    login.deviceId(),
                                    true,
                                    login.channel())));
            publish(
                    Topics.BANK_TRANSACTIONS,
                    null,
                    InputTopics.BANK_TRANSACTIONS.serialise(
                            new BankTransactionEvent(
                                    "quiet-transfer",
                                    now - Duration.ofSeconds(5).toMillis(),
                                    transfer.type(),
                                    transfer.customerId(),
                                    transfer.msisdn(),
                                    transfer.accountNumber(),
                                    transfer.amountMinor(),
                                    transfer.currency(),
                                    transfer.channel(),
                                    null,
                                    null,
                                    transfer.beneficiaryAccount(),
                                    true)));

            List<FraudSignal> signals = awaitSignals(SIGNAL_WITHIN);

            assertThat(signals)
                    .as("fraud signals within %s of the last event", SIGNAL_WITHIN)
                    .extracting(FraudSignal::pattern, FraudSignal::transferEventId)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(
                                    FraudPattern.SIM_SWAP_TAKEOVER, "quiet-transfer"));
        }
    }

    /** The signals on {@code bank.fraud-signals}, once the first has come or the time is up. */
    private static List<FraudSignal> awaitSignals(Duration within) {
        List<FraudSignal> signals = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                KAFKA.bootstrapServers(),
                                ConsumerConfig.GROUP_ID_CONFIG,
                                "it-quiet-signals",
                                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                                "earliest"),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.BANK_FRAUD_SIGNALS));
            long deadline = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(500))) {
                    signals.add(FraudSignal.fromJson(record.value()));
                }
                if (!signals.isEmpty()) {
                    // A second variant's duplicate would come right after the first: wait a
                    // little, so containsExactly sees it too.
                    consumer.poll(Duration.ofSeconds(5))
                            .forEach(r -> signals.add(FraudSignal.fromJson(r.value())));
                    break;
                }
            }
        }
        return signals;
    }

    private static void publish(String topic, byte[] key, byte[] value) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }
}
