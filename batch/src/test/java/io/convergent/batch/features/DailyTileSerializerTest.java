package io.convergent.batch.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.features.DailyTile;
import io.convergent.common.features.DistinctSketch;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class DailyTileSerializerTest {

    private static DailyTile tile() {
        DailyTile tile = new DailyTile("k1.subscriber-\u00e9", 20_412);
        long[] figures = new long[DailyTile.FIGURE_COLUMNS.size()];
        for (int i = 0; i < figures.length; i++) {
            figures[i] = (i + 1) * 1_000_003L;
        }
        tile.setFigures(figures);
        DistinctSketch.add(tile.counterparts, "k1.a");
        DistinctSketch.add(tile.counterparts, "k1.b");
        return tile;
    }

    @Test
    void aTileComesBackEqualAndACopyOfItsBytesToo() throws Exception {
        DailyTileSerializer serializer = DailyTileSerializer.INSTANCE;
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(tile(), out);
        serializer.serialize(new DailyTile("k1.empty", 1), out);

        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        assertThat(serializer.deserialize(in)).isEqualTo(tile());
        DailyTile empty = serializer.deserialize(new DailyTile(), in);
        assertThat(empty).isEqualTo(new DailyTile("k1.empty", 1));
        assertThat(empty.minBalanceMinor).isEqualTo(DailyTile.NO_BALANCE);

        DataOutputSerializer copied = new DataOutputSerializer(64);
        serializer.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
        assertThat(serializer.deserialize(new DataInputDeserializer(copied.getCopyOfBuffer())))
                .isEqualTo(tile());
        assertThat(serializer.copy(tile())).isEqualTo(tile()).isNotSameAs(tile());
    }
}
