package io.convergent.batch.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.table.api.TableEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lake's SQL environments give back what they hold once closed. */
class LakeSqlTest {

    @TempDir Path dir;

    @Test
    void aClosedEnvironmentHoldsNoConnectionToTheCatalogDatabase() throws Exception {
        TemporaryLake lake = new TemporaryLake(dir);
        lake.sql().getCurrentCatalog(); // the tables made, as every run of `batch` does first
        long before = openFilesUnder(dir);

        List<TableEnvironment> open = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            open.add(lake.sql());
        }
        // What this test watches: each environment's catalog holds the database open.
        assertThat(openFilesUnder(dir)).isGreaterThanOrEqualTo(before + 5);

        open.forEach(LakeSql::close);
        assertThat(openFilesUnder(dir)).isLessThanOrEqualTo(before);
        LakeSql.close(null); // nothing to close: no failure
    }

    /** This process's open file descriptors on files under {@code root} (Linux's /proc). */
    private static long openFilesUnder(Path root) throws IOException {
        Path real = root.toRealPath();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(LakeSqlTest::target)
                    .filter(t -> t != null && t.startsWith(real))
                    .count();
        }
    }

    private static Path target(Path fd) {
        try {
            return Files.readSymbolicLink(fd);
        } catch (IOException e) {
            return null; // closed since it was listed
        }
    }
}
