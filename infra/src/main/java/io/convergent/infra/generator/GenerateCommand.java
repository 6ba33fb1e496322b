package io.convergent.infra.generator;

import io.convergent.common.event.InputTopic;
import io.convergent.common.event.InputTopics;
import io.convergent.common.identity.PseudonymKeyFile;
import io.convergent.common.identity.Pseudonymiser;
import io.convergent.common.table.Tables;
import io.convergent.infra.kafka.BrokerCheck;
import io.convergent.infra.lake.LakeCatalog;
import io.convergent.infra.lake.LakeCatalogs;
import io.convergent.infra.launcher.DataDirectory;
import io.convergent.streaming.lake.LakeTables;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code convergent generate}: writes the back-dated history, then (with {@code --live}) streams in
 * real time until interrupted. Exit codes: 0 done, 1 failed while running, 2 bad arguments (the
 * usage is printed) or a {@code --lake} data directory whose raw tables already hold events.
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
        if (writesToKafka(arguments)) {
            Optional<String> noBroker =
                    BrokerCheck.problem(arguments.bootstrap(), BrokerCheck.TIMEOUT);
            if (noBroker.isPresent()) {
                err.println("generate: " + noBroker.get());
                return 1;
            }
        }
        try {
            return generate(arguments, out);
        } catch (LakeInUseException e) {
            err.println("generate: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            LOG.error("Generation failed", e);
            err.println("generate: failed: " + e.getMessage());
            return 1;
        }
    }

    private static int generate(GenerateArguments arguments, PrintStream out) {
        GeneratorConfig config = arguments.config();
        EventSink sink = sink(arguments, out);
        GroundTruth truth = null;
        Simulation simulation;
        try {
            truth =
                    arguments.truth() == null
                            ? GroundTruth.none()
                            : GroundTruth.writingTo(arguments.truth());
            simulation = new Simulation(config);
        } catch (RuntimeException e) {
            try {
                if (truth != null) {
                    truth.close();
                }
            } finally {
                sink.close();
            }
            throw e;
        }
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
                if (sink instanceof LakeSink lake) {
                    // Only a whole history goes into the lake: an interrupted one is discarded.
                    if (stopRequested.get()) {
                        out.println(
                                "lake: stopped before the history was complete; nothing written");
                    } else {
                        lake.commit(
                                LocalDate.ofEpochDay(config.startDay()),
                                LocalDate.ofEpochDay(config.startDay() + config.days() - 1));
                    }
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

    private static boolean writesToKafka(GenerateArguments arguments) {
        return arguments.lake() == null && !arguments.dryRun() && arguments.output() == null;
    }

    private static EventSink sink(GenerateArguments arguments, PrintStream out) {
        if (arguments.lake() != null) {
            return LakeSink.open(arguments.lake(), out);
        }
        if (arguments.dryRun()) {
            return new CountingEventSink();
        }
        if (arguments.output() != null) {
            return new JsonLinesEventSink(arguments.output());
        }
        return new KafkaEventSink(arguments.bootstrap());
    }

    /**
     * A data directory's lake as the sink (created as {@code up} creates it, with its key when
     * missing, and nothing of the directory that only {@code up} uses), its catalog open while the
     * history is written; the history is committed only once whole ({@link #commit}), which says
     * what it wrote.
     */
    private static final class LakeSink implements EventSink {
        private final Path dataDir;
        private final LakeCatalog lake;
        private final LakeEventSink sink;
        private final PrintStream out;

        private LakeSink(Path dataDir, LakeCatalog lake, LakeEventSink sink, PrintStream out) {
            this.dataDir = dataDir;
            this.lake = lake;
            this.sink = sink;
            this.out = out;
        }

        static LakeSink open(Path dataDir, PrintStream out) {
            DataDirectory layout;
            try {
                layout = DataDirectory.createLake(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (PseudonymKeyFile.createIfMissing(layout.pseudonymKeys())) {
                out.println(
                        "lake: created a new pseudonymisation key in "
                                + layout.secrets()
                                + " (a data directory without one)");
            }
            Pseudonymiser keys = Pseudonymiser.load(System.getenv(), layout.pseudonymKeys());
            LakeCatalog lake = LakeCatalogs.open(layout.root());
            try {
                LakeTables.prepare(lake.properties(), LakeTables::ensureIngestTables);
                refuseWrittenRawTables(lake, layout.root());
                return new LakeSink(
                        layout.root(), lake, new LakeEventSink(lake, keys, e -> {}), out);
            } catch (Exception e) {
                lake.close();
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
        }

        /**
         * A history goes into raw tables that hold none yet: written twice, every event would be
         * there twice (nothing de-duplicates on this path).
         */
        private static void refuseWrittenRawTables(LakeCatalog lake, Path dataDir) {
            for (InputTopic<?> topic : InputTopics.all()) {
                String name = Tables.rawTableOf(topic.name()).orElseThrow();
                Table table =
                        lake.catalog().loadTable(TableIdentifier.of(LakeTables.NAMESPACE, name));
                if (table.currentSnapshot() != null) {
                    throw new LakeInUseException(
                            "--lake writes a history into raw tables that hold none, and "
                                    + name
                                    + " in "
                                    + dataDir
                                    + " already has data: use a new data directory");
                }
            }
        }

        /** Commits the history of the days {@code first} to {@code last}, and says what is next. */
        void commit(LocalDate first, LocalDate last) {
            sink.commit();
            out.printf(
                    "lake: %,d events of %s to %s written to the raw tables of %s (%,d records"
                            + " the ingest would reject not written)%n",
                    sink.written(), first, last, dataDir, sink.rejected());
            out.printf(
                    "lake: next, `bin/convergent batch run --day %s --data-dir %s` tiles the"
                            + " days, trains the models and publishes a batch view (once that day is over)%n",
                    last, dataDir);
        }

        @Override
        public void send(String topic, byte[] key, byte[] value) {
            sink.send(topic, key, value);
        }

        @Override
        public void flush() {
            sink.flush();
        }

        /** Closes the catalog; a history not committed is deleted first. */
        @Override
        public void close() {
            try {
                sink.close();
            } finally {
                lake.close();
            }
        }
    }

    /** A {@code --lake} data directory whose raw tables already hold events: a bad argument. */
    private static final class LakeInUseException extends IllegalStateException {
        LakeInUseException(String message) {
            super(message);
        }
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
