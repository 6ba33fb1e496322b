package io.convergent.serving;

import io.convergent.common.cli.Interruption;
import io.convergent.serving.http.LocalClients;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code bin/convergent serve}: the serving layer alone, in the foreground, until SIGINT/SIGTERM.
 * Prints one line starting with {@code READY} once it answers.
 */
public final class ServingMain {

    private ServingMain() {}

    static final String USAGE =
            "Usage: convergent serve [--data-dir DIR] [--convergent.serving.port 8080]"
                    + " [--convergent.kafka.bootstrap-servers HOST:PORT|none]"
                    + " [--convergent.serving.KEY VALUE]... (the keys are ServingConfig's)";

    public static void main(String[] args) throws Exception {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                System.out.println(USAGE);
                return;
            }
        }
        ServingConfig config;
        try {
            config = ServingConfig.fromMap(ServingConfig.parseArgs(args));
        } catch (IllegalArgumentException e) {
            System.err.println("serve: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        // SIGINT and SIGTERM close serving before any shutdown hook runs: Iceberg's hook shuts
        // the worker pool a batch-view load still under way needs. From here on, so that a signal
        // during the start (a view loading, the broker asked) takes this way too; the hook is for
        // other exits.
        AtomicReference<Serving> started = new AtomicReference<>();
        Interruption.stopOnSignal(
                () -> {
                    Serving running = started.get();
                    if (running != null) {
                        running.close();
                    }
                });
        Serving serving;
        try {
            if (config.localTokenFile() != null
                    && LocalClients.createIfMissing(
                            config.clientsFile(), config.localTokenFile())) {
                System.err.println(
                        "serve: created "
                                + config.clientsFile()
                                + " with a local client; its token is in "
                                + config.localTokenFile());
            }
            serving = new Serving(config, Clock.systemUTC(), System.getenv());
            started.set(serving);
            // Which broker is followed, and why: a speed view is not told apart by its answers.
            System.err.println(
                    config.bootstrapServers() == null
                            ? "serve: following no speed view ("
                                    + config.bootstrapOrigin()
                                    + "): scores and features are the batch view's as of its"
                                    + " cutoff"
                            : "serve: following the speed view at "
                                    + config.bootstrapServers()
                                    + " ("
                                    + config.bootstrapOrigin()
                                    + ")");
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("serve: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    serving.close();
                                    stopped.countDown();
                                },
                                "serving-shutdown"));
        String parent = System.getProperty("convergent.parent-pid");
        if (parent != null) {
            // Started by a launcher: go when it goes, even if it had no chance to stop us.
            ProcessHandle.of(Long.parseLong(parent))
                    .ifPresentOrElse(
                            p ->
                                    p.onExit()
                                            .thenRun(
                                                    () -> {
                                                        serving.close();
                                                        System.exit(0);
                                                    }),
                            () -> System.exit(0));
        }
        System.out.println("READY serving http://" + config.host() + ":" + serving.port());
        System.out.flush();
        stopped.await();
    }
}
