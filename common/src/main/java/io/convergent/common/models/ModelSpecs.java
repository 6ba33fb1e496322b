package io.convergent.common.models;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.convergent.common.features.FeatureCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads model specifications: YAML files, one model each. A specification names the model, says
 * what it predicts ({@link LabelDefinition}), from which features and how it is trained:
 *
 * <pre>
 * name: port_out_30d
 * description: Asks to port the number to another operator within 30 days
 * label:
 *   table: raw_network_events          # or namespace.table
 *   where: "type = 'PORT_OUT_REQUEST'" # Flink SQL over the table's columns
 *   horizon_days: 30
 *   expect: present                    # or absent: 1 when there is no such event
 * features: all                        # or a list of feature names (docs/tables.md)
 * algorithm: gradient_boosted_trees
 * training: {rounds: 80, max_depth: 4, learning_rate: 0.1}
 * </pre>
 *
 * A label may instead read a column of a table an analyst brought: {@code label: {table:
 * crm.responses, label_column: responded, as_of_column: offered_on}}. Everything is checked: an
 * unknown key, a missing one, a feature the catalog does not define or a value out of range is
 * refused with a message naming the file and the key.
 */
public final class ModelSpecs {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{1,62}");
    private static final Pattern TABLE =
            Pattern.compile("([a-z_][a-z0-9_]*\\.)?[a-z_][a-z0-9_]*", Pattern.CASE_INSENSITIVE);
    private static final Pattern COLUMN =
            Pattern.compile("[a-z_][a-z0-9_]*", Pattern.CASE_INSENSITIVE);

    private static final Pattern RAW_IDENTIFIER = Pattern.compile("\\d{11,}");

    /** The subscriber column of the raw tables whose subscriber is not in {@code msisdn}. */
    private static final Map<String, String> SUBSCRIBER_COLUMNS =
            Map.of("raw_calls", "calling_number", "raw_sms", "sender_number");

    private static final Set<String> TOP_KEYS =
            Set.of("name", "description", "label", "features", "algorithm", "training");
    private static final Set<String> LABEL_KEYS =
            Set.of(
                    "table",
                    "subscriber_column",
                    "where",
                    "time_column",
                    "horizon_days",
                    "expect",
                    "label_column",
                    "as_of_column");
    private static final Set<String> TRAINING_KEYS =
            Set.of(
                    "rounds",
                    "max_depth",
                    "learning_rate",
                    "min_child_weight",
                    "subsample",
                    "column_sample",
                    "seed",
                    "snapshots",
                    "snapshot_spacing_days");

    private ModelSpecs() {}

    /** Every {@code *.yaml} / {@code *.yml} in {@code directory}, in name order; names unique. */
    public static List<ModelSpec> loadDirectory(Path directory) throws InvalidModelSpecException {
        if (!Files.isDirectory(directory)) {
            throw new InvalidModelSpecException(directory + ": no such directory of model specs");
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files =
                    listing.filter(
                                    p -> {
                                        String n = p.getFileName().toString();
                                        return n.endsWith(".yaml") || n.endsWith(".yml");
                                    })
                            .sorted()
                            .toList();
        } catch (IOException e) {
            throw new InvalidModelSpecException(directory + ": cannot list: " + e.getMessage(), e);
        }
        List<ModelSpec> specs = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (Path file : files) {
            ModelSpec spec = load(file);
            if (!names.add(spec.name())) {
                throw new InvalidModelSpecException(
                        file + ": a second model named '" + spec.name() + "' in " + directory);
            }
            specs.add(spec);
        }
        return specs;
    }

