package io.convergent.streaming.features;

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

    @Test
    void randomTilesSparseAndDenseComeBackEqualAndSoDoTheirCopiedBytes() throws Exception {
        DailyTileSerializer serializer = DailyTileSerializer.INSTANCE;
        java.util.Random random = new java.util.Random(7);
        java.util.List<DailyTile> tiles = new java.util.ArrayList<>();
        for (int t = 0; t < 500; t++) {
            DailyTile tile = new DailyTile("k1.s" + t, random.nextInt(30_000) - 100);
            long[] figures = tile.figures();
            for (int i = 0; i < figures.length; i++) {
                switch (random.nextInt(5)) {
                    case 0 -> figures[i] = random.nextLong();
                    case 1 -> figures[i] = -random.nextInt(1000);
                    case 2 -> figures[i] = random.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE;
                    default -> {}
                }
            }
            tile.setFigures(figures);
            // From none to every register set: both the sparse and the dense form.
            for (int c = random.nextInt(3) == 0 ? random.nextInt(2_000) : random.nextInt(4);
                    c > 0;
                    c--) {
                DistinctSketch.add(tile.counterparts, "k1.c" + random.nextInt());
            }
            tiles.add(tile);
        }
        DataOutputSerializer out = new DataOutputSerializer(1024);
        for (DailyTile tile : tiles) {
            serializer.serialize(tile, out);
        }
        DataOutputSerializer copied = new DataOutputSerializer(1024);
        DataInputDeserializer original = new DataInputDeserializer(out.getCopyOfBuffer());
        for (int i = 0; i < tiles.size(); i++) {
            serializer.copy(original, copied);
        }
        assertThat(copied.getCopyOfBuffer()).isEqualTo(out.getCopyOfBuffer());
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (DailyTile tile : tiles) {
            assertThat(serializer.deserialize(in)).isEqualTo(tile);
        }
        assertThat(in.available()).isZero();
    }

    @Test
    void aCallersTileTakesAFractionOfTheFixedWidthForm() throws Exception {
        DailyTile caller = new DailyTile("k1.0123456789abcdef0123456789abcdef01234567", 20_412);
        caller.callsOut = 1;
        caller.callsOutAnswered = 1;
        caller.callSecondsOut = 95;
        DistinctSketch.add(caller.counterparts, "k1.callee");
        DataOutputSerializer out = new DataOutputSerializer(64);
        DailyTileSerializer.INSTANCE.serialize(caller, out);

        int fixedWidth =
                2
                        + caller.subscriber.length()
                        + 8 * (1 + DailyTile.FIGURE_COLUMNS.size())
                        + DistinctSketch.REGISTERS;
        // The name, 3 bytes of day, a 4-byte mask, 4 bytes of figures, 3 of sketch.
        assertThat(out.length()).isEqualTo(2 + caller.subscriber.length() + 3 + 4 + 4 + 3);
        assertThat(out.length()).isLessThan(fixedWidth / 6);
    }

    @Test
    void variableLengthIntegersKeepEverySignAndWidth() throws Exception {
        long[] values = {
            0,
            1,
            -1,
            63,
            -64,
            64,
            127,
            128,
            16_383,
            16_384,
            Long.MAX_VALUE,
            Long.MIN_VALUE,
            Integer.MIN_VALUE,
            1L << 62
        };
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (long value : values) {
            DailyTileSerializer.writeVarLong(out, DailyTileSerializer.zigZag(value));
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (long value : values) {
            assertThat(DailyTileSerializer.unZigZag(DailyTileSerializer.readVarLong(in)))
                    .isEqualTo(value);
        }
    }
}
