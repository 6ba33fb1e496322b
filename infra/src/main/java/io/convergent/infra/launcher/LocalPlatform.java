package io.convergent.infra.launcher;

import io.convergent.common.identity.PseudonymKeyFile;
import io.convergent.common.topic.Topics;
import io.convergent.infra.campaigns.CampaignsCommand;
import io.convergent.infra.generator.GeneratorConfig;
import io.convergent.infra.generator.KafkaEventSink;
import io.convergent.infra.generator.LiveGenerator;
import io.convergent.infra.kafka.KafkaBroker;
import io.convergent.infra.kafka.KafkaBrokerConfig;
import io.convergent.infra.kafka.TopicProvisioner;
import io.convergent.infra.lake.LakeCatalog;
import io.convergent.infra.lake.LakeCatalogs;
import io.convergent.infra.process.ChildJvm;
import io.convergent.infra.serving.ServingProcess;
import io.convergent.streaming.campaigns.CampaignJob;
import io.convergent.streaming.campaigns.CampaignOptions;
import io.convergent.streaming.immunity.ImmunityJob;
import io.convergent.streaming.immunity.ImmunityOptions;
import io.convergent.streaming.ingest.IngestJob;
import io.convergent.streaming.ingest.IngestOptions;
import io.convergent.streaming.runtime.EarlierCheckpoints;
import io.convergent.streaming.runtime.LocalFlink;
import io.convergent.streaming.runtime.LocalJob;
import io.convergent.streaming.runtime.OptionValues;
import io.convergent.streaming.speedview.SpeedViewOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the components of the local platform in dependency order and registers each with a {@link
 * ComponentStack}, which stops them in reverse: the Kafka broker and the contract's topics, the
 * Iceberg catalog, then serving, the streaming jobs and the live generator.
 */
public final class LocalPlatform {

    private static final Logger LOG = LoggerFactory.getLogger(LocalPlatform.class);

    private final Endpoints endpoints;
    private final CompletableFuture<String> failure;

    private LocalPlatform(Endpoints endpoints, CompletableFuture<String> failure) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    /**
     * Starts everything {@code options} asks for. Components started before a failure stay
     * registered in {@code stack}; the caller closes it.
     */
    public static LocalPlatform start(UpOptions options, ComponentStack stack) throws Exception {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(stack, "stack");
        // First, before anything in the directory is touched; released last, after everything
        // that writes there has stopped.
        stack.add("data directory lock", DataDirectoryLock.acquire(options.dataDir()));
        DataDirectory layout = DataDirectory.create(options.dataDir());
        DiskSpace disk = DiskSpace.of(layout.root());
        disk.requireEnoughToStart();
        stack.add("disk space watch", disk.watch());
        if (PseudonymKeyFile.createIfMissing(layout.pseudonymKeys())) {
            LOG.info("Created a local pseudonymisation key (version 1) in {}", layout.secrets());
        }

        KafkaBrokerConfig brokerConfig =
                KafkaBrokerConfig.defaults(layout.kafka(), ChildJvm.currentClasspath())
                        .withPorts(options.kafkaPort(), options.controllerPort());
        KafkaBroker broker = stack.add("Kafka broker", KafkaBroker.start(brokerConfig));
        provisionTopics(broker.bootstrapServers());

        LakeCatalog lake = stack.add("Iceberg catalog", LakeCatalogs.open(layout.root()));

        Endpoints endpoints =
                new Endpoints(
                        broker.bootstrapServers(),
                        lake.uri(),
                        lake.warehouse(),
                        layout.root(),
                        "http://127.0.0.1:" + options.servingPort());

        // Serving and the streaming jobs join here, each registered in the stack after what it
        // reads. Serving first: jobs restored over a backlog take both cores while they catch up,
        // and a JVM started beside them then needed over a minute to answer.
        ServingProcess serving =
                stack.add(
                        "serving",
                        ServingProcess.start(
                                layout.root(), broker.bootstrapServers(), options.servingPort()));
        CompletableFuture<String> ingestFailure = startIngest(layout, lake, broker, stack);
        CompletableFuture<String> immunityFailure =
                startImmunity(layout, lake, broker, stack, options.stateChangelog());
        CompletableFuture<String> campaignsFailure = startCampaigns(layout, lake, broker, stack);
        applyExampleCampaigns(broker.bootstrapServers());
        CompletableFuture<String> servingFailure =
                serving.unexpectedExit()
                        .thenApply(
                                code ->
                                        String.format(
                                                "serving exited by itself with code %d; last lines"
                                                        + " of its log:%n%s",
                                                code, serving.logTail()));
        CompletableFuture<String> generatorFailure = startLiveGenerator(options, endpoints, stack);
        stack.add(
                "immunity statistics",
                PeriodicStatistics.start(
                        lake.properties(),
                        PeriodicStatistics.configuredInterval(),
                        Clock.systemUTC()));

        CompletableFuture<String> brokerFailure =
                broker.unexpectedExit()
                        .thenApply(
                                code ->
                                        String.format(
                                                "the Kafka broker exited by itself with code %d;"
                                                        + " last lines of its log:%n%s",
                                                code, broker.logTail()));
        return new LocalPlatform(
                endpoints,
                // anyOf reports the first of these already complete, in this order: a full disk
                // first, since the broker and the jobs fail of it too.
                CompletableFuture.anyOf(
                                disk.exhausted(),
                                brokerFailure,
                                generatorFailure,
                                ingestFailure,
                                immunityFailure,
                                campaignsFailure,
                                servingFailure)
                        .thenApply(String.class::cast));
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    /**
     * Completes with a reason when a component stops without being asked to, after which the
     * platform is no longer whole and {@code up} should stop.
     */
    public CompletableFuture<String> failure() {
        return failure;
    }

    private static void provisionTopics(String bootstrapServers) throws Exception {
        Map<String, Object> config =
                Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        AdminClientConfig.CLIENT_ID_CONFIG,
                        "convergent-up");
        try (Admin admin = Admin.create(config)) {
            TopicProvisioner.forLocalBroker(admin).provision(Topics.all());
        }
    }

