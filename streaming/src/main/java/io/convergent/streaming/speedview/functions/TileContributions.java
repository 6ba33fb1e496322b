package io.convergent.streaming.speedview.functions;

import io.convergent.common.event.InputEvent;
import io.convergent.common.event.InputTopic;
import io.convergent.common.event.InputTopics;
import io.convergent.common.features.DailyTile;
import io.convergent.common.features.DailyTiles;
import io.convergent.streaming.lake.EventRowConverter;
import io.convergent.streaming.lake.RawTableSchemas;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;
import org.apache.iceberg.Schema;

/**
 * One raw-table row back to its event, and on to the tiles it adds to ({@link DailyTiles}): the
 * batch layer runs it over the master dataset, the speed view over the rows as they are ingested,
 * so both count the same events the same way.
 */
public final class TileContributions extends RichFlatMapFunction<RowData, DailyTile> {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final boolean projected;
    private transient EventRowConverter<?> converter;

    /** For whole rows of the raw table of input topic {@code topic}. */
    public TileContributions(String topic) {
        this(topic, false);
    }

    private TileContributions(String topic, boolean projected) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.projected = projected;
    }

    /**
     * For rows of the raw table of input topic {@code topic} read with {@link #projectionOf}: only
     * the columns the tiles need.
     */
    public static TileContributions ofProjectedRows(String topic) {
        return new TileContributions(topic, true);
    }

    /** The columns of {@code topic}'s raw table the tiles are made of. */
    public static Schema projectionOf(String topic) {
        InputTopic<?> input = InputTopics.byName(topic).orElseThrow();
        return RawTableSchemas.projectionOf(input, DailyTiles.fieldsRead(input.type()));
    }

    @Override
    public void open(OpenContext openContext) {
        InputTopic<?> input = InputTopics.byName(topic).orElseThrow();
        converter =
                projected
                        ? EventRowConverter.projected(
                                input.schema(), DailyTiles.fieldsRead(input.type()))
                        : new EventRowConverter<>(input.schema());
    }

    @Override
    public void flatMap(RowData row, Collector<DailyTile> out) {
        DailyTiles.contributions((InputEvent) converter.fromRow(row), out::collect);
    }
}
