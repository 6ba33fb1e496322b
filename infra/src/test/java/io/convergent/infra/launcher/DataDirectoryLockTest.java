package io.convergent.infra.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryLockTest {

    @TempDir Path dataDir;

    @Test
    void aSecondUpOnADirectoryInUseIsRefusedNamingTheHolderAndTouchesNothing() throws Exception {
        try (DataDirectoryLock held = DataDirectoryLock.acquire(dataDir.resolve("var"))) {
            Path var = dataDir.resolve("var").toAbsolutePath().normalize();
            assertThat(Files.list(var)).containsExactly(var.resolve(DataDirectoryLock.FILE));

            assertThatThrownBy(() -> DataDirectoryLock.acquire(dataDir.resolve("var/../var")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage(
                            var
                                    + " is in use by another `up` (pid "
                                    + ProcessHandle.current().pid()
                                    + "): stop it first (Ctrl-C in its terminal), or start this"
                                    + " one with another --data-dir");
            assertThat(Files.list(var)).containsExactly(var.resolve(DataDirectoryLock.FILE));
        }
        // Released when the first stops: the directory can be started again.
        DataDirectoryLock.acquire(dataDir.resolve("var")).close();
    }
}
