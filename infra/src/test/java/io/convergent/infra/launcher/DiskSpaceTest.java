package io.convergent.infra.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpaceTest {

    private static final Path DATA_DIR = Path.of("/data/convergent");

    /** What the file system says is free: set by each test. */
    private final AtomicLong free = new AtomicLong();

    private final DiskSpace disk = new DiskSpace(DATA_DIR, free::get);

    @Test
    void refusesToStartWithLessThanTheMinimumFreeAndSaysWhereAndHowMuch() {
        free.set(DiskSpace.MIN_FREE_BYTES - 1);

        assertThatThrownBy(disk::requireEnoughToStart)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "only 1023 MiB free on the file system of /data/convergent; up needs at"
                                + " least 1024 MiB (the broker, the warehouse and the checkpoints"
                                + " write there): free some space or choose another --data-dir");

        free.set(300L << 20);
        assertThatThrownBy(disk::requireEnoughToStart).hasMessageStartingWith("only 300 MiB free");
    }

    @Test
    void startsWithTheMinimumFree() {
        free.set(DiskSpace.MIN_FREE_BYTES);
        assertThatCode(disk::requireEnoughToStart).doesNotThrowAnyException();
    }

    @Test
    void runningLowIsAWarningAndRunningOutStopsThePlatformWithTheReason() {
        free.set(10L << 30);
        disk.checkOnce();
        free.set(DiskSpace.MIN_FREE_BYTES - 1);
        disk.checkOnce();
        assertThat(disk.exhausted()).isNotDone();

        free.set(DiskSpace.STOP_BELOW_BYTES - 1);
        disk.checkOnce();
        assertThat(disk.exhausted())
                .isCompletedWithValueMatching(
                        reason ->
                                reason.startsWith(
                                                "only 255 MiB free on the file system of"
                                                        + " /data/convergent (below 256 MiB): stopping")
                                        && reason.endsWith(
                                                "free at least 1024 MiB and run up again, it"
                                                        + " resumes from its checkpoints"));
    }

    @Test
    void aFailedReadIsNotAStop() {
        DiskSpace unreadable =
                new DiskSpace(
                        DATA_DIR,
                        () -> {
                            throw new IllegalStateException("no such file system");
                        });
        unreadable.checkOnce();
        assertThat(unreadable.exhausted()).isNotDone();
        // At start it is a refusal that says why, not a stack trace.
        assertThatThrownBy(unreadable::requireEnoughToStart)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot read the free space of /data/convergent: no such file system");
    }

    @Test
    void readsTheRealFileSystemOfADirectory(@TempDir Path dir) {
        // This machine has room to build the project, so it has the minimum to start.
        assertThatCode(DiskSpace.of(dir)::requireEnoughToStart).doesNotThrowAnyException();
    }

    @Test
    void theWatchStopsThePlatformFromItsOwnThread() throws Exception {
        free.set(DiskSpace.STOP_BELOW_BYTES - 1);
        try (DiskSpace watched = disk.watch()) {
            assertThat(watched.exhausted().get(5, TimeUnit.SECONDS)).contains("stopping");
        }
    }
}
