package io.convergent.batch.lake;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.io.OutputFile;

/**
 * Small writes to a lake table without Flink: a handful of records (a registry row, a manifest)
 * written as one Parquet data file of one partition, for the caller to commit as it needs (an
 * append, a partition replace).
 */
public final class RecordFiles {

    private RecordFiles() {}

    /**
     * Writes {@code records}, all of one partition of {@code table}, to a new Parquet file under
     * the table's data location, named {@code <prefix>-<uuid>.parquet}.
     */
    public static DataFile write(Table table, List<Record> records, String prefix)
            throws IOException {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("no record to write to " + table.name());
        }
        PartitionKey partition = new PartitionKey(table.spec(), table.schema());
        partition.partition(
                new InternalRecordWrapper(table.schema().asStruct()).wrap(records.get(0)));
        String name = prefix + "-" + UUID.randomUUID() + ".parquet";
        OutputFile file =
                table.io()
                        .newOutputFile(
                                table.spec().isUnpartitioned()
                                        ? table.locationProvider().newDataLocation(name)
                                        : table.locationProvider()
                                                .newDataLocation(table.spec(), partition, name));
        FileAppender<Record> appender =
                new GenericAppenderFactory(table.schema(), table.spec())
                        .newAppender(file, FileFormat.PARQUET);
        try (appender) {
            records.forEach(appender::add);
        }
        DataFiles.Builder dataFile =
                DataFiles.builder(table.spec())
                        .withInputFile(file.toInputFile())
                        .withFormat(FileFormat.PARQUET)
                        .withMetrics(appender.metrics());
        if (!table.spec().isUnpartitioned()) {
            dataFile.withPartition(partition);
        }
        return dataFile.build();
    }
}
