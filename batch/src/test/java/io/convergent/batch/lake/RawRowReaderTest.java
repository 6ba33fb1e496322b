package io.convergent.batch.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.util.OptionalFailure;
import org.junit.jupiter.api.Test;

class RawRowReaderTest {

    @Test
    void aRunSaysWhichTablesHadRowsItSkippedAndNoOther() {
        JobExecutionResult result =
                new JobExecutionResult(
                        new JobID(),
                        1_000,
                        Map.of(
                                RawRowReader.accumulatorOf("raw_calls"),
                                OptionalFailure.of(3L),
                                RawRowReader.accumulatorOf("raw_sms"),
                                OptionalFailure.of(0L),
                                "something else",
                                OptionalFailure.of(7L)));

        Map<String, Long> skipped = RawRowReader.skipped(result);

        assertThat(skipped).containsExactly(Map.entry("raw_calls", 3L));
        assertThat(RawRowReader.describe(skipped)).isEqualTo("3 of raw_calls");
    }
}
