package io.convergent.streaming.runtime;

import io.convergent.common.config.Durations;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.util.ParameterTool;
import org.apache.flink.util.TimeUtils;

/**
 * Reading the streaming jobs' flat {@code convergent.*} option keys: the keys the jobs share, the
 * sections, and typed values with messages that name the key.
 *
 * <p>One configuration file may hold the options of every job, so a job ignores the sections of the
 * others; it refuses an unknown key in its own section or a shared one, and a {@code convergent.}
 * key in no section at all, so a misspelt option fails instead of being ignored.
 */
public final class OptionValues {

    public static final String BOOTSTRAP_SERVERS = "convergent.kafka.bootstrap-servers";
    public static final String KEY_FILE = "convergent.pseudonym.key-file";

    /** Iceberg catalog properties, free-form after the prefix. */
    public static final String LAKE_PREFIX = "convergent.lake.";

    private static final Set<String> JOB_SECTIONS =
            Set.of(
                    "convergent.ingest.",
                    "convergent.immunity.",
                    "convergent.speed-view.",
                    "convergent.campaigns.");

    private OptionValues() {}

    /**
     * Refuses the {@code convergent.*} keys of {@code settings} that are neither in {@code known},
     * nor catalog properties, nor in another job's section.
     */
    public static void refuseUnknown(
            Map<String, String> settings, String ownSection, Set<String> known) {
        for (String key : settings.keySet()) {
            if (!key.startsWith("convergent.")
                    || known.contains(key)
                    || key.startsWith(LAKE_PREFIX)) {
                continue;
            }
            boolean otherJob =
                    JOB_SECTIONS.stream().anyMatch(s -> !s.equals(ownSection) && key.startsWith(s));
            if (!otherJob) {
                throw new IllegalArgumentException("unknown option " + key);
            }
        }
    }

    /**
     * A job's flat settings from its command line: {@code --config FILE} (a properties file) first,
     * then every {@code --key value} pair, which wins over the file.
     */
    public static Map<String, String> fromArgs(String[] args) throws IOException {
        ParameterTool parameters = ParameterTool.fromArgs(args);
        Map<String, String> settings = new LinkedHashMap<>();
        if (parameters.has("config")) {
            settings.putAll(ParameterTool.fromPropertiesFile(parameters.get("config")).toMap());
        }
        settings.putAll(parameters.toMap());
        settings.remove("config");
        return settings;
    }

    /** The {@code convergent.lake.*} settings without the prefix: Iceberg catalog properties. */
    public static Map<String, String> catalogProperties(Map<String, String> settings) {
        Map<String, String> catalog = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : settings.entrySet()) {
            if (entry.getKey().startsWith(LAKE_PREFIX)) {
                if (entry.getValue() == null) {
                    throw new IllegalArgumentException(entry.getKey() + " has no value");
                }
                catalog.put(entry.getKey().substring(LAKE_PREFIX.length()), entry.getValue());
            }
        }
        return catalog;
    }

    public static Duration duration(Map<String, String> settings, String key, Duration fallback) {
        String value = settings.get(key);
        if (value == null) {
            return fallback;
        }
        return Durations.parse(key, value);
    }

    public static boolean bool(Map<String, String> settings, String key, boolean fallback) {
        String value = settings.get(key);
        if (value == null) {
            return fallback;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException(key + " must be true or false, got '" + value + "'");
    }

    public static int integer(Map<String, String> settings, String key, int fallback) {
        String value = settings.get(key);
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

    /**
     * A size in bytes, written as Flink writes memory sizes: {@code 32 mb}, {@code 512k}, {@code
     * 0}.
     */
    public static long bytes(Map<String, String> settings, String key, long fallback) {
        String value = settings.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return MemorySize.parseBytes(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    key + " must be a size such as '32 mb' or '0', got '" + value + "'", e);
        }
    }

    /** Checks a duration option: positive, or also zero when {@code zeroAllowed}. */
    public static void requirePositive(String key, Duration value, boolean zeroAllowed) {
        Objects.requireNonNull(value, key);
        if (value.isNegative() || (!zeroAllowed && value.isZero())) {
            throw new IllegalArgumentException(
                    key
                            + " must be "
                            + (zeroAllowed ? "zero or more" : "positive")
                            + ", got "
                            + value);
        }
    }

    public static void requirePositive(String key, Duration value) {
        requirePositive(key, value, false);
    }

    /** A duration as the option parser reads it back ({@code 30 d}, {@code 1 h}). */
    public static String format(Duration value) {
        return TimeUtils.formatWithHighestUnit(value);
    }
}
