package io.convergent.infra.bench;

import io.convergent.common.config.Durations;
import io.convergent.common.event.CallEvent;
import io.convergent.common.event.Ingress;
import io.convergent.common.event.InputTopics;
import io.convergent.common.event.ReleaseCause;
import io.convergent.common.identity.PseudonymKeyFile;
import io.convergent.common.immunity.ImmunityDecision;
import io.convergent.common.topic.Topics;
import io.convergent.infra.kafka.KafkaBroker;
import io.convergent.infra.lake.LakeCatalog;
import io.convergent.infra.lake.LakeCatalogs;
import io.convergent.streaming.immunity.ImmunityJob;
import io.convergent.streaming.immunity.ImmunityOptions;
import io.convergent.streaming.runtime.LocalFlink;
import io.convergent.streaming.runtime.LocalJob;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import one.profiler.AsyncProfiler;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code convergent bench immunity [CALLS_PER_S] [SECONDS] [bare]}: the latency of the caller-id
 * layer from a call event entering Kafka to its decision leaving Kafka, at a steady offered load
 * (20,000 calls/s by default) on a local broker, with the job as {@code up} runs it (parallelism 2,
 * RocksDB, checkpoints every 10 s, blocked and flagged calls and fraud signals written to their
 * Iceberg tables in a lake of its own; {@code -Dconvergent.bench.immunity.tables=false} to leave
 * the tables out).
 *
 * <p>Latency is measured per call id: from just before the producer is handed the call to the
 * moment a consumer of {@code immunity.decisions} holds its decision. A warm-up of 20 s (JIT,
 * connections; {@code -Dconvergent.bench.warm-up=DURATION} to change it) is not counted. The call
 * mix: most calls on-net or from other operators (decided without state), 5 % presenting one of our
 * numbers from outside (keyed roaming check), 3 % from a single such number (a hot key), 3 % from
 * unallocated ranges, 2 % from abroad.
 */
public final class ImmunityBenchmark {

    private static final int PARALLELISM = Integer.getInteger("convergent.bench.parallelism", 2);

    /** As {@code up} runs the job; {@code -Dconvergent.bench.checkpoint-interval} to compare. */
    private static final Duration CHECKPOINT_INTERVAL =
            Durations.parse(
                    "convergent.bench.checkpoint-interval",
                    System.getProperty("convergent.bench.checkpoint-interval", "10s"));

    /**
     * Not counted: JIT, connections. Settable ({@code -Dconvergent.bench.warm-up=60s}) because the
     * JIT keeps compiling for ~40 s of this load: the default shows the first minute's figure.
     */
    private static final Duration WARM_UP =
            Durations.parse(
                    "convergent.bench.warm-up",
                    System.getProperty("convergent.bench.warm-up", "20s"));

    /**
     * Whether the job writes its tables, as {@code up}'s does: their writers close a Parquet file
     * at every checkpoint, in whichever task they run.
     */
    private static final boolean TABLES =
            Boolean.parseBoolean(System.getProperty("convergent.bench.immunity.tables", "true"));

    /** A file to write the measured part's CPU profile to (collapsed stacks), as for ingest. */
    private static final String PROFILE = System.getProperty(IngestBenchmark.PROFILE_PROPERTY);

    private static final long DRAIN_SECONDS = 60;
    private static final String HOT_NUMBER = "+79580000001";

    /** Call created -> decision made, for one decision in a hundred (read by the consumer only). */
    private static final List<Long> DECIDE_DELAYS = Collections.synchronizedList(new ArrayList<>());

    private ImmunityBenchmark() {}

    /**
     * Whether the job runs with the state changelog, as {@code up} runs it ({@link
     * LocalFlink#withStateChangelog}); {@code -Dconvergent.bench.immunity.changelog=false} to
     * compare without.
     */
    private static final boolean CHANGELOG =
            Boolean.parseBoolean(System.getProperty("convergent.bench.immunity.changelog", "true"));

