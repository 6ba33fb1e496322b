package io.convergent.infra.launcher;

import io.convergent.common.cli.Interruption;
import io.convergent.infra.process.PortInUseException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code convergent up}: starts the local platform in the foreground, prints one line starting with
 * {@code READY} on stdout (logs go to stderr), and stops every component and child process on
 * SIGINT or SIGTERM.
 *
 * <p>Exit codes: 130 or 143 after a stop by SIGINT or SIGTERM, 1 when the start fails or a
 * component dies, 2 for a bad command line.
 */
public final class ConvergentUp {

    private static final Logger LOG = LoggerFactory.getLogger(ConvergentUp.class);

    /** How long a signal's stop waits for a start under way to end. */
    private static final Duration START_END_WAIT = Duration.ofSeconds(30);

    private ConvergentUp() {}

    public static void main(String[] args) {
        int code = run(args);
        // A stop by signal exits from the signal's thread once the platform is down (143, 130).
        Interruption.awaitSignalledExit();
        System.exit(code);
    }

    static int run(String[] args) {
        if (UpOptions.isHelp(args)) {
            System.out.println(UpOptions.USAGE);
            return 0;
        }
        UpOptions options;
        try {
            options = UpOptions.parse(args);
        } catch (UsageException e) {
            System.err.println("convergent up: " + e.getMessage());
            System.err.println(UpOptions.USAGE);
            return 2;
        }

        long startNanos = System.nanoTime();
        ComponentStack stack = new ComponentStack();
        // SIGINT and SIGTERM stop the platform before any shutdown hook runs: libraries' hooks
        // shut down what the stopping jobs still use (Iceberg's worker pool: every commit under
        // way failed with a stack trace). The hook is for every other exit; log4j's own hook is
        // disabled in log4j2.xml so the stop is still logged, and this hook shuts logging down
        // last. A signal during the start: what main is starting when the stack closes is stopped
        // as it is added (ComponentStack.add), so the handler waits for the start to end before
        // the JVM exits; else a child process launched just then would be left to its own watch
        // on its parent.
        CountDownLatch startEnded = new CountDownLatch(1);
        Thread starting = Thread.currentThread();
        Interruption.stopOnSignal(
                () -> {
                    LOG.info("Stopping the local platform");
                    stack.close();
                    if (startEnded.getCount() > 0) {
                        // A start that waits (the broker up to 90 s, serving up to 3 min) gives
                        // up at once: what it launched is stopped as it unwinds.
                        starting.interrupt();
                    }
                    awaitStartEnd(startEnded);
                });
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    if (!stack.isClosed()) {
                                        LOG.info("Stopping the local platform");
                                    }
                                    stack.close();
                                    LogManager.shutdown();
                                },
                                "convergent-shutdown"));

        LocalPlatform platform;
        try {
            LOG.info("Starting the local platform in {}", options.dataDir());
            platform = LocalPlatform.start(options, stack);
        } catch (Exception e) {
            if (Interruption.interrupted()) {
                // The signal's stop made the start fail: nothing to report as a failure.
                LOG.info("The start was cut short by the stop ({})", e.getMessage());
                return 1;
            }
            return startFailed(e, stack);
        } finally {
            startEnded.countDown();
        }
        if (Interruption.interrupted()) {
            return 1; // stopped before it was up: no READY
        }
        if (platform.failure().isDone()) {
            // A component died while the rest started: no READY for a platform that is not whole.
            LOG.error("convergent up failed: {}", platform.failure().join());
            stack.close();
            return 1;
        }
        LOG.info(
                "Local platform up in {} ms; Ctrl-C stops it",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        System.out.println(platform.endpoints().readyLine());
        System.out.flush();

        try {
            // Returns only if a component dies; a requested stop ends the JVM from the signal's
            // handler.
            String reason = platform.failure().get();
            LOG.error("Stopping the local platform: {}", reason);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.error("Stopping the local platform after a failure", e.getCause());
        }
        stack.close();
        return 1;
    }

    /** Logs why the start failed, stops what it started, and returns up's exit code for it. */
    private static int startFailed(Exception e, ComponentStack stack) {
        if (e instanceof PortInUseException) {
            LOG.error(
                    "convergent up failed: {} (--kafka-port, --controller-port and --serving-port"
                            + " choose others)",
                    e.getMessage());
        } else if (e instanceof IllegalStateException || e instanceof IOException) {
            // Our own failures say what went wrong, with the broker's log tail where it matters.
            LOG.error("convergent up failed: {}", e.getMessage());
            LOG.debug("Cause of the failed start", e);
        } else {
            LOG.error("convergent up failed", e);
        }
        stack.close();
        return 1;
    }

    /**
     * Waits for main's start to end (or {@link #START_END_WAIT}, for a start stuck past the stop):
     * the components it started by then are in the stack, stopped.
     */
    private static void awaitStartEnd(CountDownLatch startEnded) {
        try {
            if (!startEnded.await(START_END_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warn(
                        "The start did not end within {} s of the stop",
                        START_END_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
