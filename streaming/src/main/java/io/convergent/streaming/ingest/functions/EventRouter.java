package io.convergent.streaming.ingest.functions;

import io.convergent.common.event.InputEvent;
import io.convergent.streaming.ingest.IngestOutputs;
import io.convergent.streaming.ingest.IngestRecord;
import io.convergent.streaming.lake.EventRowConverter;
import io.convergent.streaming.lake.RawTable;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Splits parsed records by destination: each accepted event, as the row of its raw table, to that
 * table's side output ({@link IngestOutputs#rowsOf}); each rejection to {@link
 * IngestOutputs#REJECTED}. The main output carries nothing.
 */
public final class EventRouter extends ProcessFunction<IngestRecord, Void> {

    private static final long serialVersionUID = 1L;

    private transient Map<String, Route> routes;

    private record Route(EventRowConverter<?> converter, OutputTag<RowData> output) {}

    @Override
    public void open(OpenContext openContext) {
        routes = new HashMap<>();
        for (RawTable table : RawTable.all()) {
            routes.put(
                    table.topic().name(),
                    new Route(
                            new EventRowConverter<>(table.topic().schema()),
                            IngestOutputs.rowsOf(table)));
        }
    }

    @Override
    public void processElement(IngestRecord record, Context ctx, Collector<Void> out) {
        if (!record.isAccepted()) {
            ctx.output(IngestOutputs.REJECTED, record.rejected);
            return;
        }
        Route route = routes.get(record.topic);
        ctx.output(route.output(), toRow(route.converter(), record.event(), record.kafkaTimestamp));
    }

    @SuppressWarnings("unchecked")
    private static <T extends Record> RowData toRow(
            EventRowConverter<T> converter, InputEvent event, long kafkaTimestamp) {
        // Kafka's "no timestamp" is -1 (a record from a pre-0.10 producer): null, not 1969.
        return converter.toRow((T) event, kafkaTimestamp < 0 ? null : kafkaTimestamp);
    }
}
