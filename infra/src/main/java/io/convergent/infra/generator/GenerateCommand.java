package io.convergent.infra.generator;

import java.io.PrintStream;
import java.time.InstantSource;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code convergent generate}: writes the back-dated history, then (with {@code --live}) streams in
 * real time until interrupted. Exit codes: 0 done, 1 failed while running, 2 bad arguments (the
 * usage is printed).
 */
public final class GenerateCommand {

    private static final Logger LOG = LoggerFactory.getLogger(GenerateCommand.class);

    private GenerateCommand() {}

    public static void main(String[] args) {
        int code = run(args, System.out, System.err, InstantSource.system());
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the command; returns the exit code. */
    /** Runs {@code generate} with {@code args}; returns the exit code {@link #main} would. */
    public static int run(String[] args, PrintStream out, PrintStream err, InstantSource clock) {
        GenerateArguments arguments;
        try {
            arguments = GenerateArguments.parse(args, clock);
        } catch (UsageException e) {
            err.println("generate: " + e.getMessage());
            err.println();
            err.println(GenerateArguments.USAGE);
            return 2;
        }
        if (arguments.help()) {
            out.println(GenerateArguments.USAGE);
            return 0;
        }
        try {
            return generate(arguments, out);
        } catch (RuntimeException e) {
            LOG.error("Generation failed", e);
            err.println("generate: failed: " + e.getMessage());
            return 1;
        }
    }

    private static int generate(GenerateArguments arguments, PrintStream out) {
        GeneratorConfig config = arguments.config();
        EventSink sink = sink(arguments);
        GroundTruth truth =
                arguments.truth() == null
                        ? GroundTruth.none()
                        : GroundTruth.writingTo(arguments.truth());
        AtomicBoolean stopRequested = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        // Ctrl-C stops the run cleanly: the history between stretches, the live stream at once;
        // the hook waits for the sink and the truth to be closed before the JVM exits.
        Thread hook =
                new Thread(
                        () -> {
                            stopRequested.set(true);
                            try {
                                finished.await(60, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "generate-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Simulation simulation = new Simulation(config);
        boolean handedOver = false;
        try {
            truth.describeRun(config);
            truth.describePopulation(simulation.population());
            long started = System.nanoTime();
            if (config.days() > 0) {
                GenerationCounts counts =
                        new HistoryGenerator(simulation, sink, truth, stopRequested::get).run();
                double seconds = (System.nanoTime() - started) / 1e9;
                out.printf(
                        "history: %d records (%d malformed) in %.1f s, %.0f records/s%n",
                        counts.records(),
                        counts.malformed(),
                        seconds,
                        counts.records() / Math.max(seconds, 1e-9));
                for (var topic : counts.byTopic().entrySet()) {
                    out.printf(
                            "  %-18s %,12d events %,8d malformed%n",
                            topic.getKey(), topic.getValue()[0], topic.getValue()[1]);
                }
            }
            if (config.live() && !stopRequested.get()) {
                LiveGenerator live =
                        LiveGenerator.continuing(simulation, sink, truth, config.firstLiveDay());
                handedOver = true;
                out.printf("live: streaming at %.0f events/s; Ctrl-C to stop%n", config.rate());
                out.flush();
                while (!stopRequested.get() && live.running()) {
                    sleep(200);
                }
                live.close();
                out.printf("live: %d records%n", live.emitted());
                if (live.failure().isPresent()) {
                    throw new IllegalStateException(
                            "live generator failed: " + live.failure().get().getMessage(),
                            live.failure().get());
                }
            }
            return 0;
        } finally {
            if (!handedOver) {
                try {
                    sink.close();
                } finally {
                    truth.close();
                    simulation.close();
                }
            }
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook is running and has just been released.
            }
        }
    }

    private static EventSink sink(GenerateArguments arguments) {
        if (arguments.dryRun()) {
            return new CountingEventSink();
        }
        if (arguments.output() != null) {
            return new JsonLinesEventSink(arguments.output());
        }
        return new KafkaEventSink(arguments.bootstrap());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
