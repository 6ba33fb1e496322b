package io.convergent.infra.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Asks the broker a command is about to use whether it is there, before the command's own clients
 * wait on it: a producer would wait a minute and end in a stack trace, a reader two.
 */
public final class BrokerCheck {

    /** How long a broker that is up takes to answer, with room to spare. */
    public static final Duration TIMEOUT = Duration.ofSeconds(5);

    private BrokerCheck() {}

    /**
     * Empty when a broker answers at {@code bootstrap} within {@code timeout}; else what to tell
     * the user, naming the address and the option that sets it.
     */
    public static Optional<String> problem(String bootstrap, Duration timeout) {
        int millis = (int) timeout.toMillis();
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis,
                                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis,
                                // One address tried again and again is all a local check needs.
                                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500))) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(millis))
                    .clusterId()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return Optional.of(
                    "no Kafka broker answers at "
                            + bootstrap
                            + " (waited "
                            + timeout.toSeconds()
                            + " s): is `convergent up` running? --bootstrap HOST:PORT names"
                            + " another");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while looking for the Kafka broker at " + bootstrap);
        }
    }
}
