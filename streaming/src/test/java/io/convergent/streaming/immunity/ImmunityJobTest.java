package io.convergent.streaming.immunity;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.junit.jupiter.api.Test;

class ImmunityJobTest {

    @Test
    void aFreshJobReadsDataSessionsFromTheStartWithTheOtherInputs() {
        assertThat(ImmunityJob.dataSessionsStart(new Configuration()))
                .isEqualTo(OffsetResetStrategy.EARLIEST);
    }

    @Test
    void aRestoredJobWithoutADataSessionsPositionStartsThemAtTheLatest() {
        Configuration restoring = new Configuration();
        restoring.set(StateRecoveryOptions.SAVEPOINT_PATH, "file:///var/checkpoints/chk-42");

        assertThat(ImmunityJob.dataSessionsStart(restoring)).isEqualTo(OffsetResetStrategy.LATEST);
    }
}
