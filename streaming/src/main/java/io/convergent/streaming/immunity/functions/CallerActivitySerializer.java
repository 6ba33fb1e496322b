package io.convergent.streaming.immunity.functions;

import io.convergent.common.immunity.CallerActivity;
import io.convergent.streaming.runtime.PojoSuccessorSnapshot;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A hand-written serializer for the caller's record in {@link CallerReputationLayer}'s state, which
 * is written on every call: Flink's POJO serializer wrote every record in 241 bytes (each field
 * with a null marker, both counter arrays and the callee ring whole, by reflection), and the record
 * was most of what the immunity job wrote to RocksDB, and so of what it flushed, compacted and
 * copied into each checkpoint.
 *
 * <p>Most records are small: most callers of a day call a few times, so most of the sixteen
 * counters and the ring's slots are zero. A record here is:
 *
 * <ol>
 *   <li>a byte of flags: whether {@code asOf} and {@code lastMassDialling} are set;
 *   <li>{@code asOf}, when set;
 *   <li>for each horizon (hour, then day), a byte with a bit per counter that is not zero, then
 *       each of those counters, bit for bit (so a record comes back exactly as it was);
 *   <li>{@code recentCount} and {@code recentNext} (a byte each), then the ring's first {@code
 *       recentCount} slots: the ring fills from slot 0, so the others are still zero;
 *   <li>{@code lastCallee}, and {@code lastMassDialling} when set.
 * </ol>
 *
 * A caller's first call takes 53 bytes (unanswered) to 117 (answered, short, at night), against the
 * POJO serializer's 241; a record with every counter and ring slot set, 217 ({@link #MAX_BYTES}).
 *
 * <p>The upgrade is one way: a build before this serializer cannot restore a checkpoint written
 * with it. Checkpoints name {@link Snapshot}'s class: moving or renaming it breaks their restore.
 */
public final class CallerActivitySerializer extends TypeSerializerSingleton<CallerActivity> {

    private static final long serialVersionUID = 1L;

    public static final CallerActivitySerializer INSTANCE = new CallerActivitySerializer();

    private static final int HAS_AS_OF = 1;
    private static final int HAS_MASS_DIALLING = 1 << 1;

    /** Counters per horizon: each has a bit in a byte. */
    private static final int COUNTERS = new CallerActivity().hour.length;

    private static final int RING = new CallerActivity().recentCallees.length;

    /** The longest record: every counter and ring slot set, and both times. */
    static final int MAX_BYTES =
            1 + 2 * Long.BYTES + 2 * (1 + COUNTERS * Double.BYTES) + 2 + (RING + 1) * Integer.BYTES;

