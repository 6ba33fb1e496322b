package io.convergent.streaming.immunity;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.event.schema.EventTimes;
import io.convergent.common.topic.Topics;
import io.convergent.streaming.immunity.functions.CallerReputationLayer;
import io.convergent.streaming.runtime.OnePartitionWatermarks;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.api.operators.SimpleOperatorFactory;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.junit.jupiter.api.Test;

class ImmunityJobTest {

    /**
     * The reputation layer runs in its own operator, the one that fills its filter of known callers
     * when it opens: run by Flink's operator instead, the layer would read RocksDB for every call
     * and no test of the layer would notice.
     */
    @Test
    void theReputationLayerRunsInTheOperatorThatFillsItsFilterOfKnownCallers() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        new ImmunityJob(
                        ImmunityOptions.fromMap(
                                Map.of(ImmunityOptions.BOOTSTRAP_SERVERS, "localhost:9092")))
                .build(env);

        List<StreamNode> reputation =
                env.getStreamGraph().getStreamNodes().stream()
                        .filter(
                                node ->
                                        ImmunityOperatorIds.REPUTATION.equals(
                                                node.getTransformationUID()))
                        .toList();

        assertThat(reputation).hasSize(1);
        assertThat(
                        ((SimpleOperatorFactory<?>) reputation.get(0).getOperatorFactory())
                                .getOperator())
                .isInstanceOfSatisfying(
                        CallerReputationLayer.Operator.class,
                        operator -> assertThat(operator.filterMaxBytes()).isPositive());
    }

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

    @Test
    void aPartitionOfRecordsWithoutATimeGoesIdleAndDoesNotPinTheWatermark() {
        OnePartitionWatermarks<SourceRecord> partition =
                new OnePartitionWatermarks<>(ImmunityJob.inputWatermarks());
        // A producer sending nothing but unparseable records, every 10 s for two minutes.
        for (int i = 0; i < 12; i++) {
            partition.read(
                    new SourceRecord(
                            Topics.TELCO_CALLS,
                            "{not json".getBytes(StandardCharsets.UTF_8),
                            EventTimes.UNKNOWN));
            partition.advance(Duration.ofSeconds(10));
            partition.periodicEmit();
        }

        assertThat(partition.idle()).isTrue();
        assertThat(partition.watermarks()).allMatch(w -> w < 0);
    }
}
