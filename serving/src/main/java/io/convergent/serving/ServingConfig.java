package io.convergent.serving;

import io.convergent.common.broker.LocalBroker;
import io.convergent.common.cli.InlineValues;
import io.convergent.common.config.Durations;
import io.convergent.common.lake.LocalLake;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serving's typed configuration, from flat keys ({@code --key value} or a map). {@code
 * bootstrapOrigin} says where {@code bootstrapServers} came from (or why there is none), for the
 * line {@code serve} prints; {@code brokerRecordedIn} is the data directory whose recorded broker
 * they are, when they came from one ({@code null} otherwise), so that serving can make sure the
 * broker answering there is still that directory's.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><td>{@code --data-dir DIR}</td><td>a local platform's directory: sets the serving
 *       directory ({@code DIR/serving}), the lake ({@code DIR/catalog.db}), the pseudonym key
 *       ({@code DIR/secrets/pseudonym.keys}) and the clients file ({@code
 *       DIR/serving/clients.yaml})</td></tr>
 *   <tr><td></td><td>with {@code --data-dir} and no clients file yet, a local client with every
 *       scope is created, its token in {@code DIR/secrets/serving.token}</td></tr>
 *   <tr><td>{@code convergent.serving.directory}</td><td>where the views live (required without
 *       {@code --data-dir})</td></tr>
 *   <tr><td>{@code convergent.serving.host} / {@code .port}</td><td>{@code 127.0.0.1} /
 *       {@code 8080}</td></tr>
 *   <tr><td>{@code convergent.serving.threads}</td><td>{@code 2} event-loop threads</td></tr>
 *   <tr><td>{@code convergent.serving.max-body-bytes}</td><td>{@code 16384}</td></tr>
 *   <tr><td>{@code convergent.serving.clients-file}</td><td>the API clients (required)</td></tr>
 *   <tr><td>{@code convergent.serving.view-poll-interval}</td><td>{@code 30 s}: how often the
 *       lake is asked for a newer batch view (durations as the jobs take them, {@code 500 ms},
 *       {@code 5 min}, or ISO-8601 such as {@code PT30S})</td></tr>
 *   <tr><td>{@code convergent.serving.days-served}</td><td>{@code 3}: days past its cutoff a
 *       batch view answers for exactly</td></tr>
 *   <tr><td>{@code convergent.serving.answer-cache-entries}</td><td>{@code 200000}: scores
 *       answers kept until the view, the day or the subscriber's speed tiles change; 0
 *       disables</td></tr>
 *   <tr><td>{@code convergent.serving.view-cache-bytes}</td><td>{@code 268435456} (256 MB,
 *       off the heap): the batch views' blocks kept decompressed, shared by the views open; a
 *       lookup outside it reads and decompresses a block; 0: RocksDB's own small cache per
 *       view</td></tr>
 *   <tr><td>{@code convergent.serving.publish-scores}</td><td>{@code false}: this replica
 *       publishes the dynamic scores to {@code scores.realtime} (one replica should)</td></tr>
 *   <tr><td>{@code convergent.serving.scores-min-interval}</td><td>{@code 1 min}: at most one
 *       publication per subscriber in this time</td></tr>
 *   <tr><td>{@code convergent.serving.stop-timeout}</td><td>{@code 15 s}: the most a stop
 *       (SIGTERM) waits, in all, for the threads that follow the speed view and the immunity
 *       rules, poll for batch views and publish scores, and for the score producer's last sends;
 *       a thread still running then is left to the process's exit, and the stores it uses are
 *       left open under it. Give a supervisor's stop timeout a few seconds more ({@code up} kills
 *       a serve after 20 s)</td></tr>
 *   <tr><td>{@code convergent.kafka.bootstrap-servers}</td><td>the speed view's broker, {@code
 *       HOST:PORT[,HOST:PORT...]}; {@code none}: started without Kafka, no speed view: answers
 *       from the batch view alone, as of its cutoff, and 503 for answers from live state; an empty
 *       value is refused. Not given: with {@code --data-dir}, the broker {@code up} last started
 *       on it ({@code DIR/kafka/server.properties}), or none if it never did (serving refuses to
 *       start if the broker answering there is not that directory's: see {@link
 *       io.convergent.serving.speed.RecordedBrokerCheck}); without, none</td></tr>
 *   <tr><td>{@code convergent.serving.live-view-required}</td><td>{@code true}: answers from
 *       live state (transfer risk, the CAMARA signals) are refused with 503 while the speed view
 *       cannot be vouched for as current, or when there is none; {@code false} answers them from
 *       whatever the store holds (a benchmark of the lookup path, never a bank)</td></tr>
 *   <tr><td>{@code convergent.lake.<property>}</td><td>Iceberg catalog properties; none: no new
 *       batch views</td></tr>
 *   <tr><td>{@code convergent.pseudonym.key-file}</td><td>when the environment holds no
 *       key</td></tr>
 * </table>
 */
