package io.convergent.infra.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.apache.flink.api.dag.Pipeline;
import org.apache.flink.client.deployment.executors.PipelineExecutorUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One local Flink cluster for every job a command runs in this JVM, instead of one per job. Left
 * alone, each {@code env.execute()} of a local environment starts a cluster of its own and stops it
 * after the job: about a second of the 1.7 s a day's {@code features_daily} takes at 3,000
 * subscribers, paid again for each of the dozens of jobs of a backfill or a training run.
 *
 * <p>While open, {@link StreamExecutionEnvironment#getExecutionEnvironment()} (and so the table
 * environments, whose executors ask it) submits to this cluster in this JVM, as a local environment
 * submits to the cluster it starts: no execution plan is written to a file and uploaded, as a
 * submission over the REST endpoint would (into the JVM's temporary directory, which {@link
 * #workIn} cannot move for it). Jobs without a parallelism of their own get {@code parallelism}, as
 * a local environment gives the machine's cores. Close it to restore the default and stop the
 * cluster. For command-line entry points only: it sets a JVM-wide default, which a process running
 * other Flink jobs (such as {@code up}) must not.
 */
public final class SharedLocalCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SharedLocalCluster.class);

    /** The cluster {@link #install} made the default, until it is closed. */
    private static SharedLocalCluster installed;

    /** The name under which {@link Submitter} finds this cluster's executor. */
    private static final String TARGET = "convergent-shared-local";

    private final int parallelism;
    private MiniCluster cluster;

    /** Where the jobs' temporary files go; null: the JVM's temporary directory. */
    private Path workDirectory;

    /** Held while the command runs: what tells others its work directory is in use. */
    private FileLock running;

    /** {@code java.io.tmpdir} before {@link #workIn} pointed it at the work directory. */
    private String jvmTemporaryDirectory;

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
     * Keeps the temporary files of the installed cluster's jobs (spilled data, blobs, the REST
     * endpoint's uploads) and of Flink's table planner (the 45 MB jar it extracts to load itself)
     * in a directory of this command under {@code parent} (a data directory's {@code work/batch}),
     * not in the JVM's temporary directory: on the data directory's disk, off a {@code /tmp} that
     * is often RAM, and gone with the command. What commands no longer running left there is
     * deleted; those still running (a {@code models train} beside a {@code batch run}) keep theirs.
     * Without an installed cluster (a test calling a command), or once it has started, this does
     * nothing.
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

    /** A command's directory: {@code run-<pid>-<random>}, so containers' equal pids never meet. */
    private static final String RUN_PREFIX = "run-";

    /**
     * The file each command holds locked while it runs: a lock, unlike a pid, is released by the
     * operating system when the process ends, whatever killed it, and means the same in every pid
     * namespace that shares the directory.
     */
    private static final String LOCK_FILE = ".running";

    /** A directory younger than this without its lock file is a command still setting it up. */
    private static final Duration SETTING_UP = Duration.ofMinutes(1);

    private synchronized void useWorkDirectory(Path parent) {
        if (cluster != null || workDirectory != null) {
            return;
        }
        Path absolute = parent.toAbsolutePath().normalize();
        removeLeftOvers(absolute);
        Path mine =
                absolute.resolve(
                        RUN_PREFIX
                                + ProcessHandle.current().pid()
                                + "-"
                                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        OWN.add(mine);
        FileChannel channel = null;
        try {
            Files.createDirectories(mine);
            channel =
                    FileChannel.open(
                            mine.resolve(LOCK_FILE),
                            StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE);
            running = channel.lock();
        } catch (IOException | RuntimeException e) {
            // The jobs then spill where Flink would have put them: a command does not fail for it.
            LOG.warn(
                    "Could not prepare {}, using the JVM's temporary directory: {}",
                    mine,
                    e.toString());
            closeQuietly(channel);
            deleteTree(mine);
            OWN.remove(mine);
            return;
        }
        workDirectory = mine;
        useForTablePlanner(mine);
    }

    /**
     * Points {@code java.io.tmpdir} at {@code directory} until {@link #close}, for Flink's table
     * planner: its loader extracts the planner's jar into the first of {@code io.tmp.dirs} of an
     * empty configuration, that is into that option's default, {@code java.io.tmpdir} as it is when
     * Flink's {@link CoreOptions} are first loaded, which in a command is after this (the jar is
     * deleted at the JVM's exit, not when it is killed). The libraries that unpack native code on
     * first use (SQLite's, Snappy's) follow it too. A JVM-wide change, which is why only an
     * installed cluster, a command's, makes it.
     */
    private void useForTablePlanner(Path directory) {
        jvmTemporaryDirectory = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", directory.toString());
        String planner = CoreOptions.TMP_DIRS.defaultValue();
        if (!directory.toString().equals(planner)) {
            LOG.debug(
                    "Flink's options were loaded before the work directory was chosen: the table"
                            + " planner's jar goes to {}",
                    planner);
        }
    }

    /**
     * The work directories of this JVM's commands. Checked before another's lock is tried: closing
     * any channel on a file drops this process's lock on it (POSIX locks are per process), so a
     * look at our own directory's lock would release it.
     */
    private static final java.util.Set<Path> OWN = ConcurrentHashMap.newKeySet();

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("Closing a lock file: {}", e.toString());
        }
    }

    /** Deletes the directories of commands that are no longer running. */
    private static void removeLeftOvers(Path parent) {
        if (!Files.isDirectory(parent)) {
            return;
        }
        List<Path> children;
        try (Stream<Path> list = Files.list(parent)) {
            children = list.filter(p -> p.getFileName().toString().startsWith(RUN_PREFIX)).toList();
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not list {}: {}", parent, e.toString());
            return;
        }
        for (Path child : children) {
            if (!stillRunning(child)) {
                deleteTree(child);
            }
        }
    }

    /**
     * Whether the command of {@code directory} holds its lock (or is only now making it); a
     * directory that cannot be looked at counts as running: it is left alone.
     */
    private static boolean stillRunning(Path directory) {
        if (OWN.contains(directory)) {
            return true;
        }
        Path lock = directory.resolve(LOCK_FILE);
        try {
            // A command makes its directory, then its lock file, then locks it: until then, only
            // the directory's age says whether it is being set up.
            if (Files.getLastModifiedTime(directory)
                    .toInstant()
                    .isAfter(Instant.now().minus(SETTING_UP))) {
                return true;
            }
            if (!Files.exists(lock)) {
                return false;
            }
            try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE)) {
                FileLock taken = channel.tryLock();
                if (taken == null) {
                    return true;
                }
                taken.release();
                return false;
            } catch (OverlappingFileLockException heldInThisJvm) {
                return true;
            }
        } catch (IOException | UncheckedIOException e) {
            return true;
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path :
                    walk.sorted(Comparator.comparingInt(Path::getNameCount).reversed()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (NoSuchFileException gone) {
            // Another command removed it first.
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof NoSuchFileException)) {
                LOG.warn("Could not delete {}: {}", root, e.toString());
            }
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", root, e.toString());
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
        try {
            stopCluster();
        } finally {
            // The lock first: a file still open cannot be deleted everywhere (Windows).
            if (running != null) {
                closeQuietly(running.channel());
                running = null;
            }
            if (jvmTemporaryDirectory != null) {
                System.setProperty("java.io.tmpdir", jvmTemporaryDirectory);
                jvmTemporaryDirectory = null;
            }
            if (workDirectory != null) {
                deleteTree(workDirectory);
                OWN.remove(workDirectory);
                workDirectory = null;
            }
        }
    }

    private void stopCluster() {
        if (cluster == null) {
            return;
        }
        try {
            cluster.close();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn(
                    "The local Flink cluster did not stop cleanly; the jobs had finished: {}",
                    e.toString());
        } finally {
            cluster = null;
        }
    }

    /** The configuration of an environment that submits to this cluster. */
    private Configuration submitTo(Configuration asked) {
        Configuration configuration = new Configuration();
        configuration.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        configuration.addAll(asked);
        configuration.set(DeploymentOptions.TARGET, TARGET);
        configuration.set(DeploymentOptions.ATTACHED, true);
        return configuration;
    }

    /** Submits a job to this cluster, starting it for the first: what a local executor does. */
    private CompletableFuture<JobClient> submit(
            Pipeline pipeline, Configuration configuration, ClassLoader classLoader)
            throws Exception {
        MiniCluster running;
        synchronized (this) {
            if (cluster == null) {
                start();
            }
            running = cluster;
        }
        StreamGraph graph = PipelineExecutorUtils.getStreamGraph(pipeline, configuration);
        graph.serializeUserDefinedInstances();
        return running.submitJob(graph)
                .thenApply(
                        submitted ->
                                new MiniClusterJobClient(
                                        submitted.getJobID(),
                                        running,
                                        classLoader,
                                        MiniClusterJobClient.JobFinalizationBehavior.NOTHING));
    }

    private void start() {
        long started = System.nanoTime();
        Configuration configuration = new Configuration();
        // The cluster's REST endpoint, which jobs no longer need, stays off the network.
        configuration.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        configuration.set(RestOptions.ADDRESS, "127.0.0.1");
        configuration.set(RestOptions.PORT, 0);
        if (workDirectory != null) {
            // Not LocalFlink.useWorkDirectory: it empties the directory, lock file and all.
            configuration.set(CoreOptions.TMP_DIRS, workDirectory.toString());
            // The REST endpoint's upload directory, made at its start whether used or not.
            configuration.set(WebOptions.TMP_DIR, workDirectory.toString());
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
        } catch (Exception e) {
            try {
                starting.close();
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            throw new IllegalStateException("the local Flink cluster did not start", e);
        }
        cluster = starting;
        LOG.debug(
                "Local Flink cluster of {} slots started in {} ms, shared by this command's jobs",
                parallelism,
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Opens the environment's protected context hooks. */
    private static final class Submitter extends StreamExecutionEnvironment {

        static void useCluster(SharedLocalCluster shared) {
            PipelineExecutor executor = shared::submit;
            PipelineExecutorFactory factory =
                    new PipelineExecutorFactory() {
                        @Override
                        public String getName() {
                            return TARGET;
                        }

                        @Override
                        public boolean isCompatibleWith(Configuration configuration) {
                            return TARGET.equals(configuration.get(DeploymentOptions.TARGET));
                        }

                        @Override
                        public PipelineExecutor getExecutor(Configuration configuration) {
                            return executor;
                        }
                    };
            PipelineExecutorServiceLoader executors =
                    new PipelineExecutorServiceLoader() {
                        @Override
                        public PipelineExecutorFactory getExecutorFactory(
                                Configuration configuration) {
                            return factory;
                        }

                        @Override
                        public Stream<String> getExecutorNames() {
                            return Stream.of(TARGET);
                        }
                    };
            initializeContextEnvironment(
                    asked ->
                            new StreamExecutionEnvironment(
                                    executors, shared.submitTo(asked), null));
        }

        static void useDefault() {
            resetContextEnvironment();
        }
    }
}
