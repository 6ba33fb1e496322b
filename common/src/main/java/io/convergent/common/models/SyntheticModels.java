package io.convergent.common.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.convergent.common.features.FeatureCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Models shaped like the trained ones, for benchmarks that must score without a training run: 80
 * trees of depth 4 over 20 catalog features, as XGBoost dumps them (a missing value goes the "yes"
 * way). Deterministic for a given random source.
 */
public final class SyntheticModels {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static final int FEATURES = 20;
    public static final int TREES = 80;
    public static final int DEPTH = 4;

    private SyntheticModels() {}

    /** A model named {@code name}, version {@code bench.1}, base margin -2. */
    public static ScoringModel model(String name, SplittableRandom random) {
        List<String> catalog = FeatureCatalog.names();
        List<String> features = new ArrayList<>();
        while (features.size() < FEATURES) {
            String f = catalog.get(random.nextInt(catalog.size()));
            if (!features.contains(f)) {
                features.add(f);
            }
        }
        List<JsonNode> trees = new ArrayList<>();
        for (int t = 0; t < TREES; t++) {
            int[] next = {0};
            trees.add(node(0, features.size(), random, next));
        }
        return new ScoringModel(name, "bench.1", features, trees, -2.0);
    }

    private static ObjectNode node(int depth, int features, SplittableRandom random, int[] next) {
        ObjectNode node = JSON.createObjectNode();
        int id = next[0]++;
        node.put("nodeid", id);
        if (depth == DEPTH) {
            node.put("leaf", random.nextDouble(-0.2, 0.2));
            return node;
        }
        node.put("depth", depth);
        node.put("split", "f" + random.nextInt(features));
        node.put("split_condition", random.nextDouble(0, 50));
        ObjectNode yes = node(depth + 1, features, random, next);
        ObjectNode no = node(depth + 1, features, random, next);
        node.put("yes", yes.get("nodeid").asInt());
        node.put("no", no.get("nodeid").asInt());
        node.put("missing", yes.get("nodeid").asInt());
        node.putArray("children").add(yes).add(no);
        return node;
    }
}