    static {
        if (COUNTERS > Byte.SIZE || RING > 0xFF) {
            throw new ExceptionInInitializerError(
                    "a caller's record has " + COUNTERS + " counters and " + RING + " ring slots");
        }
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public CallerActivity createInstance() {
        return new CallerActivity();
    }

    @Override
    public CallerActivity copy(CallerActivity from) {
        CallerActivity copy = new CallerActivity();
        copy.asOf = from.asOf;
        copy.hour = from.hour.clone();
        copy.day = from.day.clone();
        copy.recentCallees = from.recentCallees.clone();
        copy.recentCount = from.recentCount;
        copy.recentNext = from.recentNext;
        copy.lastCallee = from.lastCallee;
        copy.lastMassDialling = from.lastMassDialling;
        return copy;
    }

    @Override
    public CallerActivity copy(CallerActivity from, CallerActivity reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(CallerActivity activity, DataOutputView target) throws IOException {
        checkShape(activity);
        boolean hasAsOf = activity.asOf != Long.MIN_VALUE;
        boolean hasMassDialling = activity.lastMassDialling != Long.MIN_VALUE;
        target.writeByte((hasAsOf ? HAS_AS_OF : 0) | (hasMassDialling ? HAS_MASS_DIALLING : 0));
        if (hasAsOf) {
            target.writeLong(activity.asOf);
        }
        writeCounters(activity.hour, target);
        writeCounters(activity.day, target);
        target.writeByte(activity.recentCount);
        target.writeByte(activity.recentNext);
        for (int i = 0; i < activity.recentCount; i++) {
            target.writeInt(activity.recentCallees[i]);
        }
        target.writeInt(activity.lastCallee);
        if (hasMassDialling) {
            target.writeLong(activity.lastMassDialling);
        }
    }

    /**
     * The format keeps a counter's presence in one bit of a byte and the ring's length in a byte,
     * and leaves out the ring's slots past {@code recentCount}: a record it cannot hold exactly is
     * refused rather than written changed.
     */
    private static void checkShape(CallerActivity activity) {
        if (activity.hour.length != COUNTERS
                || activity.day.length != COUNTERS
                || activity.recentCallees.length != RING
                || activity.recentCount < 0
                || activity.recentCount > activity.recentCallees.length
                || activity.recentNext < 0
                || activity.recentNext >= activity.recentCallees.length) {
            throw new IllegalStateException(
                    "a caller's record of an unknown shape: "
                            + activity.hour.length
                            + " and "
                            + activity.day.length
                            + " counters, a ring of "
                            + activity.recentCallees.length
                            + ", count "
                            + activity.recentCount
                            + ", next "
                            + activity.recentNext);
        }
        for (int i = activity.recentCount; i < activity.recentCallees.length; i++) {
            if (activity.recentCallees[i] != 0) {
                throw new IllegalStateException(
                        "a caller's ring holds slot " + i + " past its count " + activity);
            }
        }
    }

    private static void writeCounters(double[] counters, DataOutputView target) throws IOException {
        int set = 0;
        for (int i = 0; i < counters.length; i++) {
            // Raw bits: -0.0 is written too, so what is read back is what was written.
            if (Double.doubleToRawLongBits(counters[i]) != 0) {
                set |= 1 << i;
            }
        }
        target.writeByte(set);
        for (int i = 0; i < counters.length; i++) {
            if ((set & (1 << i)) != 0) {
                target.writeLong(Double.doubleToRawLongBits(counters[i]));
            }
        }
    }

    @Override
    public CallerActivity deserialize(DataInputView source) throws IOException {
        CallerActivity activity = new CallerActivity();
        int flags = source.readUnsignedByte();
        if ((flags & HAS_AS_OF) != 0) {
            activity.asOf = source.readLong();
        }
        readCounters(activity.hour, source);
        readCounters(activity.day, source);
        activity.recentCount = source.readUnsignedByte();
        activity.recentNext = source.readUnsignedByte();
        if (activity.recentCount > activity.recentCallees.length
                || activity.recentNext >= activity.recentCallees.length) {
            throw new IOException(
                    "a caller's record with "
                            + activity.recentCount
                            + " recent callees and the next in slot "
                            + activity.recentNext);
        }
        for (int i = 0; i < activity.recentCount; i++) {
            activity.recentCallees[i] = source.readInt();
        }
        activity.lastCallee = source.readInt();
        if ((flags & HAS_MASS_DIALLING) != 0) {
            activity.lastMassDialling = source.readLong();
        }
        return activity;
    }

    private static void readCounters(double[] counters, DataInputView source) throws IOException {
        int set = source.readUnsignedByte();
        for (int i = 0; i < counters.length; i++) {
            if ((set & (1 << i)) != 0) {
                counters[i] = Double.longBitsToDouble(source.readLong());
            }
        }
    }

    @Override
    public CallerActivity deserialize(CallerActivity reuse, DataInputView source)
            throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<CallerActivity> snapshotConfiguration() {
        return new Snapshot();
    }

    /**
     * Restores the serializer on a job restart; migrates the records that builds before it wrote
     * with Flink's POJO serializer.
     */
    public static final class Snapshot extends PojoSuccessorSnapshot<CallerActivity> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
