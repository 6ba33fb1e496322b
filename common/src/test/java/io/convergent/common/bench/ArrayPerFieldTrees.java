package io.convergent.common.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Gradient-boosted trees evaluated in plain Java: the trees XGBoost trained, read from its JSON
 * dump, so batch scoring, the speed layer and serving score without a native library and a
 * prediction costs a few hundred nanoseconds.
 *
 * <p>Agrees with XGBoost to the float: a split compares the feature as a {@code float} (as XGBoost
 * stores it) with {@code x < condition}, and a missing value ({@code NaN}) takes the node's missing
 * branch. Immutable; the trees are flattened into arrays.
 */
public final class ArrayPerFieldTrees implements Serializable {

    private static final long serialVersionUID = 1L;

    private final double baseMargin;
    private final int[] roots;
    private final int[] feature; // -1 for a leaf
    private final float[] threshold;
    private final int[] yes;
    private final int[] no;
    private final int[] missing;
    private final float[] leaf;

    private ArrayPerFieldTrees(double baseMargin, List<Node> nodes, int[] roots) {
        this.baseMargin = baseMargin;
        this.roots = roots;
        int n = nodes.size();
        feature = new int[n];
        threshold = new float[n];
        yes = new int[n];
        no = new int[n];
        missing = new int[n];
        leaf = new float[n];
        for (int i = 0; i < n; i++) {
            Node node = nodes.get(i);
            feature[i] = node.feature;
            threshold[i] = node.threshold;
            yes[i] = node.yes;
            no[i] = node.no;
            missing[i] = node.missing;
            leaf[i] = node.leaf;
        }
    }

    /**
     * Reads trees in XGBoost's JSON dump format ({@code Booster.getModelDump(null, false, "json")}:
     * one object per tree, splits on {@code f<index>}).
     *
     * @param baseMargin the margin every prediction starts from (XGBoost's base score, on the
     *     margin scale)
     * @param featureCount features the model reads; a split on a later index is refused
     */
    public static ArrayPerFieldTrees fromDump(
            List<JsonNode> trees, double baseMargin, int featureCount) {
        List<Node> nodes = new ArrayList<>();
        int[] roots = new int[trees.size()];
        for (int t = 0; t < trees.size(); t++) {
            roots[t] = flatten(trees.get(t), nodes, featureCount);
        }
        return new ArrayPerFieldTrees(baseMargin, nodes, roots);
    }

    public int trees() {
        return roots.length;
    }

    public double baseMargin() {
        return baseMargin;
    }

    /** The sum of the trees' leaves for {@code x} plus the base margin (log-odds). */
    public double margin(double[] x) {
        // Summed in float, as XGBoost does.
        float sum = 0;
        for (int root : roots) {
            int node = root;
            while (feature[node] >= 0) {
                double value = x[feature[node]];
                if (Double.isNaN(value)) {
                    node = missing[node];
                } else {
                    node = (float) value < threshold[node] ? yes[node] : no[node];
                }
            }
            sum += leaf[node];
        }
        return baseMargin + sum;
    }

    /** The probability of the positive class: the logistic function of {@link #margin}. */
    public double probability(double[] x) {
        return 1 / (1 + Math.exp(-margin(x)));
    }

    private static int flatten(JsonNode json, List<Node> nodes, int featureCount) {
        int index = nodes.size();
        Node node = new Node();
        nodes.add(node);
        if (json.has("leaf")) {
            node.feature = -1;
            node.leaf = (float) json.get("leaf").asDouble();
            return index;
        }
        String split = json.path("split").asText();
        if (!split.startsWith("f")) {
            throw new IllegalArgumentException("a split on '" + split + "', expected f<index>");
        }
        node.feature = Integer.parseInt(split.substring(1));
        if (node.feature >= featureCount) {
            throw new IllegalArgumentException(
                    "a split on feature " + node.feature + " of " + featureCount);
        }
        node.threshold = (float) json.get("split_condition").asDouble();
        int yesId = json.get("yes").asInt();
        int noId = json.get("no").asInt();
        int missingId = json.get("missing").asInt();
        int yesIndex = -1;
        int noIndex = -1;
        for (JsonNode child : json.get("children")) {
            int id = child.get("nodeid").asInt();
            int childIndex = flatten(child, nodes, featureCount);
            if (id == yesId) {
                yesIndex = childIndex;
            }
            if (id == noId) {
                noIndex = childIndex;
            }
        }
        if (yesIndex < 0 || noIndex < 0) {
            throw new IllegalArgumentException("node " + json.get("nodeid") + " lacks a child");
        }
        node.yes = yesIndex;
        node.no = noIndex;
        node.missing = missingId == yesId ? yesIndex : noIndex;
        return index;
    }

    private static final class Node {
        int feature;
        float threshold;
        int yes;
        int no;
        int missing;
        float leaf;
    }
}
