package io.convergent.streaming.speedview;

import io.convergent.common.features.DailyTile;
import io.convergent.common.state.SubscriberState;
import io.convergent.common.table.Tables;
import io.convergent.streaming.features.DailyTileSerializer;
import io.convergent.streaming.runtime.NetworkBuffers;
import io.convergent.streaming.speedview.functions.RealtimeTileSerializer;
import io.convergent.streaming.speedview.functions.StateFolder;
import io.convergent.streaming.speedview.functions.StateInputs;
import io.convergent.streaming.speedview.functions.SubscriberStateSerializer;
import io.convergent.streaming.speedview.functions.TileAccumulator;
import io.convergent.streaming.speedview.functions.TileContributions;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.data.RowData;

/**
 * Speed layer, part 3: the speed view, from the rows the ingest job has just validated,
 * pseudonymised and de-duplicated (the very rows the raw tables receive, so what the speed view
 * counts the batch layer counts when it reaches the day):
 *
 * <pre>
 * raw rows ─┬─ tile contributions ── keyBy(subscriber|day) ── grow, publish ── features.realtime
 *           └─ calls, SMS, network ── keyBy(subscriber) ── fold state ─────── subscriber.state
 * </pre>
 *
 * Both topics carry whole records, newest wins, so at-least-once delivery is enough: a repeat after
 * a restart says the same thing again.
 */
public final class SpeedView {

    /** The two outputs, before their sinks. */
    public record Outputs(DataStream<DailyTile> tiles, DataStream<SubscriberState> states) {}

    /**
     * The network buffers into the keyed operators are sent at once, not after Flink's 100 ms a
     * hop: freshness is what the speed view is for.
     */
    private static final long BUFFER_TIMEOUT = NetworkBuffers.FLUSH_EACH_RECORD;

    private final SpeedViewOptions options;

    public SpeedView(SpeedViewOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Builds the speed view over the ingested rows of each raw table (by table name). */
    public Outputs build(Map<String, DataStream<RowData>> rowsByTable) {
        DataStream<DailyTile> contributions = null;
        DataStream<StateInput> stateInputs = null;
        for (Map.Entry<String, DataStream<RowData>> entry : rowsByTable.entrySet()) {
            String table = entry.getKey();
            String topic = topicOf(table);
            DataStream<DailyTile> tiles =
                    entry.getValue()
                            .flatMap(new TileContributions(topic))
                            .returns(DailyTileSerializer.TYPE)
                            .uid(SpeedViewOperatorIds.tiles(table))
                            .name("Tiles from " + table)
                            .setBufferTimeout(BUFFER_TIMEOUT);
            contributions = contributions == null ? tiles : contributions.union(tiles);
            if (StateInputs.concerns(topic)) {
                DataStream<StateInput> inputs =
                        entry.getValue()
                                .flatMap(new StateInputs(topic))
                                .returns(TypeInformation.of(StateInput.class))
                                .uid(SpeedViewOperatorIds.stateInputs(table))
                                .name("State inputs from " + table)
                                .setBufferTimeout(BUFFER_TIMEOUT);
                stateInputs = stateInputs == null ? inputs : stateInputs.union(inputs);
            }
        }
        if (contributions == null || stateInputs == null) {
            throw new IllegalArgumentException(
                    "the speed view needs the rows of every raw table, got "
                            + rowsByTable.keySet());
        }
        DataStream<DailyTile> tiles =
                contributions
                        .keyBy(SpeedView::tileKey)
                        .process(
                                new TileAccumulator(
                                        options.flushInterval(), options.tileRetention()))
                        .returns(DailyTileSerializer.TYPE)
                        .uid(SpeedViewOperatorIds.TILE_ACCUMULATOR)
                        .name(SpeedViewOperatorIds.TILE_ACCUMULATOR_NAME);
        DataStream<SubscriberState> states =
                stateInputs
                        .keyBy(input -> input.subscriber)
                        .process(new StateFolder(options.stateTtl()))
                        .returns(TypeInformation.of(SubscriberState.class))
                        .uid(SpeedViewOperatorIds.STATE_FOLDER)
                        .name(SpeedViewOperatorIds.STATE_FOLDER_NAME);
        return new Outputs(tiles, states);
    }

    /** Publishes the outputs to {@code features.realtime} and {@code subscriber.state}. */
    public static void sinkToKafka(Outputs outputs, String bootstrapServers) {
        outputs.tiles()
                .sinkTo(
                        KafkaSink.<DailyTile>builder()
                                .setBootstrapServers(bootstrapServers)
                                .setRecordSerializer(new RealtimeTileSerializer())
                                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                                // Freshness is the point: do not hold records for batching.
                                .setProperty("linger.ms", "5")
                                .build())
                .uid(SpeedViewOperatorIds.TILES_SINK)
                .name(SpeedViewOperatorIds.TILES_SINK_NAME);
        outputs.states()
                .sinkTo(
                        KafkaSink.<SubscriberState>builder()
                                .setBootstrapServers(bootstrapServers)
                                .setRecordSerializer(new SubscriberStateSerializer())
                                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                                .setProperty("linger.ms", "5")
                                .build())
                .uid(SpeedViewOperatorIds.STATE_SINK)
                .name(SpeedViewOperatorIds.STATE_SINK_NAME);
    }

    static String tileKey(DailyTile tile) {
        return tile.subscriber + "|" + LocalDate.ofEpochDay(tile.day);
    }

    private static String topicOf(String table) {
        return io.convergent.common.event.InputTopics.all().stream()
                .map(t -> t.name())
                .filter(t -> Tables.rawTableOf(t).map(table::equals).orElse(false))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a raw table: " + table));
    }
}
