package io.convergent.common.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.convergent.common.features.FeatureCatalog;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One trained version of a model, as everything that scores reads it: the features it takes (names
 * of {@link FeatureCatalog}) and its trees. Stored as a small JSON document ({@link #toJson}) next
 * to the registry, so scoring needs neither XGBoost nor the training run.
 */
public final class ScoringModel implements Serializable {

    private static final long serialVersionUID = 2L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FORMAT = 1;

    private final String model;
    private final String version;
    private final List<String> features;
    private final List<JsonNode> dump;
    private final TreeEnsemble trees;

    /** For each model feature, its index in {@link FeatureCatalog#names()}. */
    private final int[] catalogIndex;

    /** {@link #trees} reading a catalog vector directly: no copy of the features per score. */
    private final TreeEnsemble catalogTrees;

    public ScoringModel(
            String model,
            String version,
            List<String> features,
            List<JsonNode> dump,
            double baseMargin) {
        this.model = Objects.requireNonNull(model, "model");
        this.version = Objects.requireNonNull(version, "version");
        this.features = List.copyOf(features);
        this.dump = List.copyOf(dump);
        this.trees = TreeEnsemble.fromDump(dump, baseMargin, features.size());
        List<String> catalog = FeatureCatalog.names();
        this.catalogIndex = new int[features.size()];
        for (int i = 0; i < features.size(); i++) {
            catalogIndex[i] = catalog.indexOf(features.get(i));
            if (catalogIndex[i] < 0) {
                throw new IllegalArgumentException(
                        "feature '" + features.get(i) + "' is not in the catalog");
            }
        }
        this.catalogTrees = trees.readingFrom(catalogIndex);
    }

    public String model() {
        return model;
    }

    public String version() {
        return version;
    }

    public List<String> features() {
        return features;
    }

    public TreeEnsemble trees() {
        return trees;
    }

    /**
     * The probability of the label for a subscriber whose catalog features are {@code
     * catalogVector} (in {@link FeatureCatalog#names()} order).
     */
    public double score(double[] catalogVector) {
        return score(TreeEnsemble.Inputs.of(catalogVector));
    }

    /**
     * {@link #score(double[])} over a catalog vector prepared once ({@link TreeEnsemble.Inputs#of})
     * for every model that scores the subscriber.
     */
    public double score(TreeEnsemble.Inputs catalogInputs) {
        return catalogTrees.probability(catalogInputs);
    }

    /** The model's own inputs, in its order, picked from a catalog vector. */
    public double[] select(double[] catalogVector) {
        double[] x = new double[catalogIndex.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = catalogVector[catalogIndex[i]];
        }
        return x;
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("model", model);
        root.put("version", version);
        root.put("algorithm", "gradient_boosted_trees");
        root.put("base_margin", trees.baseMargin());
        ArrayNode names = root.putArray("features");
        features.forEach(names::add);
        ArrayNode treeArray = root.putArray("trees");
        dump.forEach(treeArray::add);
        return root.toString();
    }

    /** Reads {@link #toJson}'s document; a document of another format or shape is refused. */
    public static ScoringModel fromJson(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("a scoring model is not JSON: " + e.getMessage(), e);
        }
        if (root == null || root.path("format").asInt() != FORMAT) {
            throw new IllegalArgumentException(
                    "not a scoring model of format " + FORMAT + ": " + root.path("format"));
        }
        List<String> features = new ArrayList<>();
        root.path("features").forEach(f -> features.add(f.asText()));
        List<JsonNode> trees = new ArrayList<>();
        root.path("trees").forEach(trees::add);
        return new ScoringModel(
                root.path("model").asText(),
                root.path("version").asText(),
                features,
                trees,
                root.path("base_margin").asDouble());
    }
}