    public static void main(String[] args) throws Exception {
        try {
            bench(args);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
        // The state changelog leaves non-daemon threads behind its closed cluster (LocalFlink):
        // returning would leave the JVM running.
        System.exit(0);
    }

    private static void bench(String[] args) throws Exception {
        BenchArguments arguments =
                BenchArguments.of(
                        "Usage: convergent bench immunity [CALLS_PER_S] [SECONDS] [bare]", args, 3);
        int rate = arguments.positiveInt(0, "CALLS_PER_S", 20_000);
        int seconds = arguments.positiveInt(1, "SECONDS", 60);
        // "bare": no job, the consumer reads the calls themselves: what the broker and clients
        // alone cost on this machine, the floor under the job's figure.
        boolean bare = arguments.word(2, List.of("bare"));
        if (WARM_UP.isNegative()) {
            throw new IllegalArgumentException(
                    "convergent.bench.warm-up must not be negative, got " + WARM_UP);
        }
        Path directory = Files.createTempDirectory("convergent-bench-immunity");
        try (KafkaBroker broker = BenchBroker.start(directory.resolve("kafka"));
                LakeCatalog lake = LakeCatalogs.open(directory.resolve("lake"))) {
            String bootstrap = broker.bootstrapServers();
            Path keyFile = directory.resolve("secrets/pseudonym.keys");
            PseudonymKeyFile.createIfMissing(keyFile);
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put(ImmunityOptions.BOOTSTRAP_SERVERS, bootstrap);
            settings.put(ImmunityOptions.KEY_FILE, keyFile.toString());
            if (TABLES) {
                lake.properties()
                        .forEach((k, v) -> settings.put(ImmunityOptions.LAKE_PREFIX + k, v));
            }
            ImmunityOptions options = ImmunityOptions.fromMap(settings);
            System.out.printf(
                    "immunity bench: %,d calls/s offered for %d s after %d s of warm-up,"
                            + " parallelism %d on %d cores, checkpoints every %d s%s, %s%n",
                    rate,
                    seconds,
                    WARM_UP.toSeconds(),
                    PARALLELISM,
                    Runtime.getRuntime().availableProcessors(),
                    CHECKPOINT_INTERVAL.toSeconds(),
                    CHANGELOG ? " (state changelog)" : "",
                    bare ? "no job" : TABLES ? "tables written" : "no tables");
            if (bare) {
                System.out.println("  bare: calls read back from telco.calls, no job");
                run(bootstrap, rate, seconds, Topics.TELCO_CALLS, broker.pid());
                return;
            }
            ImmunityJob immunity = new ImmunityJob(options);
            immunity.prepareTables();
            Path checkpoints = directory.resolve("checkpoints");
            Configuration config = LocalFlink.configuration(checkpoints, CHECKPOINT_INTERVAL, 0);
            if (CHANGELOG) {
                LocalFlink.withStateChangelog(config, checkpoints);
            }
            try (LocalJob job =
                    LocalJob.start(
                            ImmunityJob.JOB_NAME,
                            BenchFlinkOptions.withOverrides(config),
                            PARALLELISM,
                            immunity::build)) {
                run(bootstrap, rate, seconds, Topics.IMMUNITY_DECISIONS, broker.pid());
            }
        } finally {
            BenchBroker.deleteRecursively(directory);
        }
    }

    private static void run(String bootstrap, int rate, int seconds, String answers, long brokerPid)
            throws Exception {
        boolean bare = answers.equals(Topics.TELCO_CALLS);
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        long[] latencies = new long[(int) (rate * (WARM_UP.toSeconds() + seconds + 10))];
        // When each measured call was sent, in ms after the warm-up: where the slow ones cluster.
        int[] sentAfterWarmUpMs = new int[latencies.length];
        int[] measured = {0};
        AtomicBoolean producing = new AtomicBoolean(true);
        long[] measureFrom = {Long.MAX_VALUE};
        Thread consumer =
                new Thread(
                        () ->
                                consume(
                                        bootstrap,
                                        answers,
                                        sentAt,
                                        latencies,
                                        sentAfterWarmUpMs,
                                        measured,
                                        measureFrom,
                                        producing),
                        "bench-decisions");
        consumer.start();
        Thread.sleep(2_000); // the consumer is assigned and at the end of the topic
        if (!bare) {
            awaitFirstDecision(bootstrap, sentAt);
        }
        long total = WARM_UP.toSeconds() + seconds;
        long[] sentInWarmUp = {0};
        long cpuBefore = processCpuNanos();
        long brokerCpuBefore = cpuNanosOf(brokerPid);
        Thread profiler = profileAfterWarmUp();
        long sent = produce(bootstrap, rate, total, sentAt, measureFrom, sentInWarmUp, bare);
        long loadEnded = System.nanoTime();
        // Wait for the job to work off any queue: the CPU it spends doing so belongs to the calls.
        long drainDeadline = loadEnded + TimeUnit.SECONDS.toNanos(DRAIN_SECONDS);
        while (!sentAt.isEmpty() && System.nanoTime() < drainDeadline) {
            Thread.sleep(100);
        }
        long drained = System.nanoTime();
        long cpu = processCpuNanos() - cpuBefore;
        long brokerCpu = cpuNanosOf(brokerPid) - brokerCpuBefore;
        if (profiler != null) {
            profiler.interrupt();
            profiler.join();
            AsyncProfiler.getInstance().execute("stop,file=" + PROFILE + ",collapsed");
            System.out.println("  profile of the measured part and the drain: " + PROFILE);
        }
        Thread.sleep(1_000);
        producing.set(false);
        consumer.join();
        if (!DECIDE_DELAYS.isEmpty()) {
            long[] d = DECIDE_DELAYS.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf(
                    "  call created -> decided (1 in 100): p50 %d ms, p99 %d ms%n",
                    d[d.length / 2], d[(int) (d.length * 0.99)]);
        }
        String slowSeconds = slowSeconds(latencies, sentAfterWarmUpMs, measured[0]);
        long[] values = Arrays.copyOf(latencies, measured[0]);
        Arrays.sort(values);
        System.out.printf(
                "  offered %,d calls in %d s, %,.0f/s in the %d s measured; %,d decisions"
                        + " measured, %,d calls without a decision %d s after the load%n",
                sent,
                total,
                (sent - sentInWarmUp[0]) / (double) seconds,
                seconds,
                values.length,
                sentAt.size(),
                DRAIN_SECONDS);
        System.out.printf(
                "  CPU of this JVM (job, load producer, decision consumer): %.0f us per call,"
                        + " %.2f cores; the queue was worked off %.1f s after the load stopped%s%n",
                cpu / 1e3 / Math.max(1, sent),
                cpu / (double) (drained - (loadEnded - TimeUnit.SECONDS.toNanos(total))),
                (drained - loadEnded) / 1e9,
                sentAt.isEmpty() ? "" : " (not all of it: " + sentAt.size() + " calls left)");
        System.out.printf(
                "  CPU of the broker's JVM: %.0f us per call, %.2f cores%n",
                brokerCpu / 1e3 / Math.max(1, sent),
                brokerCpu / (double) (drained - (loadEnded - TimeUnit.SECONDS.toNanos(total))));
        System.out.printf(
                "  latency call in -> decision out: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms,"
                        + " p99.9 %.1f ms, max %.1f ms%n",
                millis(values, 0.50),
                millis(values, 0.90),
                millis(values, 0.99),
                millis(values, 0.999),
                values.length == 0 ? Double.NaN : values[values.length - 1] / 1e6);
        System.out.println(slowSeconds);
    }

    /** A call slower than this misses the target; where such calls cluster says why. */
    private static final long SLOW_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /**
     * How many measured calls took over 50 ms, and the seconds of the measured part (by send time)
     * that held most of them: a tail of periodic stalls (checkpoints every 10 s, a GC) shows as a
     * few seconds holding nearly all, a saturated machine as slow calls spread everywhere.
     */
    static String slowSeconds(long[] latencies, int[] sentAfterWarmUpMs, int count) {
        Map<Integer, Integer> slowBySecond = new java.util.TreeMap<>();
        int slow = 0;
        for (int i = 0; i < count; i++) {
            if (latencies[i] > SLOW_NANOS) {
                slow++;
                slowBySecond.merge(sentAfterWarmUpMs[i] / 1000, 1, Integer::sum);
            }
        }
        StringBuilder worst = new StringBuilder();
        slowBySecond.entrySet().stream()
                .sorted(Map.Entry.<Integer, Integer>comparingByValue().reversed())
                .limit(8)
                .forEach(e -> worst.append(String.format(" +%ds: %,d;", e.getKey(), e.getValue())));
        return String.format(
                "  calls over 50 ms: %,d (%.2f %%), in %d of the measured seconds; the most in%s",
                slow,
                100.0 * slow / Math.max(1, count),
                slowBySecond.size(),
                worst.length() == 0 ? " none" : worst.substring(0, worst.length() - 1));
    }

    /**
     * With {@code -Dconvergent.bench.profile=FILE}, a thread that starts async-profiler (shipped
     * with flink-runtime) once the warm-up is over; the caller stops it. Null without the property.
     */
    private static Thread profileAfterWarmUp() {
        if (PROFILE == null) {
            return null;
        }
        Thread starter =
                new Thread(
                        () -> {
                            try {
                                Thread.sleep(WARM_UP.toMillis());
                                AsyncProfiler.getInstance()
                                        .execute("start,event=itimer,interval=5ms,threads");
                            } catch (InterruptedException stoppedBeforeTheEndOfWarmUp) {
                                Thread.currentThread().interrupt();
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        },
                        "bench-profiler");
        starter.start();
        return starter;
    }

    /** CPU time of another process so far (the broker), or 0 where the OS does not say. */
    private static long cpuNanosOf(long pid) {
        return ProcessHandle.of(pid)
                .flatMap(process -> process.info().totalCpuDuration())
                .map(Duration::toNanos)
                .orElse(0L);
    }

    /** CPU time of this JVM so far: the job's threads, the load producer and the consumer. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * Sends a call a second until one is decided: the clock starts once the job reads and writes,
     * not while it is still being scheduled.
     */
    private static void awaitFirstDecision(String bootstrap, Map<String, Long> sentAt)
            throws Exception {
        Map<String, Object> config =
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.CLIENT_ID_CONFIG,
                        "bench-probe");
        SplittableRandom rng = new SplittableRandom(31);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            int probes = 0;
            while (sentAt.size() == probes) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the job decided nothing within 2 minutes");
                }
                CallEvent call = call(rng, -1 - probes);
                sentAt.put(call.callId(), System.nanoTime());
                producer.send(
                                new ProducerRecord<>(
                                        Topics.TELCO_CALLS,
                                        call.callingNumber().getBytes(StandardCharsets.UTF_8),
                                        InputTopics.CALLS.serialise(call)))
                        .get();
                probes++;
                Thread.sleep(1_000);
            }
            System.out.printf("  the job answered probe call %d; starting the load%n", probes);
        }
        sentAt.clear();
    }

    /** Sends {@code rate} calls a second, paced per millisecond; returns how many were sent. */
    private static long produce(
            String bootstrap,
            int rate,
            long seconds,
            Map<String, Long> sentAt,
            long[] measureFrom,
            long[] sentInWarmUp,
            boolean keyByCallId)
            throws InterruptedException {
        Map<String, Object> config =
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.ACKS_CONFIG,
                        "1",
                        ProducerConfig.LINGER_MS_CONFIG,
                        1,
                        ProducerConfig.CLIENT_ID_CONFIG,
                        "bench-calls");
        SplittableRandom rng = new SplittableRandom(29);
        long sent = 0;
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        measureFrom[0] = start + WARM_UP.toNanos();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            while (System.nanoTime() < end) {
                long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
                while (sent < due) {
                    CallEvent call = call(rng, sent);
                    byte[] value = InputTopics.CALLS.serialise(call);
                    long now = System.nanoTime();
                    if (now < measureFrom[0]) {
                        sentInWarmUp[0]++;
                    }
                    sentAt.put(call.callId(), now);
                    producer.send(
                            new ProducerRecord<>(
                                    Topics.TELCO_CALLS,
                                    (keyByCallId ? call.callId() : call.callingNumber())
                                            .getBytes(StandardCharsets.UTF_8),
                                    value));
                    sent++;
                }
                Thread.sleep(1);
            }
        }
        return sent;
    }

    private static void consume(
            String bootstrap,
            String topic,
            Map<String, Long> sentAt,
            long[] latencies,
            int[] sentAfterWarmUpMs,
            int[] measured,
            long[] measureFrom,
            AtomicBoolean running) {
        Map<String, Object> config =
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        // As the job's own source reads (ImmunityJob.FETCH_MAX_WAIT_MS): a
                        // fetch answered at 64 KB or after 5 ms, so that at 20,000 calls/s
                        // each fetch carries many decisions instead of a handful.
                        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                        5,
                        ConsumerConfig.FETCH_MIN_BYTES_CONFIG,
                        64 * 1024,
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        "bench-decisions");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    Long sent = sentAt.remove(new String(record.key(), StandardCharsets.UTF_8));
                    if (sent != null && sent >= measureFrom[0] && measured[0] < latencies.length) {
                        if (!topic.equals(Topics.TELCO_CALLS) && measured[0] % 100 == 0) {
                            ImmunityDecision d = ImmunityDecision.fromJson(record.value());
                            DECIDE_DELAYS.add(d.decidedAt() - d.callTime());
                        }
                        sentAfterWarmUpMs[measured[0]] =
                                (int) TimeUnit.NANOSECONDS.toMillis(sent - measureFrom[0]);
                        latencies[measured[0]++] = now - sent;
                    }
                }
            }
        }
    }

    /** The n-th call of the run, from a fixed mix of callers and routes. */
    static CallEvent call(SplittableRandom rng, long n) {
        double u = rng.nextDouble();
        String caller;
        Ingress ingress;
        if (u < 0.60) {
            caller = number("+7958", 1 + rng.nextInt(3), rng);
            ingress = Ingress.ON_NET;
        } else if (u < 0.87) {
            caller = number("+7912", 0, rng);
            ingress = Ingress.INTERCONNECT;
        } else if (u < 0.92) {
            caller = number("+7958", 1 + rng.nextInt(3), rng);
            ingress = Ingress.INTERCONNECT;
        } else if (u < 0.95) {
            caller = HOT_NUMBER;
            ingress = Ingress.INTERCONNECT;
        } else if (u < 0.98) {
            caller = number("+7958", 5, rng);
            ingress = Ingress.INTERCONNECT;
        } else {
            caller = "+49301" + (1_000_000 + rng.nextInt(8_999_999));
            ingress = Ingress.INTERNATIONAL;
        }
        long now = System.currentTimeMillis();
        return new CallEvent(
                "bench-" + n,
                now,
                "bench-call-" + n,
                caller,
                number("+7958", 1 + rng.nextInt(3), rng),
                ingress,
                now,
                null,
                now + 1_000,
                ReleaseCause.NO_ANSWER,
                null,
                null);
    }

    /** {@code prefix}, one more digit, then six random digits: an E.164 number of 12 chars. */
    private static String number(String prefix, int digit, SplittableRandom rng) {
        // Not String.format: the load shares the cores with the job it measures, and formatting
        // two numbers a call was a tenth of what this JVM's load producer spent.
        return prefix + digit + Integer.toString(1_000_000 + rng.nextInt(1_000_000)).substring(1);
    }

    private static double millis(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }
}
