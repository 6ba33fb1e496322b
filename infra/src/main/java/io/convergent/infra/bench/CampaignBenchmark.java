package io.convergent.infra.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.convergent.common.campaigns.CampaignDefinition;
import io.convergent.common.campaigns.CampaignDefinitions;
import io.convergent.common.event.BankProduct;
import io.convergent.common.event.BankProductEvent;
import io.convergent.common.event.BankProductEventType;
import io.convergent.common.event.BillingEvent;
import io.convergent.common.event.BillingEventType;
import io.convergent.common.event.BillingProduct;
import io.convergent.common.event.Channel;
import io.convergent.common.event.InputTopics;
import io.convergent.common.event.NetworkEvent;
import io.convergent.common.event.NetworkEventType;
import io.convergent.common.identity.Identifiers;
import io.convergent.common.identity.PseudonymKeyFile;
import io.convergent.common.topic.Topics;
import io.convergent.infra.kafka.KafkaBroker;
import io.convergent.infra.lake.LakeCatalog;
import io.convergent.infra.lake.LakeCatalogs;
import io.convergent.streaming.campaigns.CampaignJob;
import io.convergent.streaming.campaigns.CampaignOptions;
import io.convergent.streaming.runtime.LocalFlink;
import io.convergent.streaming.runtime.LocalJob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * {@code convergent bench campaigns [EVENTS_PER_S] [SECONDS] [BACKLOG_EVENTS]}: the campaign job as
 * {@code up} runs it (parallelism 2, RocksDB, checkpoints every 10 s, both tables written) with 50
 * campaigns live, on a local broker.
 *
 * <ol>
 *   <li><b>Latency.</b> Network, billing and bank-product events for 100,000 subscribers at a
 *       steady offered rate (2,000 events/s by default, the mix of what the job reads); for each
 *       offer on {@code crm.triggers}, from just before its firing event was handed to the producer
 *       to the moment a consumer holds the offer. 20 s of warm-up are not counted.
 *   <li><b>Throughput.</b> A backlog of events (1,000,000 by default) read from the start by a
 *       bounded run of the job, once with 1 campaign live and once with 50: events per second, so
 *       the cost of the other 49 is a ratio measured in one run.
 * </ol>
 *
 * The policy is opened wide for the measurement (no quiet hours, caps and cooldowns that never
 * bind): an offer held until 09:00 measures the clock, not the path.
 */
