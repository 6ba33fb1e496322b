package io.convergent.streaming.deadletter;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/** The one way a job writes {@code events.dlq}. */
public final class DeadLetters {

    private DeadLetters() {}

    /**
     * At-least-once: a dead letter is for people and repair scripts, who de-duplicate on the key
     * (the source coordinates); exactly-once would hold each one back until a checkpoint.
     */
    public static KafkaSink<RejectedRecord> sink(String bootstrapServers) {
        return KafkaSink.<RejectedRecord>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(new DeadLetterSerializer())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }
}
