package io.convergent.infra.generator;

import io.convergent.common.event.InputEvent;
import io.convergent.common.event.InputTopic;
import io.convergent.common.event.InputTopics;
import io.convergent.common.identity.Pseudonymiser;
import io.convergent.common.table.Tables;
import io.convergent.infra.lake.LakeCatalog;
import io.convergent.streaming.ingest.IngestRecord;
import io.convergent.streaming.ingest.RecordParser;
import io.convergent.streaming.lake.EventRowConverter;
import io.convergent.streaming.lake.LakeTables;
import io.convergent.streaming.lake.RawTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.table.data.RowData;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.sink.RowDataTaskWriterFactory;
import org.apache.iceberg.io.TaskWriter;

/**
 * Writes generated records straight into the raw tables of a lake: each parsed, validated and
 * pseudonymised by the ingest's own {@link RecordParser}, and written as the ingest writes it
 * (Iceberg's Flink writer, Parquet, day partitions). A history for the batch layer without the
 * streaming path: what {@code generate --lake} and {@code bench batch} use.
 *
 * <p>What the ingest would reject is not written, only counted ({@link #rejected}): its dead
 * letters are the ingest job's to write. No de-duplication either: the generator sends each event
 * id once. Each {@link #flush} closes the files written so far; {@link #commit} appends them, one
 * commit per table, once the whole history is in. Closed without a commit (a failure, an
 * interruption), the sink deletes its files and the tables stay as they were. The per-table commits
 * are not one transaction (Iceberg has none across tables): a commit failing half-way leaves the
 * tables before it written, and the files of the others deleted.
 */
public final class LakeEventSink implements EventSink {

    private final RecordParser parser;
    private final Consumer<InputEvent> onWritten;
    private final Map<String, TableWriter> writers = new LinkedHashMap<>();
    private long offset;
    private long written;
    private long rejected;
    private boolean committed;

    /**
     * @param lake the lake, its raw tables created
     * @param pseudonymiser the keys the ingest of this lake uses, so live events join the history
     * @param onWritten told of each event written
     */
    public LakeEventSink(
            LakeCatalog lake, Pseudonymiser pseudonymiser, Consumer<InputEvent> onWritten) {
        this.parser = new RecordParser(pseudonymiser);
        this.onWritten = onWritten;
        for (InputTopic<?> topic : InputTopics.all()) {
            Table table =
                    lake.catalog()
                            .loadTable(
                                    TableIdentifier.of(
                                            LakeTables.NAMESPACE,
                                            Tables.rawTableOf(topic.name()).orElseThrow()));
            writers.put(topic.name(), new TableWriter(topic, table));
        }
    }

    @Override
    public void send(String topic, byte[] key, byte[] value) {
        TableWriter writer = writers.get(topic);
        if (writer == null) {
            throw new IllegalArgumentException("no raw table for topic " + topic);
        }
        IngestRecord record = parser.parse(topic, 0, offset++, 0L, value);
        if (!record.isAccepted()) {
            rejected++;
            return;
        }
        writer.write(record.event());
        written++;
        onWritten.accept(record.event());
    }

    @Override
    public void flush() {
        writers.values().forEach(TableWriter::closeFiles);
    }

    /** Appends everything written to the raw tables, one commit per table. */
    public void commit() {
        flush();
        writers.values().forEach(TableWriter::commit);
        committed = true;
    }

    /** Whether {@link #commit} ran: else closing discards what was written. */
    public boolean committed() {
        return committed;
    }

    /** Deletes the files of an uncommitted history; a committed one is the tables' now. */
    @Override
    public void close() {
        if (committed) {
            return;
        }
        writers.values().forEach(TableWriter::discard);
    }

    /** Events written to the raw tables. */
    public long written() {
        return written;
    }

    /** Records the ingest would have rejected, not written. */
    public long rejected() {
        return rejected;
    }

    /** One raw table's files: written, closed at each flush, appended in one commit at the end. */
    private static final class TableWriter {
        private static final long TARGET_FILE_BYTES = 128L << 20;

        private final Table table;
        private final EventRowConverter<java.lang.Record> converter;
        private final RowDataTaskWriterFactory factory;
        private final List<DataFile> files = new ArrayList<>();
        private TaskWriter<RowData> open;

        @SuppressWarnings({"unchecked", "rawtypes"})
        TableWriter(InputTopic<?> topic, Table table) {
            this.table = table;
            this.converter = new EventRowConverter(topic.schema());
            this.factory =
                    new RowDataTaskWriterFactory(
                            table,
                            FlinkSchemaUtil.convert(RawTable.forTopic(topic.name()).schema()),
                            TARGET_FILE_BYTES,
                            FileFormat.PARQUET,
                            table.properties(),
                            List.of(),
                            false);
            factory.initialize(0, 0);
        }

        void write(InputEvent event) {
            try {
                if (open == null) {
                    open = factory.create();
                }
                open.write(converter.toRow((java.lang.Record) event));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void closeFiles() {
            if (open == null) {
                return;
            }
            try {
                files.addAll(List.of(open.complete().dataFiles()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            open = null;
        }

        void commit() {
            if (files.isEmpty()) {
                return;
            }
            AppendFiles append = table.newAppend();
            files.forEach(append::appendFile);
            append.commit();
            files.clear();
        }

        void discard() {
            try {
                if (open != null) {
                    open.abort();
                    open = null;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            files.forEach(file -> table.io().deleteFile(file.location()));
            files.clear();
        }
    }
}
