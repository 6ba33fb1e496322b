package io.convergent.streaming.lake;

import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/**
 * The {@code rejected_events} table: one row per input record the ingest refused, with the typed
 * reason, where the record was read, and a scrubbed payload that keeps its shape and harmless
 * values but no identifier ({@code PayloadScrubber}). The raw bytes go to {@code events.dlq} only.
 * Partitioned by the day the record reached Kafka.
 */
public final class RejectedEventsTable {

    public static final Schema SCHEMA =
            new Schema(
                    Types.NestedField.required(
                            1, "source_topic", Types.StringType.get(), "Input topic read from."),
                    Types.NestedField.required(
                            2, "source_partition", Types.IntegerType.get(), "Kafka partition."),
                    Types.NestedField.required(
                            3, "source_offset", Types.LongType.get(), "Kafka offset."),
                    Types.NestedField.required(
                            4,
                            "kafka_timestamp",
                            Types.TimestampType.withZone(),
                            "The Kafka record's timestamp."),
                    Types.NestedField.required(
                            5,
                            "reason",
                            Types.StringType.get(),
                            "Rejection reason code (RejectionReason)."),
                    Types.NestedField.optional(
                            6,
                            "field",
                            Types.StringType.get(),
                            "The field at fault; null when the record as a whole is."),
                    Types.NestedField.required(
                            7,
                            "detail",
                            Types.StringType.get(),
                            "What rule was broken; names fields, never values."),
                    Types.NestedField.required(
                            8,
                            "payload_bytes",
                            Types.IntegerType.get(),
                            "Size of the raw record in bytes."),
                    Types.NestedField.required(
                            9,
                            "scrubbed_payload",
                            Types.StringType.get(),
                            "The record with identifiers and long digit runs redacted."),
                    Types.NestedField.required(
                            10,
                            "rejected_at",
                            Types.TimestampType.withZone(),
                            "When the ingest job refused it."));

    public static final PartitionSpec PARTITION_SPEC =
            PartitionSpec.builderFor(SCHEMA).day("kafka_timestamp").build();

    private RejectedEventsTable() {}
}
