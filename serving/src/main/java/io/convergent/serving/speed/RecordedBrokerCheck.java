package io.convergent.serving.speed;

import io.convergent.common.broker.LocalBroker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the broker answering where a data directory's {@code up} last started one is still that
 * directory's broker: on a shared machine another copy's {@code up}, on another data directory, may
 * have taken the port since, and its speed view is not ours. The two are told apart by the Kafka
 * cluster id: the one the directory's storage was formatted with ({@code
 * kafka/data/meta.properties}) against the one the answering broker reports.
 */
public final class RecordedBrokerCheck {

    /**
     * How long a broker that is up takes to answer, with room to spare: a fresh JVM's first admin
     * request on a loaded two-core machine took over 5 s. Only waited for when something accepts
     * connections at the address.
     */
    public static final Duration TIMEOUT = Duration.ofSeconds(15);

    private static final Logger LOG = LoggerFactory.getLogger(RecordedBrokerCheck.class);

    private RecordedBrokerCheck() {}

    /**
     * Empty when the broker at {@code bootstrap} is {@code dataDir}'s, or when that cannot be told
     * (the storage was never formatted, or no broker answers within {@code timeout}: there is
     * nothing to follow by mistake yet); else why it is not, and what to do.
     */
    public static Optional<String> problem(Path dataDir, String bootstrap, Duration timeout) {
        Optional<String> recorded = LocalBroker.clusterId(dataDir);
        if (recorded.isEmpty()) {
            return Optional.empty();
        }
        return answeringClusterId(bootstrap, timeout)
                .flatMap(answering -> compare(dataDir, bootstrap, recorded.get(), answering));
    }

    /**
     * Empty when the cluster ids agree; else the refusal, naming the data directory, the address
     * and both ids.
     */
    static Optional<String> compare(
            Path dataDir, String bootstrap, String recordedId, String answeringId) {
        if (recordedId.equals(answeringId)) {
            return Optional.empty();
        }
        Path root = dataDir.toAbsolutePath().normalize();
        return Optional.of(
                "the Kafka broker at "
                        + bootstrap
                        + " is not the one bin/convergent up last started on "
                        + root
                        + ": it reports cluster id "
                        + answeringId
                        + ", "
                        + LocalBroker.metaProperties(root)
                        + " records "
                        + recordedId
                        + " (another data directory's broker has that port now). Start this"
                        + " directory's broker (bin/convergent up --data-dir "
                        + root
                        + " --kafka-port PORT, a free port), or name the broker to follow with"
                        + " --convergent.kafka.bootstrap-servers HOST:PORT (none: the batch view"
                        + " alone)");
    }

    /** Whether something accepts a TCP connection at the first of {@code bootstrap}'s addresses. */
    static boolean listening(String bootstrap) {
        String first = bootstrap.split(",")[0].trim();
        int listener = first.indexOf("://");
        if (listener >= 0) {
            first = first.substring(listener + 3);
        }
        int colon = first.lastIndexOf(':');
        if (colon < 0) {
            return true; // not an address this can probe: let the admin client judge it
        }
        String host = first.substring(0, colon).replace("[", "").replace("]", "");
        try (Socket socket = new Socket()) {
            socket.connect(
                    new InetSocketAddress(host, Integer.parseInt(first.substring(colon + 1))),
                    (int) PROBE_TIMEOUT.toMillis());
            return true;
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /** A local port that is open accepts a connection well within this. */
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);

    /** The cluster id the broker at {@code bootstrap} reports; empty if none answers in time. */
    static Optional<String> answeringClusterId(String bootstrap, Duration timeout) {
        if (!listening(bootstrap)) {
            // Nothing accepts a connection there (up is not running): say so at once, rather than
            // let the admin client retry for the whole timeout and delay serve's start by it.
            return Optional.empty();
        }
        int millis = (int) timeout.toMillis();
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis,
                                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis,
                                // One local address tried again and again is all this needs.
                                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500))) {
            return Optional.ofNullable(
                    admin.describeCluster(new DescribeClusterOptions().timeoutMs(millis))
                            .clusterId()
                            .get(millis, TimeUnit.MILLISECONDS));
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // Not a refusal (it may be this directory's broker, slow to answer), but not known to
            // be ours either: say so rather than follow it as if checked.
            LOG.warn(
                    "Could not ask the broker at {} for its cluster id within {} s ({}): following"
                            + " it without knowing whether it is this data directory's",
                    bootstrap,
                    timeout.toSeconds(),
                    e instanceof ExecutionException && e.getCause() != null
                            ? e.getCause().toString()
                            : e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
