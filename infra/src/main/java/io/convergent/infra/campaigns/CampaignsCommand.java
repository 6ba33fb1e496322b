package io.convergent.infra.campaigns;

import io.convergent.common.campaigns.CampaignDefinition;
import io.convergent.common.campaigns.CampaignDefinitions;
import io.convergent.common.campaigns.InvalidCampaignException;
import io.convergent.common.topic.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code bin/convergent campaigns}: campaign definitions on {@code control.campaigns} (compacted,
 * key = campaign id), where the campaign job takes them from without a restart.
 *
 * <pre>
 * campaigns apply FILE... [--bootstrap HOST:PORT]   validate, then publish each
 * campaigns list [--bootstrap HOST:PORT]            what is published, and what is live today
 * campaigns delete ID [--bootstrap HOST:PORT]       a tombstone: the campaign stops
 * </pre>
 *
 * A definition that fails validation is refused with its message and nothing is published, not even
 * the valid files given with it. Exit codes: 0 done, 1 refused or failed, 2 usage.
 */
public final class CampaignsCommand {

    static final String USAGE =
            "Usage: convergent campaigns apply FILE... | list | delete ID  [--bootstrap HOST:PORT]";

    private CampaignsCommand() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> rest = new ArrayList<>();
        String bootstrap = "localhost:9092";
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--bootstrap")) {
                if (i + 1 >= args.length) {
                    err.println("campaigns: --bootstrap needs HOST:PORT");
                    return 2;
                }
                bootstrap = args[++i];
            } else {
                rest.add(args[i]);
            }
        }
        if (rest.isEmpty()) {
            err.println(USAGE);
            return 2;
        }
        try {
            switch (rest.get(0)) {
                case "apply":
                    return apply(rest.subList(1, rest.size()), bootstrap, out, err);
                case "list":
                    return list(bootstrap, out);
                case "delete":
                    if (rest.size() != 2) {
                        err.println("campaigns: delete takes one campaign id");
                        return 2;
                    }
                    send(bootstrap, rest.get(1), null);
                    out.println("deleted " + rest.get(1));
                    return 0;
                default:
                    err.println("campaigns: unknown subcommand '" + rest.get(0) + "'");
                    err.println(USAGE);
                    return 2;
            }
        } catch (IOException | ExecutionException | RuntimeException e) {
            err.println("campaigns: failed: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static int apply(List<String> files, String bootstrap, PrintStream out, PrintStream err)
            throws IOException, ExecutionException, InterruptedException {
        if (files.isEmpty()) {
            err.println("campaigns: apply needs at least one definition file");
            return 2;
        }
        List<CampaignDefinition> valid = new ArrayList<>();
        for (String file : files) {
            Path path = Path.of(file);
            if (!Files.isRegularFile(path)) {
                err.println("campaigns: " + file + ": no such file");
                return 1;
            }
            try {
                valid.add(CampaignDefinitions.parse(Files.readString(path), file));
            } catch (InvalidCampaignException e) {
                err.println("campaigns: refused: " + e.getMessage());
                return 1;
            }
        }
        for (CampaignDefinition c : valid) {
            send(bootstrap, c.id(), CampaignDefinitions.toJson(c));
            out.println("applied " + c.id() + " v" + c.version());
        }
        return 0;
    }

    private static int list(String bootstrap, PrintStream out) {
        Map<String, CampaignDefinition> live = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : readAll(bootstrap)) {
            String id = new String(record.key(), StandardCharsets.UTF_8);
            if (record.value() == null) {
                live.remove(id);
            } else {
                try {
                    live.put(
                            id,
                            CampaignDefinitions.fromJson(
                                    record.value(),
                                    Topics.CONTROL_CAMPAIGNS + "@" + record.offset()));
                } catch (InvalidCampaignException e) {
                    out.println("# skipped " + id + ": " + e.getMessage());
                }
            }
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        out.printf(
                "%-28s %4s %-8s %-24s %-23s %s%n",
                "id", "ver", "state", "trigger", "valid", "offer");
        for (CampaignDefinition c : live.values()) {
            String state =
                    c.validOn(today) ? "live" : today.isBefore(c.validFrom()) ? "pending" : "ended";
            String trigger =
                    String.join(
                            " then ",
                            c.trigger().steps().stream().map(s -> s.event().key()).toList());
            out.printf(
                    "%-28s %4d %-8s %-24s %-23s %s/%s%n",
                    c.id(),
                    c.version(),
                    state,
                    trigger,
                    c.validFrom() + ".." + c.validTo(),
                    c.offer().code(),
                    c.offer().channel().name().toLowerCase(java.util.Locale.ROOT));
        }
        out.println("(" + live.size() + " published)");
        return 0;
    }

    private static void send(String bootstrap, String id, byte[] value)
            throws ExecutionException, InterruptedException {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            producer.send(
                            new ProducerRecord<>(
                                    Topics.CONTROL_CAMPAIGNS,
                                    id.getBytes(StandardCharsets.UTF_8),
                                    value))
                    .get(40, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("no answer from Kafka at " + bootstrap, e);
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        props.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<PartitionInfo> infos =
                    consumer.partitionsFor(Topics.CONTROL_CAMPAIGNS, Duration.ofSeconds(30));
            List<TopicPartition> partitions =
                    infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "could not read " + Topics.CONTROL_CAMPAIGNS + " to its end");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
