package io.convergent.streaming.immunity.functions;

import static io.convergent.common.immunity.CallerActivity.HOUR_MILLIS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.convergent.common.immunity.CallerActivity;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class CallerActivitySerializerTest {

    private static final CallerActivitySerializer SERIALIZER = CallerActivitySerializer.INSTANCE;

    /** 2026-11-25 12:00 Moscow time: a daytime call. */
    private static final long NOON = 1_795_564_800_000L + 9 * HOUR_MILLIS;

    private static CallerActivity firstCall(boolean answered) {
        CallerActivity activity = new CallerActivity();
        activity.recordCall(NOON, "k1.callee", null, answered, answered ? 4_000L : 0L);
        return activity;
    }

    /** A mass dialler: 40 numbers in a row (the ring wrapped), a complaint, a block. */
    private static CallerActivity massDialler() {
        CallerActivity activity = new CallerActivity();
        for (int i = 0; i < 40; i++) {
            activity.recordCall(
                    NOON + i * 1_000L, "k1.n" + (i + 1), "k1.n" + i, i % 3 == 0, i * 100L);
        }
        activity.recordComplaint(NOON + 50_000L);
        activity.recordMassDialling(NOON + 41_000L);
        return activity;
    }

    private static List<CallerActivity> records() {
        List<CallerActivity> records = new ArrayList<>();
        records.add(new CallerActivity());
        records.add(firstCall(false));
        records.add(firstCall(true));
        records.add(massDialler());
        CallerActivity complainedOnly = new CallerActivity();
        complainedOnly.recordComplaint(NOON);
        records.add(complainedOnly);
        CallerActivity negativeZero = firstCall(true);
        negativeZero.day[2] = -0.0;
        records.add(negativeZero);
        Random random = new Random(11);
        for (int r = 0; r < 200; r++) {
            CallerActivity activity = new CallerActivity();
            long time = NOON + random.nextInt(1_000_000);
            for (int c = random.nextInt(30); c > 0; c--) {
                time += random.nextInt(3) == 0 ? -random.nextInt(60_000) : random.nextInt(600_000);
                activity.recordCall(
                        time,
                        "k1.n" + random.nextInt(25),
                        "k1.n" + random.nextInt(25),
                        random.nextBoolean(),
                        random.nextInt(120_000));
            }
            records.add(activity);
        }
        return records;
    }

    private static byte[] bytesOf(TypeSerializer<CallerActivity> serializer, CallerActivity record)
            throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(record, out);
        return out.getCopyOfBuffer();
    }

    @Test
    void everyRecordComesBackExactlyAndSoDoItsCopiedBytes() throws Exception {
        List<CallerActivity> records = records();
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (CallerActivity record : records) {
            SERIALIZER.serialize(record, out);
        }
        DataOutputSerializer copied = new DataOutputSerializer(64);
        DataInputDeserializer original = new DataInputDeserializer(out.getCopyOfBuffer());
        for (int i = 0; i < records.size(); i++) {
            SERIALIZER.copy(original, copied);
        }

        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        DataInputDeserializer copiedIn = new DataInputDeserializer(copied.getCopyOfBuffer());
        for (CallerActivity record : records) {
            assertThat(SERIALIZER.deserialize(in)).usingRecursiveComparison().isEqualTo(record);
            assertThat(SERIALIZER.deserialize(new CallerActivity(), copiedIn))
                    .usingRecursiveComparison()
                    .isEqualTo(record);
            CallerActivity copy = SERIALIZER.copy(record);
            assertThat(copy).usingRecursiveComparison().isEqualTo(record);
            assertThat(copy.hour).isNotSameAs(record.hour);
        }
        assertThat(in.available()).isZero();
        assertThat(copiedIn.available()).isZero();
        assertThat(Double.doubleToRawLongBits(SERIALIZER.copy(records.get(5)).day[2]))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @Test
    void aRecordTakesAFractionOfWhatThePojoSerializerWrote() throws Exception {
        TypeSerializer<CallerActivity> pojo =
                TypeInformation.of(CallerActivity.class)
                        .createSerializer(new SerializerConfigImpl());

        assertThat(bytesOf(pojo, firstCall(false))).hasSize(241);
        assertThat(bytesOf(SERIALIZER, firstCall(false))).hasSize(53);
        assertThat(bytesOf(SERIALIZER, firstCall(true))).hasSize(101);
        assertThat(bytesOf(pojo, massDialler())).hasSize(241);
        assertThat(bytesOf(SERIALIZER, massDialler())).hasSizeLessThan(241);
        CallerActivity full = massDialler();
        Arrays.fill(full.hour, 1.5);
        Arrays.fill(full.day, 2.5);
        assertThat(CallerActivitySerializer.MAX_BYTES).isEqualTo(217);
        assertThat(bytesOf(SERIALIZER, full)).hasSize(CallerActivitySerializer.MAX_BYTES);
    }

    @Test
    void aRecordTheFormatCannotHoldExactlyIsRefused() {
        CallerActivity slotPastTheCount = firstCall(true);
        slotPastTheCount.recentCallees[5] = 42;
        CallerActivity longerRing = firstCall(true);
        longerRing.recentCallees = new int[longerRing.recentCallees.length + 1];

        assertThatThrownBy(() -> bytesOf(SERIALIZER, slotPastTheCount))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("slot 5");
        assertThatThrownBy(() -> bytesOf(SERIALIZER, longerRing))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unknown shape");
    }

    @Test
    void recordsThePojoSerializerWroteAreMigratedAndItsOwnReadAsTheyAre() {
        CallerActivitySerializer.Snapshot snapshot = new CallerActivitySerializer.Snapshot();

        assertThat(
                        snapshot.resolveSchemaCompatibility(
                                        TypeInformation.of(CallerActivity.class)
                                                .createSerializer(new SerializerConfigImpl())
                                                .snapshotConfiguration())
                                .isCompatibleAfterMigration())
                .isTrue();
        assertThat(
                        snapshot.resolveSchemaCompatibility(SERIALIZER.snapshotConfiguration())
                                .isCompatibleAsIs())
                .isTrue();
    }
}
