package io.convergent.streaming.speedview.functions;

import io.convergent.common.features.DailyTile;
import io.convergent.common.features.RealtimeTiles;
import io.convergent.common.topic.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A tile as a record of {@code features.realtime}: key = subscriber|day, value = the tile. */
public final class RealtimeTileSerializer implements KafkaRecordSerializationSchema<DailyTile> {

    private static final long serialVersionUID = 1L;

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            DailyTile tile, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(
                Topics.FEATURES_REALTIME,
                null,
                null,
                RealtimeTiles.key(tile).getBytes(StandardCharsets.UTF_8),
                RealtimeTiles.toJson(tile));
    }
}