    /** Parallelism of the in-process streaming jobs: one subtask per core of a laptop-sized box. */
    static final int LOCAL_PARALLELISM = 2;

    /** Checkpoints, and so Iceberg commits, of the in-process jobs. */
    static final Duration LOCAL_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

    /**
     * The ingest job on an in-process MiniCluster: input topics into the raw tables, resuming from
     * its newest checkpoint under {@code checkpoints/ingest}.
     *
     * @return completes with a reason if the job ends on its own (it should run until stopped)
     */
    static CompletableFuture<String> startIngest(
            DataDirectory layout, LakeCatalog lake, KafkaBroker broker, ComponentStack stack)
            throws Exception {
        Map<String, String> settings =
                LocalIngestSettings.of(
                        broker.bootstrapServers(),
                        lake,
                        layout.pseudonymKeys(),
                        IngestOptions.DEFAULT_GROUP_ID);
        IngestJob ingest =
                new IngestJob(IngestOptions.fromMap(settings), SpeedViewOptions.fromMap(settings));
        ingest.prepareTables();
        return startLocalJob(
                "ingest job", IngestJob.JOB_NAME, layout, "ingest", ingest::build, stack);
    }

    /** The keys every local job shares: the broker, the pseudonymisation key, the lake. */
    private static Map<String, String> sharedSettings(
            DataDirectory layout, LakeCatalog lake, KafkaBroker broker) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(OptionValues.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        settings.put(OptionValues.KEY_FILE, layout.pseudonymKeys().toString());
        lake.properties().forEach((k, v) -> settings.put(OptionValues.LAKE_PREFIX + k, v));
        return settings;
    }

    /**
     * The Digital Immunity job on an in-process MiniCluster: every call on {@code telco.calls}
     * decided onto {@code immunity.decisions} (blocked and flagged ones also into {@code
     * immunity_decisions}), resuming from {@code checkpoints/immunity}.
     *
     * @param stateChangelog with Flink's state changelog ({@link LocalFlink#withStateChangelog}):
     *     without it, each checkpoint's RocksDB flushes hold up the decisions behind them
     * @return completes with a reason if the job ends on its own (it should run until stopped)
     */
    static CompletableFuture<String> startImmunity(
            DataDirectory layout,
            LakeCatalog lake,
            KafkaBroker broker,
            ComponentStack stack,
            boolean stateChangelog)
            throws Exception {
        ImmunityJob immunity =
                new ImmunityJob(ImmunityOptions.fromMap(sharedSettings(layout, lake, broker)));
        immunity.prepareTables();
        return startLocalJob(
                "immunity job",
                ImmunityJob.JOB_NAME,
                layout,
                "immunity",
                stateChangelog ? LocalFlink::withStateChangelog : (config, checkpoints) -> config,
                immunity::build,
                stack);
    }

    /**
     * The campaign job on an in-process MiniCluster: campaigns from {@code control.campaigns}
     * judged against network, billing and bank-product events, offers to {@code crm.triggers},
     * every trigger into {@code campaign_triggers}; resuming from {@code checkpoints/campaigns}.
     *
     * @return completes with a reason if the job ends on its own (it should run until stopped)
     */
    static CompletableFuture<String> startCampaigns(
            DataDirectory layout, LakeCatalog lake, KafkaBroker broker, ComponentStack stack)
            throws Exception {
        CampaignJob campaigns =
                new CampaignJob(CampaignOptions.fromMap(sharedSettings(layout, lake, broker)));
        campaigns.prepareTables();
        return startLocalJob(
                "campaign job", CampaignJob.JOB_NAME, layout, "campaigns", campaigns::build, stack);
    }