    public static ModelSpec load(Path file) throws InvalidModelSpecException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidModelSpecException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** Parses a specification; {@code origin} (a file name) starts every error message. */
    public static ModelSpec parse(String text, String origin) throws InvalidModelSpecException {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JacksonException e) {
            throw new InvalidModelSpecException(
                    origin + ": not YAML: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidModelSpecException(origin + ": must be a YAML mapping of keys");
        }
        Reader spec = new Reader(origin, "", root);
        spec.onlyKeys(TOP_KEYS);
        String name = spec.text("name");
        if (!NAME.matcher(name).matches()) {
            throw spec.invalid(
                    "name",
                    "must be lower case letters, digits and '_' (2-63), got '" + name + "'");
        }
        String description = spec.text("description");
        LabelDefinition label = label(spec.child("label"));
        List<String> features = features(spec);
        String algorithm = spec.optionalText("algorithm", "gradient_boosted_trees");
        if (!algorithm.equals("gradient_boosted_trees")) {
            throw spec.invalid(
                    "algorithm", "unknown '" + algorithm + "' (known: gradient_boosted_trees)");
        }
        TrainingParameters training = training(spec.optionalChild("training"));
        return new ModelSpec(
                name,
                description,
                label,
                features,
                ModelSpec.Algorithm.GRADIENT_BOOSTED_TREES,
                training,
                text);
    }

    private static LabelDefinition label(Reader label) throws InvalidModelSpecException {
        label.onlyKeys(LABEL_KEYS);
        String table = label.text("table");
        if (!TABLE.matcher(table).matches()) {
            throw label.invalid("table", "must be name or namespace.name, got '" + table + "'");
        }
        String bareTable = table.substring(table.indexOf('.') + 1);
        String subscriber =
                label.column(
                        "subscriber_column", SUBSCRIBER_COLUMNS.getOrDefault(bareTable, "msisdn"));
        boolean event = label.has("where");
        boolean column = label.has("label_column");
        if (event == column) {
            throw label.invalid(
                    "where", "a label needs either 'where' (an event) or 'label_column', not both");
        }
        if (event) {
            for (String key : List.of("as_of_column")) {
                if (label.has(key)) {
                    throw label.invalid(key, "belongs to a label_column label, not a 'where' one");
                }
            }
            String where = label.text("where");
            if (where.contains(";")) {
                throw label.invalid("where", "must be one condition, without ';'");
            }
            if (RAW_IDENTIFIER.matcher(where).find()) {
                // It could never match (the lake holds pseudonyms), and the registry keeps the
                // text.
                throw label.invalid(
                        "where",
                        "holds a run of 11 or more digits, like a raw phone, card or account"
                                + " number: the lake holds pseudonyms only (write a large amount as"
                                + " 1e10)");
            }
            String time = label.column("time_column", "event_time");
            int horizon = label.integer("horizon_days", -1, 1, 365);
            String expect = label.optionalText("expect", "present");
            if (!expect.equals("present") && !expect.equals("absent")) {
                throw label.invalid("expect", "must be present or absent, got '" + expect + "'");
            }
            return LabelDefinition.event(
                    table, subscriber, where, time, horizon, expect.equals("absent"));
        }
        for (String key : List.of("time_column", "horizon_days", "expect")) {
            if (label.has(key)) {
                throw label.invalid(key, "belongs to a 'where' label, not a label_column one");
            }
        }
        return LabelDefinition.column(
                table,
                subscriber,
                label.column("label_column", null),
                label.column("as_of_column", null));
    }

    private static List<String> features(Reader spec) throws InvalidModelSpecException {
        JsonNode node = spec.node.get("features");
        if (node == null || (node.isTextual() && node.asText().equals("all"))) {
            return FeatureCatalog.names();
        }
        if (!node.isArray() || node.isEmpty()) {
            throw spec.invalid("features", "must be 'all' or a non-empty list of feature names");
        }
        Set<String> known = Set.copyOf(FeatureCatalog.names());
        Set<String> features = new LinkedHashSet<>();
        for (JsonNode element : node) {
            String feature = element.asText();
            if (!known.contains(feature)) {
                throw spec.invalid(
                        "features",
                        "unknown feature '"
                                + feature
                                + "' (the catalog's are listed in docs/tables.md, features_window)");
            }
            if (!features.add(feature)) {
                throw spec.invalid("features", "'" + feature + "' listed twice");
            }
        }
        return List.copyOf(features);
    }

