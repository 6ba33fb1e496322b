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
     * Writes the records to Kafka, in order, and waits for every acknowledgement. A record the
     * broker did not take is sent again by a fresh producer (up to three rounds), then fails the
     * test: never a silently missing row. A record written twice is harmless to the assertions: the
     * ingest drops the second copy by its event id.
     *
     * <p>Why the rounds: right after topics are created, a single-node broker under a full test run
     * answered NOT_LEADER_OR_FOLLOWER and one idempotent batch then sat unacknowledged until its
     * two-minute delivery timeout, twice in CI-like runs.
     */
    static void produce(String bootstrap, List<SentRecord> records) {
        List<SentRecord> pending = records;
        for (int round = 1; !pending.isEmpty(); round++) {
            List<SentRecord> failed = produceOnce(bootstrap, pending);
            if (!failed.isEmpty() && round == 3) {
                throw new IllegalStateException(
                        failed.size() + " records were not acknowledged by the broker");
            }
            pending = failed;
        }
    }

    private static List<SentRecord> produceOnce(String bootstrap, List<SentRecord> records) {
        Map<String, Object> config =
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        false,
                        ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                        1,
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                        60_000,
                        ProducerConfig.LINGER_MS_CONFIG,
                        10,
                        ProducerConfig.COMPRESSION_TYPE_CONFIG,
                        "lz4");
        List<SentRecord> failed = new ArrayList<>();
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
            for (int i = 0; i < sends.size(); i++) {
                try {
                    sends.get(i).get(2, TimeUnit.MINUTES);
                } catch (ExecutionException | TimeoutException e) {
                    failed.add(records.get(i));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while producing", e);
        }
        return failed;
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
