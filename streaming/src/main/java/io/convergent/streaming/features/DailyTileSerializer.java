package io.convergent.streaming.features;

import io.convergent.common.features.DailyTile;
import io.convergent.common.features.DistinctSketch;
import io.convergent.streaming.runtime.PojoSuccessorSnapshot;
import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A hand-written serializer for {@link DailyTile}s: between the batch jobs' tasks, between the
 * speed view's, and in the speed view's state. Flink's POJO serializer reaches each of the 34
 * fields by reflection, which a profile of the day's recompute put at ~30 % of its time, and a
 * profile of the speed view over a backlog at about a third of its tile task's.
 *
 * <p>The format is compact because most of a tile is empty: a tile from one table has two to five
 * of its 31 figures set, and a call's sketch one register of 128. Written fixed-width, a tile was
 * ~430 bytes, and every partial tile of a day is serialised to cross the exchange by subscriber
 * (once sorted and spilled as well, before {@code TileMerger}). Here a tile is:
 *
 * <ol>
 *   <li>the subscriber ({@code writeUTF}) and the day (a variable-length integer);
 *   <li>a 32-bit mask of the figures that differ from an empty tile's, then each of those as a
 *       zig-zag variable-length integer, in {@link DailyTile#FIGURE_COLUMNS} order;
 *   <li>the number of non-zero sketch registers, then either each as (index, value), when that is
 *       shorter, or all {@value DistinctSketch#REGISTERS} registers.
 * </ol>
 */
public final class DailyTileSerializer extends TypeSerializerSingleton<DailyTile> {

    private static final long serialVersionUID = 1L;

    public static final DailyTileSerializer INSTANCE = new DailyTileSerializer();

    /** The type information that makes Flink use this serializer. */
    public static final TypeInformation<DailyTile> TYPE = new DailyTileType();

    private static final int FIGURES = DailyTile.FIGURE_COLUMNS.size();

    /** An empty tile's figures: a figure equal to its default is not written. */
    private static final long[] DEFAULTS = new DailyTile().figures();

    /** Up to this many non-zero registers, (index, value) pairs are shorter than all registers. */
    private static final int MOST_SPARSE_REGISTERS = DistinctSketch.REGISTERS / 2 - 1;

    static {
        if (FIGURES > Integer.SIZE) {
            throw new ExceptionInInitializerError(
                    "the figure mask has "
                            + Integer.SIZE
                            + " bits, a tile "
                            + FIGURES
                            + " figures");
        }
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public DailyTile createInstance() {
        return new DailyTile();
    }

    @Override
    public DailyTile copy(DailyTile from) {
        return from.copy();
    }

    @Override
    public DailyTile copy(DailyTile from, DailyTile reuse) {
        return from.copy();
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(DailyTile tile, DataOutputView target) throws IOException {
        target.writeUTF(tile.subscriber);
        writeVarLong(target, tile.day);
        long[] figures = tile.figures();
        int mask = 0;
        for (int i = 0; i < FIGURES; i++) {
            if (figures[i] != DEFAULTS[i]) {
                mask |= 1 << i;
            }
        }
        target.writeInt(mask);
        for (int i = 0; i < FIGURES; i++) {
            if ((mask & (1 << i)) != 0) {
                writeVarLong(target, zigZag(figures[i]));
            }
        }
        writeSketch(tile.counterparts, target);
    }

    private static void writeSketch(byte[] registers, DataOutputView target) throws IOException {
        if (registers.length != DistinctSketch.REGISTERS) {
            throw new IllegalStateException(
                    "a sketch has "
                            + DistinctSketch.REGISTERS
                            + " registers, this one "
                            + registers.length);
        }
        int set = 0;
        for (byte register : registers) {
            if (register != 0) {
                set++;
            }
        }
        target.writeByte(set);
        if (set > MOST_SPARSE_REGISTERS) {
            target.write(registers);
            return;
        }
        for (int i = 0; i < registers.length && set > 0; i++) {
            if (registers[i] != 0) {
                target.writeByte(i);
                target.writeByte(registers[i]);
                set--;
            }
        }
    }

    @Override
    public DailyTile deserialize(DataInputView source) throws IOException {
        DailyTile tile = new DailyTile(source.readUTF(), readVarLong(source));
        int mask = source.readInt();
        long[] figures = DEFAULTS.clone();
        for (int i = 0; i < FIGURES; i++) {
            if ((mask & (1 << i)) != 0) {
                figures[i] = unZigZag(readVarLong(source));
            }
        }
        tile.setFigures(figures);
        int set = source.readUnsignedByte();
        if (set > MOST_SPARSE_REGISTERS) {
            source.readFully(tile.counterparts);
        } else {
            for (int i = 0; i < set; i++) {
                tile.counterparts[source.readUnsignedByte()] = source.readByte();
            }
        }
        return tile;
    }

    @Override
    public DailyTile deserialize(DailyTile reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    /** Copies one tile's bytes as they are, reading only what says how long each part is. */
    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        target.writeUTF(source.readUTF());
        writeVarLong(target, readVarLong(source));
        int mask = source.readInt();
        target.writeInt(mask);
        for (int i = Integer.bitCount(mask); i > 0; i--) {
            writeVarLong(target, readVarLong(source));
        }
        int set = source.readUnsignedByte();
        target.writeByte(set);
        // Through an array: not every DataOutputView grows to take write(source, n).
        byte[] sketch = new byte[set > MOST_SPARSE_REGISTERS ? DistinctSketch.REGISTERS : 2 * set];
        source.readFully(sketch);
        target.write(sketch);
    }

    static long zigZag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    static long unZigZag(long encoded) {
        return (encoded >>> 1) ^ -(encoded & 1);
    }

    /** Seven bits a byte, least significant first, the top bit set on every byte but the last. */
    static void writeVarLong(DataOutputView target, long value) throws IOException {
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            target.writeByte((int) ((rest & 0x7F) | 0x80));
            rest >>>= 7;
        }
        target.writeByte((int) rest);
    }

    static long readVarLong(DataInputView source) throws IOException {
        long value = 0;
        for (int shift = 0; shift < Long.SIZE; shift += 7) {
            byte b = source.readByte();
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IOException("a variable-length integer runs past 64 bits");
    }

    @Override
    public TypeSerializerSnapshot<DailyTile> snapshotConfiguration() {
        return new Snapshot();
    }

    /**
     * Restores the serializer on a job restart; migrates the tiles a speed view wrote with Flink's
     * POJO serializer (before this serializer was its state's).
     */
    public static final class Snapshot extends PojoSuccessorSnapshot<DailyTile> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** {@link DailyTile}'s type information, with this serializer. */
    private static final class DailyTileType extends TypeInformation<DailyTile> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean isBasicType() {
            return false;
        }

        @Override
        public boolean isTupleType() {
            return false;
        }

        @Override
        public int getArity() {
            return 1;
        }

        @Override
        public int getTotalFields() {
            return 1;
        }

        @Override
        public Class<DailyTile> getTypeClass() {
            return DailyTile.class;
        }

        @Override
        public boolean isKeyType() {
            return false;
        }

        @Override
        public TypeSerializer<DailyTile> createSerializer(SerializerConfig config) {
            return INSTANCE;
        }

        @Override
        public String toString() {
            return "DailyTile";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof DailyTileType;
        }

        @Override
        public int hashCode() {
            return DailyTileType.class.hashCode();
        }

        @Override
        public boolean canEqual(Object o) {
            return o instanceof DailyTileType;
        }
    }
}
