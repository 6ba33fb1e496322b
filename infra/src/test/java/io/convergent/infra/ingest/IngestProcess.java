package io.convergent.infra.ingest;

import io.convergent.infra.lake.LakeCatalog;
import io.convergent.infra.lake.LakeCatalogs;
import io.convergent.streaming.ingest.IngestJob;
import io.convergent.streaming.runtime.LocalFlink;
import io.convergent.streaming.runtime.LocalJob;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The ingest job alone in a JVM of its own, as {@code up} runs it, so a test can kill it outright:
 * {@code IngestProcess <bootstrap> <data dir>}. Prints {@code RUNNING} once the job is submitted.
 */
public final class IngestProcess {

    static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(1);

    private IngestProcess() {}

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        Path dataDir = Path.of(args[1]);
        IngestJob job;
        try (LakeCatalog lake = LakeCatalogs.open(dataDir)) {
            job = new IngestJob(IngestFixture.options(bootstrap, lake, dataDir));
        }
        job.prepareTables();
        LocalJob running =
                LocalJob.start(
                        IngestJob.JOB_NAME,
                        LocalFlink.configuration(
                                dataDir.resolve("checkpoints"), CHECKPOINT_INTERVAL, 0),
                        2,
                        job::build);
        System.out.println("RUNNING " + running.jobId());
        System.out.flush();
        running.termination().get();
    }
}
