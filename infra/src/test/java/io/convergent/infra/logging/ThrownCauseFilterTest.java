package io.convergent.infra.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.concurrent.RejectedExecutionException;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.Filter.Result;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;

class ThrownCauseFilterTest {

    private static final String COMMIT_SERVICE = "org.apache.iceberg.actions.BaseCommitService";

    @Test
    void theLaunchersConfigurationDropsACommitCutShortByAStopAndKeepsEveryOtherFailure()
            throws Exception {
        URI shipped = ThrownCauseFilter.class.getResource("/log4j2.xml").toURI();
        LoggerContext context = new LoggerContext("log4j2-xml-under-test", null, shipped);
        context.start();
        try {
            LoggerConfig logger = context.getConfiguration().getLoggerConfig(COMMIT_SERVICE);
            assertThat(logger.getName()).isEqualTo(COMMIT_SERVICE);
            Filter filter = logger.getFilter();
            assertThat(filter).isInstanceOf(ThrownCauseFilter.class);

            // What Iceberg logs at a stop: the interruption, wrapped, or the closed pool's refusal.
            assertThat(filter.filter(error(new RuntimeException(new InterruptedException()))))
                    .isEqualTo(Result.DENY);
            assertThat(filter.filter(error(new RejectedExecutionException("pool shut down"))))
                    .isEqualTo(Result.DENY);
            // A commit that fails for a reason of its own still shows.
            assertThat(filter.filter(error(new IllegalStateException("conflicting files"))))
                    .isEqualTo(Result.NEUTRAL);
            assertThat(filter.filter(error(null))).isEqualTo(Result.NEUTRAL);

            Filter committer =
                    context.getConfiguration()
                            .getLoggerConfig(
                                    "org.apache.iceberg.flink.maintenance.operator"
                                            + ".DataFileRewriteCommitter")
                            .getFilter();
            assertThat(
                            committer.filter(
                                    error(
                                            new RuntimeException(
                                                    "commit service interrupted",
                                                    new InterruptedException()))))
                    .isEqualTo(Result.DENY);
            assertThat(committer.filter(error(new IllegalStateException("no table"))))
                    .isEqualTo(Result.NEUTRAL);
        } finally {
            context.stop();
        }
    }

    @Test
    void aSubclassAndADeepCauseMatchAndACycleEnds() {
        ThrownCauseFilter filter =
                ThrownCauseFilter.createFilter(
                        "java.lang.InterruptedException", Result.DENY, Result.NEUTRAL);
        Exception deep = new Exception(new Exception(new Exception(new InterruptedException())));
        Exception first = new Exception("first");
        Exception second = new Exception("second", first);
        first.initCause(second);

        assertThat(filter.matches(deep)).isTrue();
        assertThat(filter.matches(first)).isFalse();
        assertThat(
                        ThrownCauseFilter.createFilter(
                                        "java.lang.RuntimeException", Result.DENY, Result.NEUTRAL)
                                .matches(new Exception(new IllegalStateException())))
                .isTrue();
    }

    @Test
    void aNameThatIsNoExceptionClassIsRefusedNamingIt() {
        assertThatThrownBy(
                        () ->
                                ThrownCauseFilter.createFilter(
                                        "java.lang.InterruptedExeption", Result.DENY, null))
                .hasMessage("ThrownCauseFilter: no class java.lang.InterruptedExeption");
        assertThatThrownBy(
                        () -> ThrownCauseFilter.createFilter("java.lang.String", Result.DENY, null))
                .hasMessage("ThrownCauseFilter: java.lang.String is not an exception class");
        assertThatThrownBy(() -> ThrownCauseFilter.createFilter(" ", Result.DENY, null))
                .hasMessageContaining("needs causes=");
    }

    private static LogEvent error(Throwable thrown) {
        return Log4jLogEvent.newBuilder()
                .setLoggerName(COMMIT_SERVICE)
                .setLevel(Level.ERROR)
                .setMessage(
                        new SimpleMessage(
                                "Failure during rewrite commit process, partial progress enabled."
                                        + " Ignoring"))
                .setThrown(thrown)
                .build();
    }
}