public record ServingConfig(
        Path directory,
        String host,
        int port,
        int threads,
        int maxBodyBytes,
        Path clientsFile,
        Duration viewPollInterval,
        int daysServed,
        int answerCacheEntries,
        long viewCacheBytes,
        boolean publishScores,
        Duration scoresMinInterval,
        Duration stopTimeout,
        String bootstrapServers,
        String bootstrapOrigin,
        Path brokerRecordedIn,
        Map<String, String> catalogProperties,
        Path keyFile,
        Path localTokenFile,
        boolean liveViewRequired) {

    public static final String DATA_DIR = "data-dir";
    public static final String DIRECTORY = "convergent.serving.directory";
    public static final String HOST = "convergent.serving.host";
    public static final String PORT = "convergent.serving.port";
    public static final String THREADS = "convergent.serving.threads";
    public static final String MAX_BODY_BYTES = "convergent.serving.max-body-bytes";
    public static final String CLIENTS_FILE = "convergent.serving.clients-file";
    public static final String VIEW_POLL_INTERVAL = "convergent.serving.view-poll-interval";
    public static final String DAYS_SERVED = "convergent.serving.days-served";
    public static final String ANSWER_CACHE_ENTRIES = "convergent.serving.answer-cache-entries";
    public static final String VIEW_CACHE_BYTES = "convergent.serving.view-cache-bytes";
    public static final String PUBLISH_SCORES = "convergent.serving.publish-scores";
    public static final String SCORES_MIN_INTERVAL = "convergent.serving.scores-min-interval";
    public static final String STOP_TIMEOUT = "convergent.serving.stop-timeout";
    public static final String BOOTSTRAP_SERVERS = "convergent.kafka.bootstrap-servers";
    public static final String LAKE_PREFIX = "convergent.lake.";
    public static final String KEY_FILE = "convergent.pseudonym.key-file";
    public static final String LIVE_VIEW_REQUIRED = "convergent.serving.live-view-required";

    /** The value of {@link #BOOTSTRAP_SERVERS} that starts serving without Kafka. */
    public static final String NO_KAFKA = "none";

    // A host name, an IPv4 address or a bracketed IPv6 one, and a port.
    private static final Pattern HOST_PORT =
            // An optional listener name as Kafka accepts it ("PLAINTEXT://host:9092").
            Pattern.compile(
                    "(?:[A-Za-z][A-Za-z0-9_]*://)?(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]+):([0-9]{1,5})");

    // An IPv6 address without its brackets, and a port: "::1:9092". Ambiguous (the last group
    // may be part of the address), so refused, with the bracketed form it most likely meant.
    private static final Pattern UNBRACKETED_IPV6 =
            Pattern.compile(
                    "((?:[A-Za-z][A-Za-z0-9_]*://)?)([0-9A-Fa-f.]*:[0-9A-Fa-f:.]*):([0-9]{1,5})");

    private static final Set<String> KEYS =
            Set.of(
                    DATA_DIR,
                    DIRECTORY,
                    HOST,
                    PORT,
                    THREADS,
                    MAX_BODY_BYTES,
                    CLIENTS_FILE,
                    VIEW_POLL_INTERVAL,
                    DAYS_SERVED,
                    ANSWER_CACHE_ENTRIES,
                    VIEW_CACHE_BYTES,
                    PUBLISH_SCORES,
                    SCORES_MIN_INTERVAL,
                    STOP_TIMEOUT,
                    BOOTSTRAP_SERVERS,
                    KEY_FILE,
                    LIVE_VIEW_REQUIRED);

    public ServingConfig {
        catalogProperties = Map.copyOf(catalogProperties);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(PORT + " must be 0 to 65535, got " + port);
        }
        if (threads < 1) {
            throw new IllegalArgumentException(THREADS + " must be at least 1, got " + threads);
        }
        if (maxBodyBytes < 256) {
            throw new IllegalArgumentException(
                    MAX_BODY_BYTES + " must be at least 256, got " + maxBodyBytes);
        }
        if (daysServed < 1 || daysServed > 30) {
            throw new IllegalArgumentException(DAYS_SERVED + " must be 1 to 30, got " + daysServed);
        }
        if (answerCacheEntries < 0) {
            throw new IllegalArgumentException(
                    ANSWER_CACHE_ENTRIES + " must not be negative, got " + answerCacheEntries);
        }
        if (viewCacheBytes < 0) {
            throw new IllegalArgumentException(
                    VIEW_CACHE_BYTES + " must not be negative, got " + viewCacheBytes);
        }
        if (viewPollInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            // A bare number is milliseconds (as in the jobs' options): '30' is not 30 seconds, and
            // a poll of the catalog every few milliseconds is never what was meant.
            throw new IllegalArgumentException(
                    VIEW_POLL_INTERVAL + " must be at least 1 s, got " + viewPollInterval);
        }
        if (stopTimeout.isNegative() || stopTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException(
                    STOP_TIMEOUT + " must be 0 to 10 min, got " + stopTimeout);
        }
    }

    /**
     * The configuration of {@code settings}; an unknown {@code convergent.serving.} key is refused.
     */
    public static ServingConfig fromMap(Map<String, String> settings) {
        for (String key : settings.keySet()) {
            if (!KEYS.contains(key) && !key.startsWith(LAKE_PREFIX)) {
                throw new IllegalArgumentException("unknown serving option '" + key + "'");
            }
        }
        Map<String, String> s = new LinkedHashMap<>(settings);
        String dataDir = s.get(DATA_DIR);
        Map<String, String> catalog = new LinkedHashMap<>();
        if (dataDir != null) {
            Path root = Path.of(dataDir).toAbsolutePath().normalize();
            s.putIfAbsent(DIRECTORY, root.resolve("serving").toString());
            s.putIfAbsent(KEY_FILE, root.resolve("secrets").resolve("pseudonym.keys").toString());
            s.putIfAbsent(CLIENTS_FILE, root.resolve("serving").resolve("clients.yaml").toString());
            catalog.putAll(LocalLake.catalogProperties(root));
        }
        String origin;
        Path brokerRecordedIn = null;
        if (s.containsKey(BOOTSTRAP_SERVERS)) {
            origin = "as --" + BOOTSTRAP_SERVERS + " says";
        } else if (dataDir != null) {
            // The broker this directory's own up started, never a default port: on a shared
            // machine localhost:9092 may be another copy's broker, whose speed view is not ours.
            Path root = Path.of(dataDir).toAbsolutePath().normalize();
            Optional<String> recorded = LocalBroker.bootstrapServers(root);
            s.put(BOOTSTRAP_SERVERS, recorded.orElse(NO_KAFKA));
            brokerRecordedIn = recorded.isPresent() ? root : null;
            origin =
                    recorded.isPresent()
                            ? "the broker bin/convergent up last started on " + root
                            : "bin/convergent up never started a broker on "
                                    + root
                                    + "; --"
                                    + BOOTSTRAP_SERVERS
                                    + " HOST:PORT follows one";
        } else {
            origin = "no --" + BOOTSTRAP_SERVERS + " given";
        }
        s.forEach(
                (k, v) -> {
                    if (k.startsWith(LAKE_PREFIX)) {
                        catalog.put(k.substring(LAKE_PREFIX.length()), v);
                    }
                });
        String directory = s.get(DIRECTORY);
        if (directory == null) {
            throw new IllegalArgumentException(DIRECTORY + " (or --data-dir) is required");
        }
        String clients = s.get(CLIENTS_FILE);
        if (clients == null) {
            throw new IllegalArgumentException(CLIENTS_FILE + " is required: the API's clients");
        }
        return new ServingConfig(
                Path.of(directory),
                s.getOrDefault(HOST, "127.0.0.1"),
                integer(s, PORT, 8080),
                integer(s, THREADS, 2),
                integer(s, MAX_BODY_BYTES, 16384),
                Path.of(clients),
                duration(s, VIEW_POLL_INTERVAL, Duration.ofSeconds(30)),
                integer(s, DAYS_SERVED, 3),
                integer(s, ANSWER_CACHE_ENTRIES, 200_000),
                wholeNumber(s, VIEW_CACHE_BYTES, 256L << 20),
                bool(s, PUBLISH_SCORES, false),
                duration(s, SCORES_MIN_INTERVAL, Duration.ofMinutes(1)),
                duration(s, STOP_TIMEOUT, Duration.ofSeconds(15)),
                bootstrapServers(s.get(BOOTSTRAP_SERVERS)),
                origin,
                brokerRecordedIn,
                catalog,
                s.containsKey(KEY_FILE) ? Path.of(s.get(KEY_FILE)) : null,
                dataDir == null
                        ? null
                        : Path.of(dataDir)
                                .toAbsolutePath()
                                .normalize()
                                .resolve("secrets")
                                .resolve("serving.token"),
                bool(s, LIVE_VIEW_REQUIRED, true));
    }

    /** {@code --key value} or {@code --key=value} pairs. */
    public static Map<String, String> parseArgs(String[] args) {
        Map<String, String> settings = new LinkedHashMap<>();
        args = InlineValues.split(args);
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException(
                        "arguments are --key value pairs; '" + args[i] + "' has no value");
            }
            settings.put(args[i].substring(2), args[++i]);
        }
        return settings;
    }

    /**
     * The broker list as Kafka takes it, or {@code null} for {@link #NO_KAFKA} and when not given.
     * Checked here so that a value Kafka's client would refuse with an exception from deep inside
     * its constructor is a usage error naming the option.
     */
    static String bootstrapServers(String value) {
        if (value == null || value.trim().equals(NO_KAFKA)) {
            return null;
        }
        if (value.isBlank()) {
            // An unset variable in a script, most likely: not taken as a wish to run without
            // the live view, which transfer risk and the CAMARA signals need.
            throw new IllegalArgumentException(
                    BOOTSTRAP_SERVERS
                            + " is empty: give HOST:PORT[,HOST:PORT...], or "
                            + NO_KAFKA
                            + " to serve from the batch view alone");
        }
        List<String> servers = new ArrayList<>();
        for (String server : value.split(",", -1)) {
            Matcher m = HOST_PORT.matcher(server.trim());
            if (!m.matches()
                    || Integer.parseInt(m.group(2)) < 1
                    || Integer.parseInt(m.group(2)) > 65535) {
                throw new IllegalArgumentException(
                        BOOTSTRAP_SERVERS
                                + " must be HOST:PORT[,HOST:PORT...] (ports 1 to 65535) or "
                                + NO_KAFKA
                                + ", got '"
                                + value
                                + "'"
                                + bracketingHint(server.trim()));
            }
            servers.add(server.trim());
        }
        return String.join(",", servers);
    }

    /** How an unbracketed IPv6 address and port are written, or nothing for anything else. */
    private static String bracketingHint(String server) {
        Matcher ipv6 = UNBRACKETED_IPV6.matcher(server);
        if (!ipv6.matches()) {
            return "";
        }
        return ": an IPv6 address goes in brackets, "
                + ipv6.group(1)
                + "["
                + ipv6.group(2)
                + "]:"
                + ipv6.group(3);
    }

    private static int integer(Map<String, String> s, String key, int fallback) {
        String value = s.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    key + " must be a whole number, got '" + value + "'");
        }
    }

    private static long wholeNumber(Map<String, String> s, String key, long fallback) {
        String value = s.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    key + " must be a whole number, got '" + value + "'");
        }
    }

    private static boolean bool(Map<String, String> s, String key, boolean fallback) {
        String value = s.get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException(key + " must be true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    private static Duration duration(Map<String, String> s, String key, Duration fallback) {
        String value = s.get(key);
        if (value == null) {
            return fallback;
        }
        return Durations.parse(key, value);
    }
}
