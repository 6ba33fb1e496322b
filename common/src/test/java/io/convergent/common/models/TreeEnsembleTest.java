package io.convergent.common.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class TreeEnsembleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    // f0 < 2.5 ? (f1 < 0.5 ? 0.1 : 0.2) : -0.3; missing f0 goes "no", missing f1 goes "yes".
    private static final String TREE =
            """
            {"nodeid":0,"depth":0,"split":"f0","split_condition":2.5,"yes":1,"no":2,"missing":2,
             "children":[
               {"nodeid":1,"depth":1,"split":"f1","split_condition":0.5,"yes":3,"no":4,"missing":3,
                "children":[{"nodeid":3,"leaf":0.1},{"nodeid":4,"leaf":0.2}]},
               {"nodeid":2,"leaf":-0.3}]}
            """;

    private static TreeEnsemble ensemble(double baseMargin, String... trees) throws Exception {
        List<JsonNode> nodes = new java.util.ArrayList<>();
        for (String tree : trees) {
            nodes.add(JSON.readTree(tree));
        }
        return TreeEnsemble.fromDump(nodes, baseMargin, 2);
    }

    @Test
    void followsSplitsToTheLeafAndAddsTheBaseMargin() throws Exception {
        TreeEnsemble trees = ensemble(0.5, TREE);
        assertThat(trees.margin(new double[] {1, 0})).isCloseTo(0.6, within(1e-6));
        assertThat(trees.margin(new double[] {1, 1})).isCloseTo(0.7, within(1e-6));
        assertThat(trees.margin(new double[] {3, 0})).isCloseTo(0.2, within(1e-6));
    }

    @Test
    void aValueEqualToTheConditionGoesTheNoWay() throws Exception {
        assertThat(ensemble(0, TREE).margin(new double[] {2.5, 0})).isCloseTo(-0.3, within(1e-6));
    }

    @Test
    void aMissingValueTakesTheMissingBranch() throws Exception {
        TreeEnsemble trees = ensemble(0, TREE);
        assertThat(trees.margin(new double[] {Double.NaN, 0})).isCloseTo(-0.3, within(1e-6));
        assertThat(trees.margin(new double[] {1, Double.NaN})).isCloseTo(0.1, within(1e-6));
    }

    @Test
    void treesAddUpAndTheProbabilityIsTheLogisticOfTheMargin() throws Exception {
        TreeEnsemble trees = ensemble(0, TREE, TREE);
        assertThat(trees.trees()).isEqualTo(2);
        assertThat(trees.margin(new double[] {1, 0})).isCloseTo(0.2, within(1e-6));
        assertThat(trees.probability(new double[] {1, 0}))
                .isCloseTo(1 / (1 + Math.exp(-0.2)), within(1e-6));
    }

    @Test
    void aSplitOnAFeatureTheModelLacksIsRefused() throws Exception {
        JsonNode tree = JSON.readTree(TREE.replace("\"f1\"", "\"f7\""));
        assertThatThrownBy(() -> TreeEnsemble.fromDump(List.of(tree), 0, 2))
                .hasMessageContaining("feature 7 of 2");
    }

    @Test
    void aVectorShorterThanTheFeaturesTheTreesSplitOnIsRefused() throws Exception {
        TreeEnsemble trees = ensemble(0, TREE);
        assertThatThrownBy(() -> trees.margin(new double[] {1}))
                .hasMessage("a vector of 1 features; these trees split on feature 1");
        assertThatThrownBy(() -> trees.margin(new double[0]))
                .hasMessage("a vector of 0 features; these trees split on feature 1");
        // A model of leaves alone reads nothing.
        TreeEnsemble leaf =
                TreeEnsemble.fromDump(List.of(JSON.readTree("{\"nodeid\":0,\"leaf\":0.5}")), 0, 0);
        assertThat(leaf.margin(new double[0])).isEqualTo(0.5f);
    }

    @Test
    void aSplitAtMinusInfinityIsRefused() throws Exception {
        JsonNode tree =
                JSON.readTree(
                        TREE.replace("\"split_condition\":2.5", "\"split_condition\":-1e300"));
        assertThatThrownBy(() -> TreeEnsemble.fromDump(List.of(tree), 0, 2))
                .hasMessageContaining("node 0 splits at -Infinity");
    }

    /**
     * The flattened, branch-free walk against the plainest reading of the dump (a walk of the JSON
     * itself), to the bit: trees of uneven depth (leaves at every level, single-leaf trees),
     * missing values sent either way, values on thresholds, infinities, more trees than a multiple
     * of the eight walked side by side.
     */
    @Test
    void agreesToTheBitWithAWalkOfTheDump() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        int features = 7;
        for (int model = 0; model < 40; model++) {
            List<JsonNode> dump = new java.util.ArrayList<>();
            int trees = 1 + random.nextInt(19);
            for (int t = 0; t < trees; t++) {
                dump.add(randomTree(random, features, 0, new int[] {0}));
            }
            double base = random.nextDouble(-2, 2);
            TreeEnsemble ensemble = TreeEnsemble.fromDump(dump, base, features);
            for (int v = 0; v < 200; v++) {
                double[] x = new double[features];
                for (int f = 0; f < features; f++) {
                    x[f] =
                            switch (random.nextInt(12)) {
                                case 0 -> Double.NaN;
                                case 1 -> Double.POSITIVE_INFINITY;
                                case 2 -> Double.NEGATIVE_INFINITY;
                                case 3 -> random.nextInt(5); // on a threshold, often
                                default -> random.nextDouble(-1, 5);
                            };
                }
                assertThat(ensemble.margin(x)).isEqualTo(walk(dump, base, x));
            }
        }
    }

    @Test
    void readingFromAWiderVectorScoresAsTheModelsOwnVectorDoes() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        List<JsonNode> dump = new java.util.ArrayList<>();
        for (int t = 0; t < 9; t++) {
            dump.add(randomTree(random, 3, 0, new int[] {0}));
        }
        TreeEnsemble own = TreeEnsemble.fromDump(dump, 0.25, 3);
        int[] index = {6, 0, 3};
        TreeEnsemble wide = own.readingFrom(index);
        for (int v = 0; v < 100; v++) {
            double[] catalog = new double[8];
            for (int i = 0; i < catalog.length; i++) {
                catalog[i] = random.nextInt(8) == 0 ? Double.NaN : random.nextDouble(-1, 5);
            }
            double[] x = {catalog[6], catalog[0], catalog[3]};
            assertThat(wide.margin(catalog)).isEqualTo(own.margin(x));
        }
        assertThatThrownBy(() -> own.readingFrom(new int[] {1})).hasMessageContaining("of 1");
    }

    /** XGBoost's rule read straight off the dump: float comparison, float sum in tree order. */
    private static double walk(List<JsonNode> dump, double base, double[] x) {
        float sum = 0;
        for (JsonNode node : dump) {
            while (!node.has("leaf")) {
                double value = x[Integer.parseInt(node.get("split").asText().substring(1))];
                int next;
                if (Double.isNaN(value)) {
                    next = node.get("missing").asInt();
                } else {
                    next =
                            (float) value < (float) node.get("split_condition").asDouble()
                                    ? node.get("yes").asInt()
                                    : node.get("no").asInt();
                }
                JsonNode child = null;
                for (JsonNode c : node.get("children")) {
                    if (c.get("nodeid").asInt() == next) {
                        child = c;
                    }
                }
                node = child;
            }
            sum += (float) node.get("leaf").asDouble();
        }
        return base + sum;
    }

    private static JsonNode randomTree(
            java.util.SplittableRandom random, int features, int depth, int[] next) {
        com.fasterxml.jackson.databind.node.ObjectNode node = JSON.createObjectNode();
        int id = next[0]++;
        node.put("nodeid", id);
        if (depth == 5 || random.nextInt(4) == 0) {
            node.put("leaf", random.nextDouble(-1, 1));
            return node;
        }
        node.put("split", "f" + random.nextInt(features));
        node.put(
                "split_condition",
                random.nextBoolean() ? random.nextInt(5) : random.nextDouble(-1, 5));
        JsonNode yes = randomTree(random, features, depth + 1, next);
        JsonNode no = randomTree(random, features, depth + 1, next);
        node.put("yes", yes.get("nodeid").asInt());
        node.put("no", no.get("nodeid").asInt());
        node.put("missing", (random.nextBoolean() ? yes : no).get("nodeid").asInt());
        // XGBoost lists "yes" first; a dump listing "no" first must read the same.
        if (random.nextBoolean()) {
            node.putArray("children").add(yes).add(no);
        } else {
            node.putArray("children").add(no).add(yes);
        }
        return node;
    }
}
