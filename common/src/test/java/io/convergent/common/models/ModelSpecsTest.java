package io.convergent.common.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.convergent.common.features.FeatureCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSpecsTest {

    private static final String PORT_OUT =
            """
            name: port_out_30d
            description: Asks to port the number out within 30 days
            label:
              table: raw_network_events
              where: "type = 'PORT_OUT_REQUEST'"
              horizon_days: 30
            features: [calls_out_7d, calls_out_30d, complaints_30d]
            training: {rounds: 50, max_depth: 3}
            """;

    @Test
    void readsAnEventLabelWithItsDefaults() throws Exception {
        ModelSpec spec = ModelSpecs.parse(PORT_OUT, "port_out.yaml");
        assertThat(spec.name()).isEqualTo("port_out_30d");
        assertThat(spec.label().isEvent()).isTrue();
        assertThat(spec.label().namespace()).isEqualTo("convergent");
        assertThat(spec.label().tableName()).isEqualTo("raw_network_events");
        assertThat(spec.label().subscriberColumn()).isEqualTo("msisdn");
        assertThat(spec.label().timeColumn()).isEqualTo("event_time");
        assertThat(spec.label().horizonDays()).isEqualTo(30);
        assertThat(spec.features())
                .containsExactly("calls_out_7d", "calls_out_30d", "complaints_30d");
        assertThat(spec.training().rounds()).isEqualTo(50);
        assertThat(spec.training().maxDepth()).isEqualTo(3);
        assertThat(spec.training().learningRate())
                .isEqualTo(TrainingParameters.DEFAULTS.learningRate());
    }

    @Test
    void theCallTablesSubscriberIsTheCaller() throws Exception {
        ModelSpec spec =
                ModelSpecs.parse(PORT_OUT.replace("raw_network_events", "raw_calls"), "calls.yaml");
        assertThat(spec.label().subscriberColumn()).isEqualTo("calling_number");
    }

    @Test
    void withoutAFeatureListAModelReadsTheWholeCatalog() throws Exception {
        ModelSpec spec =
                ModelSpecs.parse(
                        PORT_OUT.replace(
                                "features: [calls_out_7d, calls_out_30d, complaints_30d]",
                                "features: all"),
                        "all.yaml");
        assertThat(spec.features()).isEqualTo(FeatureCatalog.names());
    }

    @Test
    void readsALabelColumnOfAnImportedTable() throws Exception {
        ModelSpec spec =
                ModelSpecs.parse(
                        """
                        name: responded
                        description: Answered last spring's offer
                        label:
                          table: crm.responses
                          label_column: responded
                          as_of_column: offered_on
                        """,
                        "responded.yaml");
        assertThat(spec.label().isEvent()).isFalse();
        assertThat(spec.label().namespace()).isEqualTo("crm");
        assertThat(spec.label().labelColumn()).isEqualTo("responded");
        assertThat(spec.label().asOfColumn()).isEqualTo("offered_on");
        assertThat(spec.label().subscriberColumn()).isEqualTo("msisdn");
    }

    @Test
    void theDigestFollowsTheText() throws Exception {
        String a = ModelSpecs.parse(PORT_OUT, "a").digest();
        assertThat(ModelSpecs.parse(PORT_OUT, "b").digest()).isEqualTo(a).hasSize(8);
        assertThat(ModelSpecs.parse(PORT_OUT.replace("50", "60"), "c").digest()).isNotEqualTo(a);
    }

    @Test
    void everyProblemIsNamedWithItsFileAndKey() {
        assertRefused(PORT_OUT.replace("label:", "lable:"), "x.yaml: lable is not a known key");
        assertRefused(
                PORT_OUT.replace("horizon_days: 30", "horizon_days: 0"),
                "x.yaml: label.horizon_days must be in 1..365, got 0");
        assertRefused(
                PORT_OUT.replace("  horizon_days: 30\n", ""),
                "x.yaml: label.horizon_days is missing");
        assertRefused(
                PORT_OUT.replace("complaints_30d", "complaints_31d"),
                "x.yaml: features unknown feature 'complaints_31d'");
        assertRefused(
                PORT_OUT.replace("name: port_out_30d", "name: Port-Out"),
                "x.yaml: name must be lower case");
        assertRefused(
                PORT_OUT.replace("max_depth: 3", "max_depth: three"),
                "x.yaml: training.max_depth must be a whole number");
        assertRefused(
                PORT_OUT + "algorithm: random_forest\n",
                "x.yaml: algorithm unknown 'random_forest'");
        assertRefused(
                PORT_OUT.replace("'PORT_OUT_REQUEST'", "'X'; DROP TABLE t"),
                "x.yaml: label.where must be one condition");
        assertRefused(
                PORT_OUT.replace("horizon_days: 30", "horizon_days: 30\n  label_column: y"),
                "x.yaml: label.where a label needs either");
        assertRefused(
                PORT_OUT.replace(
                        "'PORT_OUT_REQUEST'", "'PORT_OUT_REQUEST' AND msisdn = '79161234567'"),
                "x.yaml: label.where holds a run of 11 or more digits");
        assertRefused("- just\n- a list\n", "x.yaml: must be a YAML mapping");
        assertRefused("name: [unclosed", "x.yaml: not YAML");
    }

    @Test
    void aDirectoryWithTwoModelsOfOneNameIsRefused(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), PORT_OUT);
        Files.writeString(dir.resolve("b.yml"), PORT_OUT);
        Files.writeString(dir.resolve("notes.txt"), "not a spec");
        assertThatThrownBy(() -> ModelSpecs.loadDirectory(dir))
                .isInstanceOf(InvalidModelSpecException.class)
                .hasMessageContaining("b.yml: a second model named 'port_out_30d'");
    }

    private static void assertRefused(String text, String message) {
        assertThatThrownBy(() -> ModelSpecs.parse(text, "x.yaml"))
                .isInstanceOf(InvalidModelSpecException.class)
                .hasMessageStartingWith(message);
    }
}
