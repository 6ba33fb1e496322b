package io.convergent.infra.launcher;

import io.convergent.infra.generator.GeneratorConfig;
import io.convergent.infra.kafka.KafkaBrokerConfig;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Objects;

/**
 * The options of {@code convergent up}.
 *
 * @param dataDir the data directory, absolute
 * @param subscribers the population the live generator simulates
 * @param eventsPerSecond the live generator's rate
 * @param generator whether {@code up} starts the live generator
 * @param kafkaPort the broker's client port
 * @param controllerPort the broker's KRaft controller port
 * @param servingPort the serving layer's HTTP port
 * @param stateChangelog whether the immunity job runs with Flink's state changelog
 */
public record UpOptions(
        Path dataDir,
        int subscribers,
        double eventsPerSecond,
        boolean generator,
        int kafkaPort,
        int controllerPort,
        int servingPort,
        boolean stateChangelog) {

    public static final String DEFAULT_DATA_DIR = "var";
    public static final int DEFAULT_SERVING_PORT = 8080;
    public static final int DEFAULT_SUBSCRIBERS = 1_000;
    public static final double DEFAULT_EVENTS_PER_SECOND = 50;

    public static final String USAGE =
            String.join(
                    System.lineSeparator(),
                    "Usage: convergent up [--data-dir DIR] [--subscribers N] [--rate EVENTS_PER_S]",
                    "                     [--no-generator] [--kafka-port PORT]"
                            + " [--controller-port PORT] [--serving-port PORT]",
                    "                     [--no-state-changelog]",
                    "Starts the local platform in the foreground and prints one line starting"
                            + " with READY; Ctrl-C stops it.",
                    "  --data-dir DIR          data directory (default "
                            + DEFAULT_DATA_DIR
                            + "); a second up on it keeps all data",
                    "  --subscribers N         subscribers the live generator simulates (default "
                            + DEFAULT_SUBSCRIBERS
                            + ")",
                    "  --rate EVENTS_PER_S     live generator rate (default "
                            + (long) DEFAULT_EVENTS_PER_SECOND
                            + ")",
                    "  --no-generator          do not start the live generator",
                    "  --kafka-port PORT       Kafka client port (default "
                            + KafkaBrokerConfig.DEFAULT_PORT
                            + ")",
                    "  --controller-port PORT  Kafka KRaft controller port (default: the Kafka"
                            + " port + 1)",
                    "  --serving-port PORT     serving HTTP API port (default "
                            + DEFAULT_SERVING_PORT
                            + ")",
                    "  --no-state-changelog    run the immunity job without Flink's state"
                            + " changelog: its checkpoints then",
                    "                          hold its decisions up for longer; it resumes"
                            + " from either kind of checkpoint");

    public UpOptions {
        Objects.requireNonNull(dataDir, "dataDir");
        dataDir = dataDir.toAbsolutePath().normalize();
        if (subscribers < 1) {
            throw new IllegalArgumentException("subscribers must be positive, got " + subscribers);
        }
        if (!(eventsPerSecond > 0) || Double.isInfinite(eventsPerSecond)) {
            throw new IllegalArgumentException(
                    "eventsPerSecond must be positive and finite, got " + eventsPerSecond);
        }
        requirePort("kafkaPort", kafkaPort);
        requirePort("controllerPort", controllerPort);
        requirePort("servingPort", servingPort);
        if (kafkaPort == controllerPort) {
            throw new IllegalArgumentException(
                    "kafkaPort and controllerPort must differ, both are " + kafkaPort);
        }
    }

    /** Whether {@code args} ask for the usage text rather than a start. */
    public static boolean isHelp(String... args) {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    /** Parses {@code up}'s arguments; accepts {@code --name value} and {@code --name=value}. */
    public static UpOptions parse(String... args) throws UsageException {
        Objects.requireNonNull(args, "args");
        String dataDir = DEFAULT_DATA_DIR;
        int subscribers = DEFAULT_SUBSCRIBERS;
        double rate = DEFAULT_EVENTS_PER_SECOND;
        boolean generator = true;
        boolean stateChangelog = true;
        int kafkaPort = KafkaBrokerConfig.DEFAULT_PORT;
        Integer controllerPort = null;
        int servingPort = DEFAULT_SERVING_PORT;

        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String inlineValue = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                inlineValue = arg.substring(equals + 1);
            }
            switch (name) {
                case "--no-generator", "--no-state-changelog" -> {
                    if (inlineValue != null) {
                        throw new UsageException(name + " takes no value, got '" + arg + "'");
                    }
                    if (name.equals("--no-generator")) {
                        generator = false;
                    } else {
                        stateChangelog = false;
                    }
                }
                case "--data-dir",
                        "--subscribers",
                        "--rate",
                        "--kafka-port",
                        "--controller-port",
                        "--serving-port" -> {
                    String value;
                    if (inlineValue != null) {
                        value = inlineValue;
                    } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                        value = args[++i];
                    } else {
                        // "--data-dir --no-generator" would make a directory of that name.
                        throw new UsageException(name + " needs a value");
                    }
                    switch (name) {
                        case "--data-dir" -> dataDir = value;
                        case "--subscribers" -> subscribers = positiveInt(name, value);
                        case "--rate" -> rate = positiveRate(name, value);
                        case "--kafka-port" -> kafkaPort = port(name, value);
                        case "--serving-port" -> servingPort = port(name, value);
                        default -> controllerPort = port(name, value);
                    }
                }
                default -> throw new UsageException("unknown option '" + arg + "'");
            }
        }
        if (dataDir.isBlank()) {
            throw new UsageException("--data-dir must not be empty");
        }
        // A second stack on another Kafka port gets its controller next to it unless told.
        if (controllerPort == null) {
            controllerPort = kafkaPort < 65535 ? kafkaPort + 1 : kafkaPort - 1;
        }
        if (kafkaPort == controllerPort) {
            throw new UsageException(
                    "--kafka-port and --controller-port must differ, both are " + kafkaPort);
        }
        // The live generator's own bounds, checked here so a bad value is a usage error before
        // anything starts, not a failure after the broker is up.
        if (subscribers < GeneratorConfig.MIN_SUBSCRIBERS
                || subscribers > GeneratorConfig.MAX_SUBSCRIBERS) {
            throw new UsageException(
                    "--subscribers must be in ["
                            + GeneratorConfig.MIN_SUBSCRIBERS
                            + ", "
                            + GeneratorConfig.MAX_SUBSCRIBERS
                            + "], got "
                            + subscribers);
        }
        if (rate > GeneratorConfig.MAX_RATE) {
            throw new UsageException(
                    "--rate must be at most " + (long) GeneratorConfig.MAX_RATE + ", got " + rate);
        }
        Path dataPath;
        try {
            dataPath = Paths.get(dataDir);
        } catch (InvalidPathException e) {
            throw new UsageException("--data-dir is not a valid path: '" + dataDir + "'");
        }
        return new UpOptions(
                dataPath,
                subscribers,
                rate,
                generator,
                kafkaPort,
                controllerPort,
                servingPort,
                stateChangelog);
    }

    public DataDirectory layout() {
        return new DataDirectory(dataDir);
    }

    /** Where the pseudonymisation key file lives; {@code up} creates it on first run. */
    public Path pseudonymKeyFile() {
        return layout().pseudonymKeys();
    }

    private static int positiveInt(String name, String value) throws UsageException {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below with the value
        }
        throw new UsageException(name + " must be a positive integer, got '" + value + "'");
    }

    private static double positiveRate(String name, String value) throws UsageException {
        try {
            double parsed = Double.parseDouble(value);
            if (parsed > 0 && !Double.isInfinite(parsed)) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below with the value
        }
        throw new UsageException(name + " must be a positive number, got '" + value + "'");
    }

    private static int port(String name, String value) throws UsageException {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= 1 && parsed <= 65535) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below with the value
        }
        throw new UsageException(name + " must be a port in 1..65535, got '" + value + "'");
    }

    private static void requirePort(String name, int value) {
        if (value < 1 || value > 65535) {
            throw new IllegalArgumentException(name + " must be in 1..65535, got " + value);
        }
    }
}
