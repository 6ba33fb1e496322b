package io.convergent.infra.batch;

import java.net.URI;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One local Flink cluster for every job a command runs in this JVM, instead of one per job. Left
 * alone, each {@code env.execute()} of a local environment starts a cluster of its own and stops it
 * after the job: about a second of the 1.7 s a day's {@code features_daily} takes at 3,000
 * subscribers, paid again for each of the dozens of jobs of a backfill or a training run.
 *
 * <p>While open, {@link StreamExecutionEnvironment#getExecutionEnvironment()} (and so the table
 * environments, whose executors ask it) submits to this cluster over its REST endpoint on the
 * loopback interface, the classes coming from this JVM's class path. Jobs without a parallelism of
 * their own get {@code parallelism}, as a local environment gives the machine's cores. Close it to
 * restore the default and stop the cluster. For command-line entry points only: it sets a JVM-wide
 * default, which a process running other Flink jobs (such as {@code up}) must not.
 */
public final class SharedLocalCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SharedLocalCluster.class);

    private final int parallelism;
    private MiniCluster cluster;
    private URI rest;

    private SharedLocalCluster(int parallelism) {
        this.parallelism = parallelism;
    }

    /**
     * Makes a cluster of {@code parallelism} task slots the jobs' default; it starts with the first
     * job, so a command that runs none pays nothing.
     */
    public static SharedLocalCluster install(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be positive, got " + parallelism);
        }
        SharedLocalCluster shared = new SharedLocalCluster(parallelism);
        Submitter.useCluster(shared);
        return shared;
    }

    /** Whether a job has started the cluster. */
    public synchronized boolean started() {
        return cluster != null;
    }

    /** The jobs submitted to the cluster so far (none before it starts). */
    public synchronized int jobsSubmitted() throws Exception {
        return cluster == null ? 0 : cluster.listJobs().get().size();
    }

    /**
     * Restores the default environment and stops the cluster. A cluster that fails to stop is
     * logged, not thrown: by then the command's jobs have finished and their results are committed,
     * so the command must not end as a failure (exit 1, a stack trace) for it.
     */
    @Override
    public synchronized void close() {
        Submitter.useDefault();
        if (cluster == null) {
            return;
        }
        try {
            cluster.close();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("The local Flink cluster did not stop cleanly; the jobs had finished", e);
        } finally {
            cluster = null;
        }
    }

    private synchronized Configuration submitTo(Configuration asked) {
        if (cluster == null) {
            start();
        }
        Configuration configuration = new Configuration();
        configuration.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        configuration.addAll(asked);
        configuration.set(DeploymentOptions.TARGET, "remote");
        configuration.set(DeploymentOptions.ATTACHED, true);
        configuration.set(RestOptions.ADDRESS, rest.getHost());
        configuration.set(RestOptions.PORT, rest.getPort());
        return configuration;
    }

    private void start() {
        long started = System.nanoTime();
        Configuration configuration = new Configuration();
        configuration.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        configuration.set(RestOptions.ADDRESS, "127.0.0.1");
        configuration.set(RestOptions.PORT, 0);
        MiniCluster starting =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(configuration)
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(parallelism)
                                .build());
        try {
            starting.start();
            rest = starting.getRestAddress().get();
        } catch (Exception e) {
            try {
                starting.close();
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            throw new IllegalStateException("the local Flink cluster did not start", e);
        }
        cluster = starting;
        LOG.info(
                "Local Flink cluster of {} slots started in {} ms, shared by this command's jobs",
                parallelism,
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Opens the environment's protected context hooks. */
    private static final class Submitter extends StreamExecutionEnvironment {

        static void useCluster(SharedLocalCluster shared) {
            initializeContextEnvironment(
                    asked -> new StreamExecutionEnvironment(shared.submitTo(asked)));
        }

        static void useDefault() {
            resetContextEnvironment();
        }
    }
}
