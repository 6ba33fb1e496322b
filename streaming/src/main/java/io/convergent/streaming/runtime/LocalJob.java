package io.convergent.streaming.runtime;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A streaming job running on its own in-process MiniCluster. {@link #close()} cancels it (its
 * retained checkpoint is where the next run resumes); {@link #termination()} completes when the job
 * ends by itself, with the failure if it failed.
 */
public final class LocalJob implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalJob.class);

    private final String name;
    private final JobClient client;
    private final CompletableFuture<JobStatus> termination = new CompletableFuture<>();
    private volatile boolean closing;

    private LocalJob(String name, JobClient client) {
        this.name = name;
        this.client = client;
        client.getJobExecutionResult()
                .whenComplete(
                        (result, failure) -> {
                            if (failure != null) {
                                termination.completeExceptionally(failure);
                            } else {
                                termination.complete(JobStatus.FINISHED);
                            }
                        });
    }

    /** Builds the job into a fresh local environment configured by {@code config} and starts it. */
    public static LocalJob start(
            String name,
            Configuration config,
            int parallelism,
            Consumer<StreamExecutionEnvironment> job)
            throws Exception {
        Objects.requireNonNull(job, "job");
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(parallelism, config);
        job.accept(env);
        JobClient client = env.executeAsync(name);
        LOG.info("Started {} as job {}", name, client.getJobID());
        return new LocalJob(name, client);
    }

    public JobID jobId() {
        return client.getJobID();
    }

    public JobStatus status() throws Exception {
        return client.getJobStatus().get(30, TimeUnit.SECONDS);
    }

    /** Completes when the job ends: normally (a bounded job), or exceptionally if it failed. */
    public CompletableFuture<JobStatus> termination() {
        return termination;
    }

    /** Whether {@link #close()} has been called (a cancellation is then not a failure). */
    public boolean closing() {
        return closing;
    }

    /** Cancels the job, unless it has already ended, and waits for it to stop. */
    @Override
    public void close() {
        closing = true;
        if (termination.isDone()) {
            return;
        }
        try {
            client.cancel().get(60, TimeUnit.SECONDS);
            termination.handle((status, failure) -> null).get(60, TimeUnit.SECONDS);
            LOG.info("Stopped {}", name);
        } catch (Exception e) {
            LOG.warn("{} did not stop cleanly: {}", name, e.toString());
        }
    }
}
