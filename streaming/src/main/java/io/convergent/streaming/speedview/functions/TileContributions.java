package io.convergent.streaming.speedview.functions;

import io.convergent.common.event.InputEvent;
import io.convergent.common.event.InputTopics;
import io.convergent.common.features.DailyTile;
import io.convergent.common.features.DailyTiles;
import io.convergent.streaming.lake.EventRowConverter;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;

/**
 * One raw-table row back to its event, and on to the tiles it adds to ({@link DailyTiles}): the
 * batch layer runs it over the master dataset, the speed view over the rows as they are ingested,
 * so both count the same events the same way.
 */
public final class TileContributions extends RichFlatMapFunction<RowData, DailyTile> {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private transient EventRowConverter<?> converter;

    /** For the rows of the raw table of input topic {@code topic}. */
    public TileContributions(String topic) {
        this.topic = Objects.requireNonNull(topic, "topic");
    }

    @Override
    public void open(OpenContext openContext) {
        converter = new EventRowConverter<>(InputTopics.byName(topic).orElseThrow().schema());
    }

    @Override
    public void flatMap(RowData row, Collector<DailyTile> out) {
        DailyTiles.contributions((InputEvent) converter.fromRow(row), out::collect);
    }
}
