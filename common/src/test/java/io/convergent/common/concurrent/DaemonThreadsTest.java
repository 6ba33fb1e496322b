package io.convergent.common.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DaemonThreadsTest {

    @Test
    void runsTasksOnANamedDaemonThread() throws Exception {
        ExecutorService executor =
                Executors.newSingleThreadExecutor(DaemonThreads.named("disk-space"));
        try {
            Thread thread = executor.submit(Thread::currentThread).get(10, TimeUnit.SECONDS);

            assertThat(thread.getName()).isEqualTo("disk-space");
            assertThat(thread.isDaemon()).isTrue();
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void refusesABlankName() {
        assertThatThrownBy(() -> DaemonThreads.named(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a thread name must not be blank");
    }
}
