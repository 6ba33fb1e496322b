package io.convergent.infra.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.immunity.ImmunityDecision;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class UnreadableRecordsTest {

    @Test
    void aRecordTheReaderRefusesIsLeftOutCountedAndReportedWithItsPosition() {
        UnreadableRecords unreadable = new UnreadableRecords("immunity.decisions");
        Function<ConsumerRecord<byte[], byte[]>, ImmunityDecision> reader =
                unreadable.skipping(record -> ImmunityDecision.fromJson(record.value()));

        assertThat(reader.apply(record(7, "{\"format\": 2}"))).isNull();
        assertThat(reader.apply(record(8, "not json"))).isNull();

        assertThat(unreadable.count()).isEqualTo(2);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        unreadable.report(new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .isEqualTo(
                        "warning: 2 record(s) of immunity.decisions could not be read and are not"
                                + " counted below; the first, partition 0 offset 7: unknown"
                                + " decision format 2"
                                + System.lineSeparator());
    }

    @Test
    void nothingIsReportedWhenEveryRecordWasRead() {
        UnreadableRecords unreadable = new UnreadableRecords("immunity.decisions");
        assertThat(unreadable.skipping(record -> "read").apply(record(0, "{}"))).isEqualTo("read");

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        unreadable.report(new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(printed.size()).isZero();
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset, String value) {
        return new ConsumerRecord<>(
                "immunity.decisions", 0, offset, null, value.getBytes(StandardCharsets.UTF_8));
    }
}
