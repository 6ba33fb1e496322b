package io.convergent.infra.ingest;

import io.convergent.common.event.InputTopic;
import io.convergent.common.event.InputTopics;
import io.convergent.common.event.schema.EventSchema;
import io.convergent.common.event.schema.FieldSpec;
import io.convergent.common.event.schema.ParseResult;
import io.convergent.common.identity.Identifiers;
import io.convergent.common.identity.PseudonymKeyFile;
import io.convergent.infra.generator.CollectingEventSink.SentRecord;
import io.convergent.infra.lake.LakeCatalog;
import io.convergent.infra.launcher.LocalIngestSettings;
import io.convergent.streaming.ingest.IngestOptions;
import io.convergent.streaming.lake.LakeTables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** What the ingest integration tests share: options, producing records, reading tables back. */
final class IngestFixture {

    private IngestFixture() {}

    /** Ingest options for the broker and the lake in {@code dataDir}, with a fresh key file. */
    static IngestOptions options(String bootstrap, LakeCatalog lake, Path dataDir) {
        Path keyFile = dataDir.resolve("secrets/pseudonym.keys");
        PseudonymKeyFile.createIfMissing(keyFile);
        return IngestOptions.fromMap(LocalIngestSettings.of(bootstrap, lake, keyFile, "it-ingest"));
    }

    /**
     * Writes the records to Kafka as they are, in order, and waits for every acknowledgement: a
     * record the broker did not take fails here, not later as a missing row.
     */
    static void produce(String bootstrap, List<SentRecord> records) {
        Map<String, Object> config =
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.LINGER_MS_CONFIG,
                        10,
                        ProducerConfig.COMPRESSION_TYPE_CONFIG,
                        "lz4");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sends = new ArrayList<>(records.size());
            for (SentRecord record : records) {
                sends.add(
                        producer.send(
                                new ProducerRecord<>(
                                        record.topic(), record.key(), record.value())));
            }
            producer.flush();
            for (Future<RecordMetadata> send : sends) {
                send.get(2, TimeUnit.MINUTES);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while producing", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("a record was not acknowledged by the broker", e);
        }
    }

    /** Whether the strict parser accepts the record. */
    static boolean isValid(SentRecord record, Identifiers identifiers) {
        return InputTopics.byName(record.topic())
                .map(t -> t.parser(identifiers).parse(record.value()).accepted())
                .orElse(false);
    }

    /**
     * Every identifier the valid records carry, in canonical form (E.164 for phone numbers), plus
     * the bare and national digits of each phone number: what must never appear at rest.
     */
    static Set<String> rawIdentifiers(List<SentRecord> records, Identifiers identifiers) {
        Set<String> raw = new HashSet<>();
        for (SentRecord record : records) {
            InputTopic<?> topic = InputTopics.byName(record.topic()).orElseThrow();
            collect(topic.schema(), topic.parser(identifiers).parse(record.value()), raw);
        }
        return raw;
    }

    private static <T extends java.lang.Record> void collect(
            EventSchema<T> schema, ParseResult<?> result, Set<String> raw) {
        if (!result.accepted()) {
            return;
        }
        @SuppressWarnings("unchecked")
        Object[] values = schema.values((T) result.event());
        List<FieldSpec> fields = schema.fields();
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null || !fields.get(i).kind().isIdentifier()) {
                continue;
            }
            String value = values[i].toString();
            raw.add(value);
            if (value.startsWith("+7") && value.length() == 12) {
                raw.add(value.substring(1)); // 7912...
                raw.add(value.substring(2)); // 912... (inside 8912... too)
            }
        }
    }

    /** Every row of a table of the lake, read through Iceberg at its current snapshot. */
    static List<Record> rows(LakeCatalog lake, String table) throws Exception {
        Table loaded = lake.catalog().loadTable(TableIdentifier.of(LakeTables.NAMESPACE, table));
        loaded.refresh();
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(loaded).build()) {
            records.forEach(r -> rows.add(r.copy()));
        }
        return rows;
    }
}