    private static TrainingParameters training(Reader training) throws InvalidModelSpecException {
        TrainingParameters d = TrainingParameters.DEFAULTS;
        if (training == null) {
            return d;
        }
        training.onlyKeys(TRAINING_KEYS);
        return new TrainingParameters(
                training.integer("rounds", d.rounds(), 1, 2000),
                training.integer("max_depth", d.maxDepth(), 1, 12),
                training.decimal("learning_rate", d.learningRate(), 0.001, 1),
                training.decimal("min_child_weight", d.minChildWeight(), 0, 1000),
                training.decimal("subsample", d.subsample(), 0.05, 1),
                training.decimal("column_sample", d.columnSample(), 0.05, 1),
                training.integer("seed", (int) d.seed(), 0, Integer.MAX_VALUE),
                training.integer("snapshots", d.snapshots(), 1, 52),
                training.integer("snapshot_spacing_days", d.snapshotSpacingDays(), 1, 365));
    }

    /** A mapping of the document, with the path to it for messages. */
    private record Reader(String origin, String path, JsonNode node) {

        Reader {
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("not a mapping");
            }
        }

        InvalidModelSpecException invalid(String key, String problem) {
            return new InvalidModelSpecException(origin + ": " + path + key + " " + problem);
        }

        void onlyKeys(Set<String> known) throws InvalidModelSpecException {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!known.contains(key)) {
                    throw invalid(
                            key,
                            "is not a known key (known: "
                                    + String.join(", ", known.stream().sorted().toList())
                                    + ")");
                }
            }
        }

        boolean has(String key) {
            JsonNode value = node.get(key);
            return value != null && !value.isNull();
        }

        Reader child(String key) throws InvalidModelSpecException {
            Reader child = optionalChild(key);
            if (child == null) {
                throw invalid(key, "is missing");
            }
            return child;
        }

        Reader optionalChild(String key) throws InvalidModelSpecException {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isObject()) {
                throw invalid(key, "must be a mapping");
            }
            return new Reader(origin, path + key + ".", value);
        }

        String text(String key) throws InvalidModelSpecException {
            JsonNode value = node.get(key);
            if (value == null || value.isNull()) {
                throw invalid(key, "is missing");
            }
            if (!value.isValueNode() || value.asText().isBlank()) {
                throw invalid(key, "must be a non-empty text");
            }
            return value.asText().strip();
        }

        String optionalText(String key, String otherwise) throws InvalidModelSpecException {
            return has(key) ? text(key) : otherwise;
        }

        String column(String key, String otherwise) throws InvalidModelSpecException {
            if (!has(key)) {
                if (otherwise == null) {
                    throw invalid(key, "is missing");
                }
                return otherwise;
            }
            String column = text(key).toLowerCase(Locale.ROOT);
            if (!COLUMN.matcher(column).matches()) {
                throw invalid(key, "must be a column name, got '" + column + "'");
            }
            return column;
        }

        int integer(String key, int otherwise, int min, int max) throws InvalidModelSpecException {
            if (!has(key)) {
                if (otherwise < 0) {
                    throw invalid(key, "is missing");
                }
                return otherwise;
            }
            JsonNode value = node.get(key);
            if (!value.canConvertToInt() || !value.isIntegralNumber()) {
                throw invalid(key, "must be a whole number, got '" + value.asText() + "'");
            }
            int v = value.intValue();
            if (v < min || v > max) {
                throw invalid(key, "must be in " + min + ".." + max + ", got " + v);
            }
            return v;
        }

        double decimal(String key, double otherwise, double min, double max)
                throws InvalidModelSpecException {
            if (!has(key)) {
                return otherwise;
            }
            JsonNode value = node.get(key);
            if (!value.isNumber()) {
                throw invalid(key, "must be a number, got '" + value.asText() + "'");
            }
            double v = value.doubleValue();
            if (!(v >= min && v <= max)) {
                throw invalid(key, "must be in " + min + ".." + max + ", got " + v);
            }
            return v;
        }
    }
}
