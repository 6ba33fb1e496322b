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
}
