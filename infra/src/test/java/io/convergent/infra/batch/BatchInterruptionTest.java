package io.convergent.infra.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The one line a batch command stopped by a signal prints: what its run leaves. */
class BatchInterruptionTest {

    private static final LocalDate DAY = LocalDate.parse("2026-11-20");

    @Test
    void beforeTheArgumentsAreReadNothingIsWritten() {
        assertThat(new BatchCommand.RunState().interrupted())
                .isEqualTo("batch: interrupted before it started; nothing was written");
    }

    @Test
    void beforeTheFirstStepNothingIsWrittenForTheDay() {
        BatchCommand.RunState state = new BatchCommand.RunState();
        state.begin("batch run", DAY, true);

        assertThat(state.interrupted())
                .isEqualTo(
                        "batch run: interrupted before its first step; nothing was written for"
                                + " 2026-11-20");
    }

    @Test
    void aStepUnderWayDidNotFinishAndNoViewIsPublished() {
        BatchCommand.RunState state = new BatchCommand.RunState();
        state.begin("batch run", DAY, true);
        state.step(DAY, "features_daily");
        state.done();
        state.step(DAY, "models");

        assertThat(state.interrupted())
                .isEqualTo(
                        "batch run: interrupted during 2026-11-20 models, which did not finish;"
                                + " the steps reported done above stand; no batch view was"
                                + " published for 2026-11-20");
    }

    @Test
    void aViewPublishedBeforeTheInterruptionIsSaidToBe() {
        BatchCommand.RunState state = new BatchCommand.RunState();
        state.begin("batch backfill", DAY, true);
        state.step(DAY, "publish_view");
        state.published(3);
        state.done();
        state.step(DAY, "immunity statistics");

        assertThat(state.interrupted())
                .isEqualTo(
                        "batch backfill: interrupted during 2026-11-20 immunity statistics, which"
                                + " did not finish; the steps reported done above stand; batch"
                                + " view 3 of 2026-11-20 was published");
    }

    @Test
    void betweenStepsNoneIsSaidUnfinishedAndARunThatPublishesNothingSaysNothingOfViews() {
        BatchCommand.RunState state = new BatchCommand.RunState();
        state.begin("batch backfill", DAY, false);
        state.step(DAY.minusDays(1), "caller_reputation");
        state.done();

        assertThat(state.interrupted())
                .isEqualTo(
                        "batch backfill: interrupted after 2026-11-19 caller_reputation; the steps"
                                + " reported done above stand");
    }
}
