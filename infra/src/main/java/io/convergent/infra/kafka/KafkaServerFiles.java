package io.convergent.infra.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The files a single-node KRaft broker is started from: {@code server.properties} and a log4j2
 * configuration. Both are rewritten on every start, so a change of port or setting takes effect;
 * the cluster identity lives in {@code meta.properties}, which only formatting writes.
 */
final class KafkaServerFiles {

    // One node is broker and controller at once.
    static final int NODE_ID = 1;

    private final KafkaBrokerConfig config;

    KafkaServerFiles(KafkaBrokerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    Map<String, String> serverProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        // A static quorum: formatted without --standalone. Mixing it with
        // controller.quorum.bootstrap.servers is refused by Kafka 4.
        p.put(
                "controller.quorum.voters",
                NODE_ID + "@" + config.host() + ":" + config.controllerPort());
        p.put("controller.listener.names", "CONTROLLER");
        p.put(
                "listeners",
                "PLAINTEXT://"
                        + config.host()
                        + ":"
                        + config.port()
                        + ",CONTROLLER://"
                        + config.host()
                        + ":"
                        + config.controllerPort());
        p.put("advertised.listeners", "PLAINTEXT://" + config.bootstrapServers());
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.put("log.dirs", config.dataDirectory().toString());

        // Topics are provisioned from the contract (Topics.all()); a typo in a topic name must
        // fail instead of creating a stray topic.
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");

        // Internal topics of a one-node cluster: replication 1, and fewer partitions than the
        // production defaults (50) so the first consumer group and transaction start quickly.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "10");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "10");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // Flink's exactly-once KafkaSink asks for a one-hour transaction timeout by default; the
        // broker's default ceiling (15 minutes) would refuse its producers.
        p.put("transaction.max.timeout.ms", "3600000");
        p.put("group.initial.rebalance.delay.ms", "0");
        // The only broker is never fenced for a late heartbeat: there is no replica to fail over
        // to, so fencing stops every topic until the next heartbeat lands. On a starved box (the
        // jobs of `up` catching up a backlog on the same two cores) the controller took 11 s to
        // process one heartbeat, past the 9 s default, and fenced the broker again and again;
        // each time the jobs' producers failed and the jobs restarted, adding to the load.
        p.put("broker.session.timeout.ms", "120000");

        // Retention is by record timestamp, and generated history carries event times weeks in
        // the past: time-based deletion would drop it on arrival. The local stack keeps all.
        p.put("log.retention.ms", "-1");
        return p;
    }

    void write() throws IOException {
        Files.createDirectories(config.directory());
        Files.createDirectories(config.dataDirectory());
        Files.createDirectories(config.serverLog().getParent());
        String server =
                serverProperties().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(
                                Collectors.joining(
                                        "\n",
                                        "# Written by convergent on every broker start; edits are"
                                                + " overwritten.\n",
                                        "\n"));
        Files.writeString(config.serverProperties(), server, StandardCharsets.UTF_8);
        Files.writeString(config.log4jConfig(), log4jConfig(), StandardCharsets.UTF_8);
    }

    // The child's stdout is appended to logs/server.log, so one console appender puts Kafka's
    // log and anything the JVM itself prints (a crash, a bad option) in the same file.
    private static String log4jConfig() {
        return String.join(
                "\n",
                "status = warn",
                "name = convergent-kafka",
                // The broker logs its own shutdown from a hook; log4j must not stop before it.
                "shutdownHook = disable",
                "appender.out.type = Console",
                "appender.out.name = OUT",
                "appender.out.layout.type = PatternLayout",
                "appender.out.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.out.ref = OUT",
                "logger.request.name = kafka.request.logger",
                "logger.request.level = WARN",
                "logger.statechange.name = state.change.logger",
                "logger.statechange.level = WARN",
                "logger.cleaner.name = kafka.log.LogCleaner",
                "logger.cleaner.level = WARN",
                "");
    }
}
