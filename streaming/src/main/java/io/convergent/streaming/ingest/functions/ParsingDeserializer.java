package io.convergent.streaming.ingest.functions;

import io.convergent.common.identity.Pseudonymiser;
import io.convergent.streaming.ingest.IngestRecord;
import io.convergent.streaming.ingest.RecordParser;
import java.nio.file.Path;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Parses, validates and pseudonymises each Kafka record inside the source, so the source can take
 * each partition's watermark from the events' own times. One record in, one {@link IngestRecord}
 * out, accepted or rejected; it never throws on bad bytes.
 *
 * <p>The pseudonymisation keys are loaded on the task manager when the reader opens (from {@code
 * CONVERGENT_PSEUDONYM_KEY}, {@code CONVERGENT_PSEUDONYM_KEY_FILE} or the given key file), so they
 * never travel inside the job graph.
 */
public final class ParsingDeserializer implements KafkaRecordDeserializationSchema<IngestRecord> {

    private static final long serialVersionUID = 1L;

    /** The local key file, or {@code null} to take the keys from the environment only. */
    private final String keyFile;

    private transient RecordParser parser;

    public ParsingDeserializer(Path keyFile) {
        this.keyFile = keyFile == null ? null : keyFile.toString();
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        parser =
                new RecordParser(
                        Pseudonymiser.load(
                                System.getenv(), keyFile == null ? null : Path.of(keyFile)));
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<IngestRecord> out) {
        out.collect(
                parser.parse(
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        record.timestamp(),
                        record.value()));
    }

    @Override
    public TypeInformation<IngestRecord> getProducedType() {
        return TypeInformation.of(IngestRecord.class);
    }
}
