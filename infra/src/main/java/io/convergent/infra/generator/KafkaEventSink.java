package io.convergent.infra.generator;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records to Kafka with a producer tuned for throughput without giving up safety: acks from
 * all in-sync replicas, idempotence (no duplicates on retry), large batches that wait up to 15 ms
 * to fill, LZ4 compression (cheap on the CPU this machine shares with the broker). Sends are
 * asynchronous; the first failure is kept and thrown by the next {@link #send} or {@link #flush}.
 */
public final class KafkaEventSink implements EventSink {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaEventSink.class);

    private final Producer<byte[], byte[]> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final AtomicLong failed = new AtomicLong();
    private final Callback callback;

    /** A sink on the brokers at {@code bootstrapServers} ({@code host:port[,host:port]}). */
    public KafkaEventSink(String bootstrapServers) {
        this(bootstrapServers, Map.of());
    }

    /** As above, with producer settings that override the defaults. */
    public KafkaEventSink(String bootstrapServers, Map<String, Object> overrides) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers must not be blank");
        }
        this.producer = new KafkaProducer<>(settings(bootstrapServers, overrides));
        this.callback =
                (metadata, exception) -> {
                    if (exception != null) {
                        failed.incrementAndGet();
                        failure.compareAndSet(null, exception);
                    }
                };
    }

    /** The producer settings: throughput defaults, then the overrides. */
    static Map<String, Object> settings(String bootstrapServers, Map<String, Object> overrides) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "convergent-generator");
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 15);
        settings.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        settings.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        settings.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        settings.putAll(overrides);
        return settings;
    }

    @Override
    public void send(String topic, byte[] key, byte[] value) {
        throwIfFailed();
        producer.send(new ProducerRecord<>(topic, key, value), callback);
    }

    @Override
    public void flush() {
        producer.flush();
        throwIfFailed();
    }

    @Override
    public void close() {
        try {
            producer.flush();
        } finally {
            producer.close(Duration.ofSeconds(30));
        }
        if (failure.get() != null) {
            LOG.error("{} records could not be written to Kafka", failed.get(), failure.get());
        }
    }

    private void throwIfFailed() {
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException(
                    failed.get() + " records could not be written to Kafka: " + e.getMessage(), e);
        }
    }
}
