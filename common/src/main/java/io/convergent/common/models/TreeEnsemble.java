package io.convergent.common.models;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Gradient-boosted trees evaluated in plain Java: the trees XGBoost trained, read from its JSON
 * dump, so batch scoring, the speed layer and serving score without a native library and a
 * prediction costs a few hundred nanoseconds.
 *
 * <p>Agrees with XGBoost (to 1e-6, {@code ScorerAgreesWithXgboostTest}): a split compares the
 * feature as a {@code float} (as XGBoost stores it) with {@code x < condition}, a missing value
 * ({@code NaN}) takes the node's missing branch, and the leaves are summed in {@code float} in tree
 * order. XGBoost starts that float sum at the base margin; this sums the leaves from 0 and adds the
 * base margin in {@code double}, which can differ in the last bits. Immutable.
 *
 * <p>Laid out for speed ({@code bin/convergent bench scoring}): the trees are flattened depth
 * first, the "yes" child right after its parent, into one {@code int} array of two per node (8
 * bytes: 24 models of 80 trees of depth 4 take ~0.5 MB, within a core's L2 cache, which 16-byte
 * nodes overflowed once serving's own work shared it); a leaf is its own child, so every tree takes
 * the same {@link #depth} steps without a test for leaves; and eight trees are walked side by side,
 * their steps independent, so the processor overlaps their memory reads instead of waiting on one
 * chain of them.
 */
public final class TreeEnsemble implements Serializable {

    private static final long serialVersionUID = 3L;

    /**
     * A node's ints: its threshold (float bits; NaN in a leaf, which no value is below, so a leaf
     * always goes "no"), then where its split reads in {@link Inputs#values} (low {@link
     * #SLOT_BITS} bits: the feature's two copies side by side, the first for a missing value sent
     * the "yes" way; 0 in a leaf) and, above them, how many ints on its "no" child starts (0 in a
     * leaf: itself). The "yes" child starts {@link #NODE_INTS} ints on.
     */
    static final int NODE_INTS = 2;

    private static final int THRESHOLD = 0;
    private static final int SPLIT = 1;
    private static final int SLOT_BITS = 16;
    private static final int SLOT_MASK = (1 << SLOT_BITS) - 1;
    private static final int LEAF_THRESHOLD = Float.floatToRawIntBits(Float.NaN);

    /**
     * Trees walked side by side: a step waits on the one before it in its tree, so the processor
     * overlaps eight trees' steps (11.2 µs for 24 models against 15.1 µs with four).
     */
    private static final int LANES = 8;

    private final double baseMargin;

    /** Where each tree's root starts in {@link #nodes}. */
    private final int[] roots;

    private final int[] nodes;

    /** Each leaf's value, by node number ({@code nodes} offset / {@link #NODE_INTS}). */
    private final float[] leaves;

    /** The most splits on a path from a root to a leaf, over all trees. */
    private final int depth;

    /**
     * How long an {@link Inputs#values} must be for every split's slot: a shorter one is refused.
     */
    private final int slotsRead;

    private TreeEnsemble(double baseMargin, List<Node> nodes, int[] rootIndexes) {
        this.baseMargin = baseMargin;
        this.roots = new int[rootIndexes.length];
        for (int t = 0; t < rootIndexes.length; t++) {
            roots[t] = rootIndexes[t] * NODE_INTS;
        }
        this.nodes = new int[nodes.size() * NODE_INTS];
        this.leaves = new float[nodes.size()];
        int deepest = 0;
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            int at = i * NODE_INTS;
            if (node.feature < 0) {
                this.nodes[at + THRESHOLD] = LEAF_THRESHOLD;
                this.nodes[at + SPLIT] = 0;
                leaves[i] = node.leaf;
                deepest = Math.max(deepest, node.depth);
            } else {
                int noOffset = (node.no - i) * NODE_INTS;
                if (node.yes != i + 1 || noOffset <= 0 || noOffset >>> (32 - SLOT_BITS) != 0) {
                    throw new IllegalArgumentException(
                            "a tree too large to lay out: a \"no\" child "
                                    + (node.no - i)
                                    + " nodes after its parent");
                }
                this.nodes[at + THRESHOLD] = Float.floatToRawIntBits(node.threshold);
                this.nodes[at + SPLIT] =
                        Inputs.slot(node.feature, node.missing == node.yes) | noOffset << SLOT_BITS;
            }
        }
        this.depth = deepest;
        this.slotsRead = slotsRead(this.nodes);
    }

    private TreeEnsemble(double baseMargin, int[] roots, int[] nodes, float[] leaves, int depth) {
        this.baseMargin = baseMargin;
        this.roots = roots;
        this.nodes = nodes;
        this.leaves = leaves;
        this.depth = depth;
        this.slotsRead = slotsRead(nodes);
    }

    private static int slotsRead(int[] nodes) {
        int read = 0;
        for (int at = 0; at < nodes.length; at += NODE_INTS) {
            if (nodes[at + THRESHOLD] != LEAF_THRESHOLD) {
                read = Math.max(read, (nodes[at + SPLIT] & SLOT_MASK) + 1);
            }
        }
        return read;
    }

    /**
     * Reads trees in XGBoost's JSON dump format ({@code Booster.getModelDump(null, false, "json")}:
     * one object per tree, splits on {@code f<index>}).
     *
     * @param baseMargin the margin every prediction starts from (XGBoost's base score, on the
     *     margin scale)
     * @param featureCount features the model reads; a split on a later index is refused
     */
    public static TreeEnsemble fromDump(List<JsonNode> trees, double baseMargin, int featureCount) {
        List<Node> nodes = new ArrayList<>();
        int[] roots = new int[trees.size()];
        for (int t = 0; t < trees.size(); t++) {
            roots[t] = flatten(trees.get(t), 0, nodes, featureCount);
        }
        return new TreeEnsemble(baseMargin, nodes, roots);
    }

    public int trees() {
        return roots.length;
    }

    public double baseMargin() {
        return baseMargin;
    }

    /** The sum of the trees' leaves for {@code x} plus the base margin (log-odds). */
    public double margin(double[] x) {
        return margin(Inputs.of(x));
    }

    /** {@link #margin(double[])} over inputs prepared once for several models. */
    public double margin(Inputs inputs) {
        final int[] nodes = this.nodes;
        final int[] roots = this.roots;
        final float[] x = inputs.values;
        if (2 * inputs.features < slotsRead) {
            // Else a split would read past the vector, or a padded slot as a value.
            throw new IllegalArgumentException(
                    "a vector of "
                            + inputs.features
                            + " features; these trees split on feature "
                            + Inputs.feature(slotsRead - 1));
        }
        float sum = 0;
        int t = 0;
        for (; t + LANES <= roots.length; t += LANES) {
            int a = roots[t];
            int b = roots[t + 1];
            int c = roots[t + 2];
            int d = roots[t + 3];
            int e = roots[t + 4];
            int f = roots[t + 5];
            int g = roots[t + 6];
            int h = roots[t + 7];
            for (int step = 0; step < depth; step++) {
                a = step(nodes, a, x);
                b = step(nodes, b, x);
                c = step(nodes, c, x);
                d = step(nodes, d, x);
                e = step(nodes, e, x);
                f = step(nodes, f, x);
                g = step(nodes, g, x);
                h = step(nodes, h, x);
            }
            // One at a time, in tree order, in float: XGBoost's summation order.
            sum += leaves[a / NODE_INTS];
            sum += leaves[b / NODE_INTS];
            sum += leaves[c / NODE_INTS];
            sum += leaves[d / NODE_INTS];
            sum += leaves[e / NODE_INTS];
            sum += leaves[f / NODE_INTS];
            sum += leaves[g / NODE_INTS];
            sum += leaves[h / NODE_INTS];
        }
        for (; t < roots.length; t++) {
            int at = roots[t];
            for (int step = 0; step < depth; step++) {
                at = step(nodes, at, x);
            }
            sum += leaves[at / NODE_INTS];
        }
        return baseMargin + sum;
    }

    /**
     * Where the node after the one at {@code at} starts on {@code x}'s way; a leaf leads to itself.
     * The split reads its feature from the copy where a missing value already sorts the way the
     * node sends it ({@link Inputs}), so the step is one comparison and no branch.
     */
    private static int step(int[] nodes, int at, float[] x) {
        int split = nodes[at + SPLIT];
        float value = x[split & SLOT_MASK];
        return at
                + (value < Float.intBitsToFloat(nodes[at + THRESHOLD])
                        ? NODE_INTS
                        : split >>> SLOT_BITS);
    }

    /**
     * A vector of features made ready for the trees: each value as the {@code float} XGBoost
     * compares, twice, once with a missing value as minus infinity (it sorts below every finite
     * threshold: the "yes" way) and once as plus infinity (the "no" way). A split reads the copy
     * its missing branch asks for. Prepare once, score with every model.
     */
    public static final class Inputs {

        final float[] values;
        final int features;

        private Inputs(float[] values, int features) {
            this.values = values;
            this.features = features;
        }

        public static Inputs of(double[] x) {
            // At least one pair: a leaf reads slot 0.
            float[] values = new float[2 * Math.max(1, x.length)];
            for (int i = 0; i < x.length; i++) {
                float v = (float) x[i];
                boolean missing = v != v;
                values[slot(i, true)] = missing ? Float.NEGATIVE_INFINITY : v;
                values[slot(i, false)] = missing ? Float.POSITIVE_INFINITY : v;
            }
            return new Inputs(values, x.length);
        }

        static int slot(int feature, boolean missingGoesYes) {
            int slot = 2 * feature + (missingGoesYes ? 0 : 1);
            if (feature < 0 || slot > SLOT_MASK) {
                throw new IllegalArgumentException(
                        "a split on feature "
                                + feature
                                + ": at most "
                                + (SLOT_MASK / 2)
                                + " laid out");
            }
            return slot;
        }

        static int feature(int slot) {
            return slot >>> 1;
        }

        static boolean missingGoesYes(int slot) {
            return (slot & 1) == 0;
        }
    }

    /**
     * The same trees reading their features from a wider vector: feature {@code i} of these trees
     * is {@code index[i]} of the vector the returned ensemble is given. Saves a scorer copying its
     * model's features out of a catalog vector for every prediction.
     */
    public TreeEnsemble readingFrom(int[] index) {
        int[] remapped = nodes.clone();
        for (int at = 0; at < remapped.length; at += NODE_INTS) {
            if (remapped[at + THRESHOLD] == LEAF_THRESHOLD) {
                continue;
            }
            int split = remapped[at + SPLIT];
            int slot = split & SLOT_MASK;
            int feature = Inputs.feature(slot);
            if (feature >= index.length) {
                throw new IllegalArgumentException(
                        "a split on feature " + feature + " of " + index.length);
            }
            remapped[at + SPLIT] =
                    Inputs.slot(index[feature], Inputs.missingGoesYes(slot)) | (split & ~SLOT_MASK);
        }
        return new TreeEnsemble(baseMargin, roots, remapped, leaves, depth);
    }

    /** The probability of the positive class: the logistic function of {@link #margin}. */
    public double probability(double[] x) {
        return probability(Inputs.of(x));
    }

    /** {@link #probability(double[])} over inputs prepared once for several models. */
    public double probability(Inputs inputs) {
        return 1 / (1 + Math.exp(-margin(inputs)));
    }

    private static int flatten(JsonNode json, int depth, List<Node> nodes, int featureCount) {
        int index = nodes.size();
        Node node = new Node();
        node.depth = depth;
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
        if (!(node.threshold > Float.NEGATIVE_INFINITY)) {
            // A missing value sent the "yes" way is read as minus infinity (Inputs): below every
            // threshold but this one. XGBoost writes none.
            throw new IllegalArgumentException(
                    "node " + json.get("nodeid") + " splits at " + node.threshold);
        }
        int yesId = json.get("yes").asInt();
        int noId = json.get("no").asInt();
        int missingId = json.get("missing").asInt();
        JsonNode yes = null;
        JsonNode no = null;
        for (JsonNode child : json.get("children")) {
            int id = child.get("nodeid").asInt();
            if (id == yesId) {
                yes = child;
            } else if (id == noId) {
                no = child;
            }
        }
        if (yes == null || no == null) {
            throw new IllegalArgumentException("node " + json.get("nodeid") + " lacks a child");
        }
        // "Yes" first, whatever the dump's order: it is the node after its parent.
        node.yes = flatten(yes, depth + 1, nodes, featureCount);
        node.no = flatten(no, depth + 1, nodes, featureCount);
        node.missing = missingId == yesId ? node.yes : node.no;
        return index;
    }

    private static final class Node {
        int feature;
        float threshold;
        int yes;
        int no;
        int missing;
        float leaf;
        int depth;
    }
}