    /**
     * The example campaigns of {@code infra/campaigns}, published when {@code control.campaigns} is
     * empty: a first {@code up} shows campaigns at work, a later one keeps what users changed.
     */
    private static void applyExampleCampaigns(String bootstrapServers) throws Exception {
        Path examples = exampleCampaigns();
        if (examples == null) {
            LOG.info("No example campaigns found (infra/campaigns); none applied");
            return;
        }
        List<String> applied = CampaignsCommand.applyIfNonePublished(bootstrapServers, examples);
        if (applied.isEmpty()) {
            LOG.info("Campaigns already published; examples in {} not applied", examples);
        } else {
            LOG.info("Applied example campaigns {} from {}", applied, examples);
        }
    }

    /** {@code infra/campaigns} of the checkout {@code bin/convergent} runs from, or of the cwd. */
    static Path exampleCampaigns() {
        String home = System.getProperty("convergent.home");
        List<Path> candidates = new java.util.ArrayList<>();
        if (home != null) {
            candidates.add(Path.of(home, "infra", "campaigns"));
        }
        candidates.add(Path.of("infra", "campaigns"));
        candidates.add(Path.of("campaigns"));
        return candidates.stream()
                .filter(java.nio.file.Files::isDirectory)
                .findFirst()
                .orElse(null);
    }

    /**
     * Starts a streaming job in-process: checkpoints in {@code checkpoints/<directory>}, resuming
     * from the newest there (the earlier runs' deleted once this one has two checkpoints of its
     * own, unless it claimed the one it resumed from: {@link EarlierCheckpoints}), and temporary
     * files (RocksDB's live state among them) in {@code work/<directory>}; the future completes if
     * it ends without being asked.
     */
    private static CompletableFuture<String> startLocalJob(
            String label,
            String jobName,
            DataDirectory layout,
            String directory,
            Consumer<StreamExecutionEnvironment> build,
            ComponentStack stack)
            throws Exception {
        return startLocalJob(
                label, jobName, layout, directory, (config, checkpoints) -> config, build, stack);
    }

    /**
     * As above, with {@code checkpointing} adding to the job's Flink configuration, given the job's
     * checkpoint directory ({@link LocalFlink#withStateChangelog}).
     */
    private static CompletableFuture<String> startLocalJob(
            String label,
            String jobName,
            DataDirectory layout,
            String directory,
            BiFunction<Configuration, Path, Configuration> checkpointing,
            Consumer<StreamExecutionEnvironment> build,
            ComponentStack stack)
            throws Exception {
        Path checkpoints = layout.checkpoints().resolve(directory);
        LocalFlink.latestCheckpoint(checkpoints)
                .ifPresent(c -> LOG.info("The {} resumes from checkpoint {}", label, c));
        Configuration config =
                LocalFlink.useWorkDirectory(
                        checkpointing.apply(
                                LocalFlink.configuration(
                                        checkpoints, LOCAL_CHECKPOINT_INTERVAL, 10),
                                checkpoints),
                        layout.work().resolve(directory));
        LocalJob job = stack.add(label, LocalJob.start(jobName, config, LOCAL_PARALLELISM, build));
        if (EarlierCheckpoints.appliesTo(config)) {
            stack.add(
                    label + "'s earlier checkpoints",
                    EarlierCheckpoints.deleteOnceSuperseded(
                            checkpoints, job.jobId(), LOCAL_CHECKPOINT_INTERVAL, label));
        }
        return job.termination()
                .handle(
                        (status, failure) ->
                                job.closing()
                                        ? null
                                        : "the "
                                                + label
                                                + " ended by itself: "
                                                + (failure == null ? status : failure))
                .thenCompose(
                        reason ->
                                reason == null
                                        ? new CompletableFuture<>()
                                        : CompletableFuture.completedFuture(reason));
    }

    /**
     * The live scenario generator: a fresh population of {@code options.subscribers()} streaming
     * into the input topics at {@code options.eventsPerSecond()}, stopped before the broker.
     *
     * @return completes with a reason if the generator stops on its own (a failure)
     */
    private static CompletableFuture<String> startLiveGenerator(
            UpOptions options, Endpoints endpoints, ComponentStack stack) {
        CompletableFuture<String> failure = new CompletableFuture<>();
        if (!options.generator()) {
            LOG.info("Live generator off (--no-generator)");
            return failure;
        }
        GeneratorConfig config =
                GeneratorConfig.builder()
                        .subscribers(options.subscribers())
                        .days(0)
                        .live(true)
                        .rate(options.eventsPerSecond())
                        .build();
        KafkaEventSink sink = new KafkaEventSink(endpoints.kafka());
        LiveGenerator generator;
        try {
            generator = stack.add("live generator", LiveGenerator.start(config, sink));
        } catch (RuntimeException e) {
            sink.close();
            throw e;
        }
        Thread watcher =
                new Thread(
                        () -> {
                            try {
                                generator.awaitTermination();
                                generator
                                        .failure()
                                        .ifPresent(
                                                t ->
                                                        failure.complete(
                                                                "the live generator stopped: "
                                                                        + t));
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "live-generator-watch");
        watcher.setDaemon(true);
        watcher.start();
        LOG.info(
                "Live generator: {} subscribers at {} events/s",
                options.subscribers(),
                options.eventsPerSecond());
        return failure;
    }
}
