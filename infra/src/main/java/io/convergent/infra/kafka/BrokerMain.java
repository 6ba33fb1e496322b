package io.convergent.infra.kafka;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the broker's child JVM: runs {@code kafka.Kafka} with the given arguments, and
 * stops it when the process that launched it is gone.
 *
 * <p>A launcher that is killed outright (SIGKILL, a test JVM ended by its timeout) runs no shutdown
 * hook, and a broker left behind would hold the data directory and the ports. Exiting through
 * {@link System#exit} runs Kafka's own shutdown hook, so the stop is still controlled.
 */
public final class BrokerMain {

    /** System property with the pid of the launching process. */
    static final String PARENT_PID_PROPERTY = "convergent.parent.pid";

    private static final Logger LOG = LoggerFactory.getLogger(BrokerMain.class);
    private static final long POLL_MILLIS = 1000;

    private BrokerMain() {}

    public static void main(String[] args) {
        String parentPid = System.getProperty(PARENT_PID_PROPERTY);
        if (parentPid != null) {
            watchParent(Long.parseLong(parentPid));
        }
        kafka.Kafka.main(args);
    }

    private static void watchParent(long pid) {
        Thread watcher =
                new Thread(
                        () -> {
                            while (isAlive(pid)) {
                                try {
                                    TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                            LOG.warn("Launching process {} is gone; stopping the broker", pid);
                            System.exit(0);
                        },
                        "convergent-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static boolean isAlive(long pid) {
        Optional<ProcessHandle> parent = ProcessHandle.of(pid);
        return parent.isPresent() && parent.get().isAlive();
    }
}