public final class CampaignBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PARALLELISM = Integer.getInteger("convergent.bench.parallelism", 2);
    private static final Duration CHECKPOINT_INTERVAL =
            Duration.ofSeconds(Long.getLong("convergent.bench.checkpoint-seconds", 10));
    private static final Duration WARM_UP = Duration.ofSeconds(20);
    private static final int SUBSCRIBERS = 100_000;
    private static final int CAMPAIGNS = 50;
    private static final int[] COUNTRIES = {286, 424, 520, 262, 401, 460, 602, 214};

    private CampaignBenchmark() {}

    public static void main(String[] args) throws Exception {
        BenchArguments arguments =
                BenchArguments.of(
                        "Usage: convergent bench campaigns [EVENTS_PER_S] [SECONDS] [BACKLOG]",
                        args,
                        3);
        int rate = arguments.positiveInt(0, "EVENTS_PER_S", 2_000);
        int seconds = arguments.positiveInt(1, "SECONDS", 60);
        int backlog = arguments.positiveInt(2, "BACKLOG", 1_000_000);
        Path root = Files.createTempDirectory("convergent-bench-campaigns");
        System.out.printf(
                "bench campaigns: %,d events/s for %d s after %d s of warm-up, %d campaigns live;"
                        + " backlog %,d events; parallelism %d on %d cores, checkpoints every %d s%n",
                rate,
                seconds,
                WARM_UP.toSeconds(),
                CAMPAIGNS,
                backlog,
                PARALLELISM,
                Runtime.getRuntime().availableProcessors(),
                CHECKPOINT_INTERVAL.toSeconds());
        try (KafkaBroker broker = BenchBroker.start(root.resolve("kafka"));
                LakeCatalog lake = LakeCatalogs.open(root)) {
            String bootstrap = broker.bootstrapServers();
            Path keyFile = root.resolve("secrets/pseudonym.keys");
            PseudonymKeyFile.createIfMissing(keyFile);
            List<CampaignDefinition> campaigns = campaigns();

            // Throughput first, on a backlog, with 1 and then 50 campaigns live.
            publish(bootstrap, campaigns.subList(0, 1));
            long produced = produceBacklog(bootstrap, backlog);
            double one = boundedRun(bootstrap, keyFile, lake, root, "one", produced);
            publish(bootstrap, campaigns.subList(1, campaigns.size()));
            double fifty = boundedRun(bootstrap, keyFile, lake, root, "fifty", produced);
            System.out.printf(
                    "  throughput over a backlog of %,d events: 1 campaign %,.0f events/s,"
                            + " %d campaigns %,.0f events/s (%.2f of it)%n",
                    produced, one, CAMPAIGNS, fifty, fifty / one);

            // Then latency at a steady rate, all 50 live, a job of its own reading from now on.
            Map<String, String> settings = settings(bootstrap, keyFile, lake, "latency");
            CampaignJob job = new CampaignJob(CampaignOptions.fromMap(settings));
            job.prepareTables();
            try (LocalJob running =
                    LocalJob.start(
                            CampaignJob.JOB_NAME,
                            LocalFlink.configuration(
                                    root.resolve("checkpoints/latency"), CHECKPOINT_INTERVAL, 0),
                            PARALLELISM,
                            job::build)) {
                latency(bootstrap, rate, seconds, backlog);
            }
        } finally {
            BenchBroker.deleteRecursively(root);
        }
    }

    /** 50 campaigns over every trigger kind, as a CRM team would run them. */
    static List<CampaignDefinition> campaigns() {
        List<String> triggers =
                List.of(
                        "{event: top_up, min_rub: 100}",
                        "{event: roaming_entry}",
                        "{event: balance_below, threshold_rub: 50}",
                        "{event: port_out_request}",
                        "{event: new_device}",
                        "{event: package_purchase}",
                        "{event: bank_product_opened}",
                        "{sequence: [{event: roaming_entry}, {event: balance_below,"
                                + " threshold_rub: 200}], within: PT6H}",
                        "{event: top_up_after_dormancy, dormant_days: 30}");
        List<CampaignDefinition> campaigns = new ArrayList<>();
        for (int i = 0; i < CAMPAIGNS; i++) {
            String trigger = triggers.get(i % triggers.size());
            if (i >= triggers.size() && trigger.contains("roaming_entry}")) {
                trigger = "{event: roaming_entry, mcc: " + COUNTRIES[i % COUNTRIES.length] + "}";
            }
            String eligibility =
                    i % 5 == 4 ? "eligibility: [{feature: top_ups_30d, above: 1}]\n" : "";
            campaigns.add(
                    CampaignDefinitions.parse(
                            "id: bench-"
                                    + i
                                    + "\nversion: 1\ntrigger: "
                                    + trigger
                                    + "\n"
                                    + eligibility
                                    + "offer: {code: OFFER-"
                                    + i
                                    + ", channel: push}\n"
                                    + "valid: {from: 2020-01-01, to: 2099-12-31}\n"
                                    + "control_share: 0.1\npriority: "
                                    + (i * 7 % 101)
                                    + "\ncooldown: PT1S\n"
                                    + "conversion: {event: package_purchase, within: P1D}\n",
                            "bench-" + i));
        }
        return campaigns;
    }

    private static Map<String, String> settings(
            String bootstrap, Path keyFile, LakeCatalog lake, String name) {
        Map<String, String> settings = new HashMap<>();
        settings.put("convergent.kafka.bootstrap-servers", bootstrap);
        settings.put("convergent.pseudonym.key-file", keyFile.toString());
        lake.properties().forEach((k, v) -> settings.put("convergent.lake." + k, v));
        settings.put(CampaignOptions.GROUP_ID, "bench-campaigns-" + name);
        settings.put(CampaignOptions.QUIET_HOURS, "none");
        settings.put(CampaignOptions.MAX_PER_WEEK, "1000000");
        settings.put(CampaignOptions.MAX_PER_MONTH, "1000000");
        return settings;
    }

    /** Runs the job over everything in the topics; the events per second of the whole run. */
    private static double boundedRun(
            String bootstrap, Path keyFile, LakeCatalog lake, Path root, String name, long events)
            throws Exception {
        CampaignJob job =
                new CampaignJob(
                        CampaignOptions.fromMap(settings(bootstrap, keyFile, lake, name))
                                .withBounded(true));
        job.prepareTables();
        long start = System.nanoTime();
        try (LocalJob running =
                LocalJob.start(
                        CampaignJob.JOB_NAME + "-" + name,
                        LocalFlink.configuration(
                                root.resolve("checkpoints/" + name), CHECKPOINT_INTERVAL, 0),
                        PARALLELISM,
                        job::build)) {
            running.termination().get(30, TimeUnit.MINUTES);
        }
        return events / ((System.nanoTime() - start) / 1e9);
    }

    private static long produceBacklog(String bootstrap, int events) {
        SplittableRandom rng = new SplittableRandom(41);
        long[] balances = new long[SUBSCRIBERS];
        Arrays.fill(balances, 30_000);
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap, 20)) {
            long time = System.currentTimeMillis() - TimeUnit.DAYS.toMillis(1);
            for (int n = 0; n < events; n++) {
                // A day of events, in time order.
                send(producer, event(rng, balances, "q-" + n, time + n * 86_400_000L / events));
            }
        }
        System.out.printf(
                "  backlog: %,d events produced in %.1f s%n",
                events, (System.nanoTime() - start) / 1e9);
        return events;
    }

    private static void latency(String bootstrap, int rate, int seconds, int backlog)
            throws Exception {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        long[] measureFrom = {Long.MAX_VALUE};
        AtomicBoolean consuming = new AtomicBoolean(true);
        long[] offers = {0};
        Thread consumer =
                new Thread(
                        () -> consume(bootstrap, sentAt, latencies, measureFrom, consuming, offers),
                        "bench-offers");
        consumer.start();
        Thread.sleep(2_000);
        awaitCaughtUp(bootstrap, sentAt);
        SplittableRandom rng = new SplittableRandom(43);
        long[] balances = new long[SUBSCRIBERS];
        Arrays.fill(balances, 30_000);
        long sent = 0;
        long total = WARM_UP.toSeconds() + seconds;
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(total);
        measureFrom[0] = start + WARM_UP.toNanos();
        long offersAtMeasure = -1;
        long cpuBefore = processCpuNanos();
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap, 0)) {
            while (System.nanoTime() < end) {
                long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
                if (offersAtMeasure < 0 && System.nanoTime() >= measureFrom[0]) {
                    offersAtMeasure = offers[0];
                }
                while (sent < due) {
                    String id = "l-" + sent;
                    ProducerRecord<byte[], byte[]> record =
                            event(rng, balances, id, System.currentTimeMillis());
                    sentAt.put(id, System.nanoTime());
                    producer.send(record);
                    sent++;
                }
                Thread.sleep(1);
            }
        }
        Thread.sleep(5_000);
        long cpu = processCpuNanos() - cpuBefore;
        double elapsed = (System.nanoTime() - start) / 1e9;
        consuming.set(false);
        consumer.join();
        System.out.printf(
                "  CPU of this JVM (job, load producer, offer consumer): %.0f us per event,"
                        + " %.2f cores; host load average %.1f%n",
                cpu / 1e3 / Math.max(1, sent),
                cpu / 1e9 / elapsed,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage());
        long[] values = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(
                "  offered %,d events in %d s (%,d/s); %,d offers in the %d s measured (%,.0f/s)%n",
                sent,
                total,
                rate,
                offers[0] - Math.max(0, offersAtMeasure),
                seconds,
                (offers[0] - Math.max(0, offersAtMeasure)) / (double) seconds);
        System.out.printf(
                "  latency event into Kafka -> offer out of Kafka: p50 %.1f ms, p90 %.1f ms,"
                        + " p99 %.1f ms, p99.9 %.1f ms, max %.1f ms (%,d offers)%n",
                millis(values, 0.50),
                millis(values, 0.90),
                millis(values, 0.99),
                millis(values, 0.999),
                values.length == 0 ? Double.NaN : values[values.length - 1] / 1e6,
                values.length);
    }

    /**
     * The latency job starts at the beginning of the topics, behind the backlog: top-ups that fire
     * a campaign are sent every half second until an offer for one comes back, so the clock starts
     * once the job is reading live events.
     */
    private static void awaitCaughtUp(String bootstrap, Map<String, Long> sentAt) throws Exception {
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap, 0)) {
            for (int i = 0; !caughtUp(sentAt); i++) {
                if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(30)) {
                    throw new IllegalStateException("the job did not catch up in 30 minutes");
                }
                String id = "probe-" + i;
                String msisdn = String.format("+7959%07d", i);
                producer.send(
                        billing(
                                msisdn.getBytes(StandardCharsets.UTF_8),
                                id,
                                System.currentTimeMillis(),
                                BillingEventType.TOP_UP,
                                msisdn,
                                50_000L,
                                80_000L,
                                null));
                producer.flush();
                Thread.sleep(500);
            }
        }
        System.out.printf(
                "  the job caught up with the backlog %.1f s after it started reading%n",
                (System.nanoTime() - start) / 1e9);
    }

    /** Whether an offer for a probe came back (the consumer removed its send time). */
    private static boolean caughtUp(Map<String, Long> sentAt) {
        return sentAt.keySet().stream().anyMatch(k -> k.equals("caught-up"));
    }

    private static void consume(
            String bootstrap,
            Map<String, Long> sentAt,
            List<Long> latencies,
            long[] measureFrom,
            AtomicBoolean running,
            long[] offers) {
        Map<String, Object> config =
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        // The broker answers a fetch as soon as one byte is there
                        // (fetch.min.bytes=1): a short wait only adds empty fetches, which
                        // cost the shared cores, not latency.
                        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                        500,
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        "bench-offers");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(Topics.CRM_TRIGGERS).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    offers[0]++;
                    JsonNode offer;
                    try {
                        offer = JSON.readTree(record.value());
                    } catch (IOException e) {
                        continue;
                    }
                    String eventId = offer.path("triggerEventId").asText();
                    if (eventId.startsWith("probe-")) {
                        sentAt.put("caught-up", 0L);
                        continue;
                    }
                    Long sent = sentAt.get(eventId);
                    if (sent != null && sent >= measureFrom[0]) {
                        latencies.add(now - sent);
                    }
                }
            }
        }
    }

    /**
     * One event of the mix the job reads, for a random subscriber: charges and balance reports
     * draining balances (some cross a threshold), top-ups, location updates, roaming, new devices,
     * port-out requests, package purchases and bank products.
     */
    static ProducerRecord<byte[], byte[]> event(
            SplittableRandom rng, long[] balances, String id, long time) {
        int s = rng.nextInt(SUBSCRIBERS);
        String msisdn = String.format("+7958%07d", s);
        double u = rng.nextDouble();
        byte[] key = msisdn.getBytes(StandardCharsets.UTF_8);
        if (u < 0.40) {
            long amount = 500 + rng.nextInt(5_000);
            balances[s] = Math.max(-10_000, balances[s] - amount);
            return billing(
                    key,
                    id,
                    time,
                    BillingEventType.CHARGE,
                    msisdn,
                    amount,
                    balances[s],
                    BillingProduct.DATA);
        } else if (u < 0.55) {
            long amount = 5_000 + rng.nextInt(50_000);
            balances[s] += amount;
            return billing(
                    key, id, time, BillingEventType.TOP_UP, msisdn, amount, balances[s], null);
        } else if (u < 0.65) {
            return billing(
                    key, id, time, BillingEventType.BALANCE, msisdn, null, balances[s], null);
        } else if (u < 0.67) {
            return billing(
                    key,
                    id,
                    time,
                    BillingEventType.PACKAGE_PURCHASE,
                    msisdn,
                    29_900L,
                    balances[s],
                    BillingProduct.ROAMING_PACKAGE);
        } else if (u < 0.68) {
            BankProductEvent e =
                    new BankProductEvent(
                            id,
                            time,
                            BankProductEventType.OPENED,
                            "C-" + s,
                            msisdn,
                            BankProduct.INSURANCE,
                            Channel.MOBILE_APP);
            return new ProducerRecord<>(
                    Topics.BANK_PRODUCTS, key, InputTopics.BANK_PRODUCTS.serialise(e));
        }
        NetworkEventType type;
        Integer mcc = 250;
        String imei = null;
        String operator = null;
        if (u < 0.80) {
            type = NetworkEventType.LOCATION_UPDATE;
        } else if (u < 0.88) {
            type = NetworkEventType.ROAMING_ENTRY;
            mcc = COUNTRIES[rng.nextInt(COUNTRIES.length)];
        } else if (u < 0.95) {
            type = NetworkEventType.ROAMING_EXIT;
        } else if (u < 0.98) {
            type = NetworkEventType.DEVICE_CHANGE;
            imei =
                    Identifiers.withLuhnCheckDigit(
                            String.format("35693803%06d", rng.nextInt(1_000_000)));
            mcc = null;
        } else {
            type = NetworkEventType.PORT_OUT_REQUEST;
            operator = "other";
            mcc = null;
        }
        NetworkEvent e =
                new NetworkEvent(
                        id,
                        time,
                        type,
                        msisdn,
                        null,
                        null,
                        imei,
                        null,
                        mcc,
                        mcc == null ? null : 1,
                        type == NetworkEventType.LOCATION_UPDATE ? "25062-77-" + (s % 500) : null,
                        null,
                        operator,
                        null,
                        null);
        return new ProducerRecord<>(Topics.TELCO_NETWORK, key, InputTopics.NETWORK.serialise(e));
    }

    private static ProducerRecord<byte[], byte[]> billing(
            byte[] key,
            String id,
            long time,
            BillingEventType type,
            String msisdn,
            Long amount,
            long balance,
            BillingProduct product) {
        BillingEvent e =
                new BillingEvent(id, time, type, msisdn, amount, balance, "RUB", product, null);
        return new ProducerRecord<>(Topics.TELCO_BILLING, key, InputTopics.BILLING.serialise(e));
    }

    private static void send(
            KafkaProducer<byte[], byte[]> producer, ProducerRecord<byte[], byte[]> record) {
        producer.send(record);
    }

    private static void publish(String bootstrap, List<CampaignDefinition> campaigns)
            throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap, 0)) {
            for (CampaignDefinition c : campaigns) {
                producer.send(
                                new ProducerRecord<>(
                                        Topics.CONTROL_CAMPAIGNS,
                                        c.id().getBytes(StandardCharsets.UTF_8),
                                        CampaignDefinitions.toJson(c)))
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap, int lingerMs) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.ACKS_CONFIG,
                        "1",
                        ProducerConfig.LINGER_MS_CONFIG,
                        lingerMs,
                        ProducerConfig.BATCH_SIZE_CONFIG,
                        262_144),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    /** CPU time of this JVM so far: the job's threads, the load producer and the consumer. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double millis(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * quantile))] / 1e6;
    }
}
