package io.convergent.serving;

import io.convergent.common.concurrent.DaemonThreads;
import io.convergent.common.identity.Pseudonymiser;
import io.convergent.common.numbering.NumberingPlan;
import io.convergent.common.risk.TransferRisk;
import io.convergent.common.topic.Topics;
import io.convergent.serving.api.AnswerCache;
import io.convergent.serving.api.ScorePublisher;
import io.convergent.serving.api.SubscriberLookup;
import io.convergent.serving.control.ImmunityRulesFollower;
import io.convergent.serving.http.Api;
import io.convergent.serving.http.Clients;
import io.convergent.serving.http.Health;
import io.convergent.serving.http.HttpServer;
import io.convergent.serving.http.Metrics;
import io.convergent.serving.speed.RecordedBrokerCheck;
import io.convergent.serving.speed.SpeedViewFollower;
import io.convergent.serving.speed.SpeedViewStore;
import io.convergent.serving.store.BatchViewStore;
import io.convergent.serving.store.ViewInfo;
import io.convergent.serving.view.BatchViewLoader;
import io.convergent.serving.view.BatchViewSwitch;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.kafka.clients.ClientDnsLookup;
import org.apache.kafka.clients.ClientUtils;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving process, assembled: the batch view switch (a newer published view loaded from the
 * lake every poll interval), the speed view store and its Kafka follower, the numbering plan in
 * force (followed from {@code control.immunity}), the API and its HTTP server. Ready when
 * constructed; {@link #close} stops everything in reverse order.
 */
public final class Serving implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Serving.class);

    /** Parsed once: {@code NumberingPlan.standard()} reads its file again at every call. */
    private static final NumberingPlan SHIPPED_PLAN = NumberingPlan.standard();

    private final ServingConfig config;
    private final BatchViewSwitch views;
    private final SpeedViewStore speed;
    private final SpeedViewFollower follower;
    private final Thread followerThread;
    private final ImmunityRulesFollower rules;
    private final Thread rulesThread;
    private final Catalog catalog;
    private final BatchViewLoader loader;
    private final ScheduledExecutorService poller;
    private final Clock clock;
    private final HttpServer http;
    private final KafkaProducer<byte[], byte[]> scoresProducer;
    private final ScorePublisher publisher;

    /**
     * What is open, newest first: closed in that order by {@link #close}, or by the constructor
     * when a later step fails (the HTTP port taken), so a serve that cannot start exits with no
     * thread or RocksDB lock left behind.
     */
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    /**
     * Set when a thread that reads or writes the RocksDB stores outlived its stop: the stores are
     * then left open for the process's exit to release, since closing a RocksDB store under a
     * running reader or writer crashes the JVM instead of failing the call.
     */
    private volatile boolean storeUserStillRunning;

    /**
     * When the stop under way must be done waiting ({@link System#nanoTime}): every wait of a stop
     * shares the one {@link ServingConfig#stopTimeout}, so that their sum cannot outlast a
     * supervisor's kill.
     */
    private volatile long stopDeadline;

    public Serving(ServingConfig config, Clock clock, Map<String, String> environment)
            throws IOException, InterruptedException {
        this(config, clock, environment, SpeedViewFollower::kafkaConsumer);
    }

    /**
     * @param speedViewConsumer the consumer the speed view is followed with, of the configured
     *     bootstrap servers (a test's fake broker)
     */
    Serving(
            ServingConfig config,
            Clock clock,
            Map<String, String> environment,
            Function<String, org.apache.kafka.clients.consumer.Consumer<byte[], byte[]>>
                    speedViewConsumer)
            throws IOException, InterruptedException {
        this.config = config;
        this.clock = clock;
        if (config.bootstrapServers() != null) {
            requireResolvable(config.bootstrapServers());
        }
        if (config.brokerRecordedIn() != null) {
            Optional<String> notOurs =
                    RecordedBrokerCheck.problem(
                            config.brokerRecordedIn(),
                            config.bootstrapServers(),
                            RecordedBrokerCheck.TIMEOUT);
            if (notOurs.isPresent()) {
                throw new IllegalStateException(notOurs.get());
            }
        }
        Pseudonymiser pseudonymiser = Pseudonymiser.load(environment, config.keyFile());
        Clients clients = Clients.read(config.clientsFile());
        try {
            views =
                    new BatchViewSwitch(
                            config.directory().resolve("views"), config.viewCacheBytes());
            opened.push(closedUnlessStillUsed(views, "the batch views"));
            speed = new SpeedViewStore(config.directory().resolve("speed"));
            opened.push(closedUnlessStillUsed(speed, "the speed view"));
            AnswerCache scoresCache = new AnswerCache(config.answerCacheEntries());
            SubscriberLookup lookup =
                    new SubscriberLookup(
                            views,
                            speed,
                            this::speedViewFollowed,
                            config.bootstrapServers() != null,
                            clock,
                            TransferRisk.standard());
            boolean withLake = !config.catalogProperties().isEmpty();
            BatchViewSwitch viewSwitch = views;
            if (config.bootstrapServers() != null && config.publishScores()) {
                KafkaProducer<byte[], byte[]> producer = scoresProducer(config.bootstrapServers());
                scoresProducer = producer;
                opened.push(() -> producer.close(stopTimeLeft()));
                publisher =
                        new ScorePublisher(
                                lookup,
                                s ->
                                        scoresProducer.send(
                                                new ProducerRecord<>(
                                                        Topics.SCORES_REALTIME,
                                                        s.subscriber()
                                                                .getBytes(StandardCharsets.UTF_8),
                                                        s.toJson())),
                                config.scoresMinInterval(),
                                clock,
                                Duration.ofMillis(100),
                                // The live days are all the history there is while the lake has
                                // published no view (a poll says so); without a lake, views come
                                // from the serving directory alone.
                                () -> !withLake || viewSwitch.lakePublishedNone());
                ScorePublisher drains = publisher;
                opened.push(
                        storeUser(
                                "the score publisher",
                                () -> drains.close(stopTimeLeft()),
                                drains::stopped));
            } else {
                scoresProducer = null;
                publisher = null;
            }
            if (config.bootstrapServers() != null) {
                org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> tilesConsumer =
                        speedViewConsumer.apply(config.bootstrapServers());
                opened.push(tilesConsumer::close);
                follower =
                        new SpeedViewFollower(
                                tilesConsumer,
                                config.bootstrapServers(),
                                speed,
                                this::cutoffDay,
                                subscriber -> {
                                    scoresCache.invalidate(subscriber);
                                    if (publisher != null) {
                                        publisher.changed(subscriber);
                                    }
                                },
                                clock);
                followerThread = new Thread(follower, "speed-view-follower");
                followerThread.setDaemon(true);
                followerThread.start();
                // The follower's thread owns the consumer now: only the follower may close it.
                opened.pop();
                Thread tilesThread = followerThread;
                opened.push(
                        storeUser(
                                "the speed-view follower",
                                () -> stop(follower, tilesThread),
                                () -> !tilesThread.isAlive()));
                org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> rulesConsumer =
                        speedViewConsumer.apply(config.bootstrapServers());
                opened.push(rulesConsumer::close);
                rules = new ImmunityRulesFollower(rulesConsumer);
                rulesThread = new Thread(rules, "immunity-rules-follower");
                rulesThread.setDaemon(true);
                rulesThread.start();
                opened.pop();
                opened.push(() -> stop(rules, rulesThread));
            } else {
                follower = null;
                followerThread = null;
                rules = null;
                rulesThread = null;
            }
            if (!config.catalogProperties().isEmpty()) {
                catalog =
                        CatalogUtil.buildIcebergCatalog(
                                "lake", config.catalogProperties(), new Configuration());
                if (catalog instanceof Closeable closeable) {
                    opened.push(closeable);
                }
                loader = new BatchViewLoader(catalog, config.daysServed());
                poller =
                        Executors.newSingleThreadScheduledExecutor(
                                DaemonThreads.named("batch-view-poller"));
                poller.scheduleWithFixedDelay(
                        this::refreshQuietly,
                        0,
                        config.viewPollInterval().toMillis(),
                        TimeUnit.MILLISECONDS);
                ScheduledExecutorService refreshes = poller;
                opened.push(
                        storeUser(
                                "the batch-view poller",
                                () -> stop(refreshes),
                                refreshes::isTerminated));
            } else {
                catalog = null;
                loader = null;
                poller = null;
            }
            Metrics metrics = new Metrics();
            registerGauges(metrics);
            Api api =
                    new Api(
                            lookup,
                            scoresCache,
                            pseudonymiser,
                            rules != null ? rules::plan : () -> SHIPPED_PLAN,
                            clients,
                            metrics,
                            this::health,
                            this::liveViewProblem);
            http =
                    new HttpServer(
                            config.host(),
                            config.port(),
                            config.threads(),
                            config.maxBodyBytes(),
                            api);
            opened.push(http);
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            startStopClock();
            closeAll(opened, e);
            throw e;
        }
        LOG.info(
                "Serving on http://{}:{} ({} transport)",
                config.host(),
                http.port(),
                http.transport());
    }

    public int port() {
        return http.port();
    }

    public BatchViewSwitch views() {
        return views;
    }

    /**
     * Loads a newer published batch view now, if there is one, and drops the speed tiles it covers.
     */
    public synchronized boolean refresh() throws IOException {
        if (loader == null) {
            return false;
        }
        boolean swapped = views.refresh(loader);
        if (views.current() != null) {
            speed.dropTilesThrough(views.coveredThroughDay());
        }
        return swapped;
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (IOException | RuntimeException e) {
            LOG.warn(
                    "Batch view poll failed, retrying in {}: {}",
                    config.viewPollInterval(),
                    e.toString());
        }
    }

    /**
     * Whether the speed view's tiles are merged into answers: once the follower has caught up. A
     * view still catching up, or none, would count the days after the cutoff it has not applied as
     * days without activity.
     */
    private boolean speedViewFollowed() {
        return follower != null && follower.caughtUp();
    }

    /** Speed tiles of days after this are kept (a rollback needs those after its own cutoff). */
    private long cutoffDay() {
        return views.coveredThroughDay();
    }

    /**
     * How long the follower may go without reaching its topics before the live view is no longer
     * vouched for (it asks once a second).
     */
    static final Duration LIVE_VIEW_SILENCE = Duration.ofSeconds(10);

    /** Why answers from live state cannot be given now, if they cannot. */
    Optional<String> liveViewProblem() {
        if (follower == null) {
            return config.liveViewRequired()
                    ? Optional.of("serving follows no live view (started without Kafka)")
                    : Optional.empty();
        }
        return follower.notCurrent(clock.millis(), LIVE_VIEW_SILENCE);
    }

    Health health() {
        BatchViewStore current = views.current();
        Health.SpeedView speedView = null;
        if (follower != null) {
            long last = follower.lastRecordTimestamp();
            speedView =
                    new Health.SpeedView(
                            follower.caughtUp(),
                            follower.notCurrent(clock.millis(), LIVE_VIEW_SILENCE).orElse(null),
                            follower.lagRecords(),
                            last == 0 ? -1 : (clock.millis() - last) / 1000.0,
                            follower.applied(),
                            follower.rejected());
        }
        // Without Kafka, serving answers scores and reputations only: ready with a batch view.
        List<String> notReady = new ArrayList<>();
        if (current == null) {
            notReady.add(
                    "no batch view served yet: scores and features need one; the batch layer"
                            + " publishes it (bin/convergent batch run --day YYYY-MM-DD, or the"
                            + " daily batch job)");
        }
        if (speedView != null && speedView.notCurrent() != null) {
            notReady.add("speed view not current: " + speedView.notCurrent());
        }
        boolean ready = notReady.isEmpty();
        // Started: a batch view serves and the speed view has caught up once. Both hold for good
        // once reached, so the status does not depend on whether anyone asked while it was ready:
        // a batch view is replaced, never unloaded, and caughtUp() stays true.
        // The caught-up flag as read above, before notCurrent: read again here, a catch-up between
        // the two reads would say DEGRADED for a view still catching up.
        boolean started = current != null && (speedView == null || speedView.caughtUp());
        return new Health(
                ready
                        ? Health.Status.UP
                        : started ? Health.Status.DEGRADED : Health.Status.STARTING,
                ready,
                ready ? null : List.copyOf(notReady),
                current == null ? null : describe(current.info()),
                views.previousInfo().map(this::describe).orElse(null),
                views.lastRefusal()
                        .map(r -> new Health.Refused(r.version(), r.reason()))
                        .orElse(null),
                speedView);
    }

    private Health.BatchView describe(ViewInfo info) {
        return new Health.BatchView(
                info.version(),
                info.cutoff().toString(),
                info.publishedAt().toString(),
                ageSeconds(info.publishedAt()),
                info.lastServedDay().toString(),
                info.subscribers(),
                info.models().size());
    }

    private double ageSeconds(OffsetDateTime publishedAt) {
        return Duration.between(publishedAt.toInstant(), clock.instant()).toMillis() / 1000.0;
    }

    private void registerGauges(Metrics metrics) {
        metrics.gauge(
                "serving_batch_view_version",
                "The batch view version serving answers from (0: none).",
                () -> views.current() == null ? 0 : views.current().info().version());
        metrics.gauge(
                "serving_batch_view_age_seconds",
                "Seconds since the serving batch view was published.",
                () ->
                        views.current() == null
                                ? Double.NaN
                                : ageSeconds(views.current().info().publishedAt()));
        metrics.gauge(
                "serving_speed_view_lag_records",
                "Speed view records published but not applied yet (-1: unknown).",
                () -> follower == null ? -1 : follower.lagRecords());
        metrics.gauge(
                "serving_speed_view_last_record_age_seconds",
                "Seconds since the newest applied speed view record was published.",
                () ->
                        follower == null || follower.lastRecordTimestamp() == 0
                                ? Double.NaN
                                : (clock.millis() - follower.lastRecordTimestamp()) / 1000.0);
        metrics.gauge(
                "serving_scores_published",
                "Dynamic scores published to scores.realtime since start.",
                () -> publisher == null ? 0 : publisher.published());
        metrics.gauge(
                "serving_speed_view_records_rejected",
                "Speed view records skipped as unreadable since start.",
                () -> follower == null ? 0 : follower.rejected());
    }

    /**
     * Refuses a broker list Kafka's clients would refuse from inside their constructors (a host
     * name that does not resolve), naming the option, before anything is opened.
     */
    private static void requireResolvable(String bootstrapServers) {
        try {
            ClientUtils.parseAndValidateAddresses(
                    List.of(bootstrapServers.split(",")), ClientDnsLookup.USE_ALL_DNS_IPS);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(
                    ServingConfig.BOOTSTRAP_SERVERS
                            + " '"
                            + bootstrapServers
                            + "': "
                            + e.getMessage());
        }
    }

    private static KafkaProducer<byte[], byte[]> scoresProducer(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "convergent-serving-scores");
        return new KafkaProducer<>(props);
    }

    /**
     * Closes {@code opened}, newest first; what fails to close is added to {@code failure}. An
     * interrupt while waiting for a thread is kept for the caller, and the rest is still closed.
     */
    private static void closeAll(Deque<AutoCloseable> opened, Throwable failure) {
        boolean interrupted = false;
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (InterruptedException e) {
                interrupted = true;
                failure.addSuppressed(e);
            } catch (Exception | Error e) {
                failure.addSuppressed(e);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void stop(AutoCloseable worker, Thread thread) throws Exception {
        try {
            worker.close();
        } finally {
            // join(0) would wait for ever.
            thread.join(Math.max(1, stopTimeLeft().toMillis()));
        }
    }

    private void stop(ScheduledExecutorService executor) throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(stopTimeLeft().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void startStopClock() {
        stopDeadline = System.nanoTime() + config.stopTimeout().toNanos();
    }

    /** What is left of the stop's {@link ServingConfig#stopTimeout}, never negative. */
    private Duration stopTimeLeft() {
        return Duration.ofNanos(Math.max(0, stopDeadline - System.nanoTime()));
    }

    /**
     * {@code stop} for a thread that reads or writes the stores: when {@code stopped} is still
     * false after it, the stores are marked in use and the failure names {@code name}. An interrupt
     * cuts the wait short (the stores then stay open if the thread still runs) and is kept for the
     * caller.
     */
    private AutoCloseable storeUser(String name, AutoCloseable stop, BooleanSupplier stopped) {
        return () -> {
            try {
                stop.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!stopped.getAsBoolean()) {
                storeUserStillRunning = true;
                throw new IllegalStateException(
                        name + " did not stop in time; the RocksDB stores are left open");
            }
        };
    }

    /** Closes {@code store} unless a thread that uses it did not stop ({@link #storeUser}). */
    private AutoCloseable closedUnlessStillUsed(AutoCloseable store, String name) {
        return () -> {
            if (storeUserStillRunning) {
                LOG.warn("{} left open: a thread that uses it is still running", name);
            } else {
                store.close();
            }
        };
    }

    /**
     * Stops everything in reverse order of opening: the HTTP server first, the stores last (left
     * open, with a warning, if a thread that uses them did not stop within {@link
     * ServingConfig#stopTimeout}, which all the waits share). Closing again does nothing.
     */
    @Override
    public synchronized void close() {
        if (opened.isEmpty()) {
            return;
        }
        long stopStartNanos = System.nanoTime();
        startStopClock();
        // Every thread is asked to stop first, so that the waits for them below overlap instead of
        // adding up. Asking twice is harmless.
        if (poller != null) {
            poller.shutdownNow();
        }
        if (follower != null) {
            follower.close();
            rules.close();
        }
        IllegalStateException problems = new IllegalStateException("serving did not close cleanly");
        closeAll(opened, problems);
        for (Throwable problem : problems.getSuppressed()) {
            LOG.warn("Closing serving: {}", problem.getMessage(), problem);
        }
        LOG.info(
                "Serving stopped in {} ms",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopStartNanos));
    }
}
