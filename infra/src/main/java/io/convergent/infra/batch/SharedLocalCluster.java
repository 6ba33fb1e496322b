package io.convergent.infra.batch;

import io.convergent.streaming.runtime.LocalFlink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
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

    /** The cluster {@link #install} made the default, until it is closed. */
    private static SharedLocalCluster installed;

    private final int parallelism;
    private MiniCluster cluster;
    private URI rest;

    /** Where the jobs' temporary files go; null: the JVM's temporary directory. */
    private Path workDirectory;

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
        synchronized (SharedLocalCluster.class) {
            installed = shared;
        }
        return shared;
    }

    /**
     * Keeps the temporary files of the installed cluster's jobs (spilled data, blobs) in a
     * directory of this process under {@code parent} (a data directory's {@code work/batch}), not
     * in the JVM's temporary directory: on the data directory's disk, off a {@code /tmp} that is
     * often RAM. What commands no longer running left there is deleted; those still running (a
     * {@code models train} beside a {@code batch run}) keep theirs. Without an installed cluster (a
     * test calling a command), or once it has started, this does nothing.
     */
    public static void workIn(Path parent) {
        SharedLocalCluster shared;
        synchronized (SharedLocalCluster.class) {
            shared = installed;
        }
        if (shared != null) {
            shared.useWorkDirectory(parent);
        }
    }

    private synchronized void useWorkDirectory(Path parent) {
        if (cluster != null) {
            return;
        }
        Path absolute = parent.toAbsolutePath().normalize();
        removeLeftOvers(absolute);
        workDirectory = absolute.resolve(PROCESS_PREFIX + ProcessHandle.current().pid());
    }

    private static final String PROCESS_PREFIX = "pid-";

    /** Deletes the directories of processes that are gone, and of this process's pid before. */
    private static void removeLeftOvers(Path parent) {
        if (!Files.isDirectory(parent)) {
            return;
        }
        try (Stream<Path> children = Files.list(parent)) {
            for (Path child : children.toList()) {
                String name = child.getFileName().toString();
                if (!name.startsWith(PROCESS_PREFIX)) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(name.substring(PROCESS_PREFIX.length()));
                } catch (NumberFormatException e) {
                    continue;
                }
                boolean running =
                        pid != ProcessHandle.current().pid()
                                && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                if (!running) {
                    deleteTree(child);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not remove what earlier commands left in {}", parent, e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path :
                    walk.sorted(Comparator.comparingInt(Path::getNameCount).reversed()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not delete {}", root, e);
        }
    }

    /** The directory of the jobs' temporary files; empty while they go to the JVM's. */
    synchronized Optional<Path> workDirectory() {
        return Optional.ofNullable(workDirectory);
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
        synchronized (SharedLocalCluster.class) {
            if (installed == this) {
                installed = null;
            }
        }
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
            if (workDirectory != null) {
                deleteTree(workDirectory);
            }
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
        if (workDirectory != null) {
            LocalFlink.useWorkDirectory(configuration, workDirectory);
        }
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
