package io.convergent.infra.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

class UpOptionsTest {

    @Test
    void defaultsFollowTheContract() throws Exception {
        UpOptions options = UpOptions.parse();

        assertThat(options.dataDir()).isEqualTo(Paths.get("var").toAbsolutePath());
        assertThat(options.kafkaPort()).isEqualTo(9092);
        assertThat(options.controllerPort()).isEqualTo(9093);
        assertThat(options.generator()).isTrue();
        assertThat(options.stateChangelog()).isTrue();
        assertThat(options.subscribers()).isEqualTo(UpOptions.DEFAULT_SUBSCRIBERS);
        assertThat(options.eventsPerSecond()).isEqualTo(UpOptions.DEFAULT_EVENTS_PER_SECOND);
    }

    @Test
    void parsesEveryOptionInBothForms() throws Exception {
        UpOptions options =
                UpOptions.parse(
                        "--data-dir=/tmp/x",
                        "--subscribers",
                        "250",
                        "--rate=12.5",
                        "--no-generator",
                        "--kafka-port",
                        "19092",
                        "--controller-port=19999",
                        "--no-state-changelog");

        assertThat(options)
                .isEqualTo(
                        new UpOptions(
                                Path.of("/tmp/x"), 250, 12.5, false, 19092, 19999, 8080, false));
        assertThat(options.pseudonymKeyFile()).isEqualTo(Path.of("/tmp/x/secrets/pseudonym.keys"));
    }

    @Test
    void theControllerPortFollowsTheKafkaPortUnlessGiven() throws Exception {
        assertThat(UpOptions.parse("--kafka-port", "19092").controllerPort()).isEqualTo(19093);
        assertThat(UpOptions.parse("--kafka-port", "65535").controllerPort()).isEqualTo(65534);
    }

    @Test
    void badValuesAreNamedInTheMessage() {
        assertThatThrownBy(() -> UpOptions.parse("--subscribers", "0"))
                .isInstanceOf(UsageException.class)
                .hasMessage("--subscribers must be a positive integer, got '0'");
        assertThatThrownBy(() -> UpOptions.parse("--rate", "fast"))
                .hasMessage("--rate must be a positive number, got 'fast'");
        assertThatThrownBy(() -> UpOptions.parse("--kafka-port", "70000"))
                .hasMessage("--kafka-port must be a port in 1..65535, got '70000'");
        assertThatThrownBy(
                        () -> UpOptions.parse("--kafka-port", "9000", "--controller-port", "9000"))
                .hasMessage("--kafka-port and --controller-port must differ, both are 9000");
        assertThatThrownBy(() -> UpOptions.parse("--data-dir"))
                .hasMessage("--data-dir needs a value");
        assertThatThrownBy(() -> UpOptions.parse("--data-dir", "--no-generator"))
                .hasMessage("--data-dir needs a value");
        assertThatThrownBy(() -> UpOptions.parse("--no-generator=yes"))
                .hasMessage("--no-generator takes no value, got '--no-generator=yes'");
        assertThatThrownBy(() -> UpOptions.parse("--no-state-changelog=false"))
                .hasMessage(
                        "--no-state-changelog takes no value, got '--no-state-changelog=false'");
        assertThatThrownBy(() -> UpOptions.parse("up")).hasMessage("unknown option 'up'");
    }

    @Test
    void helpIsRecognisedAnywhere() {
        assertThat(UpOptions.isHelp("--data-dir", "x", "--help")).isTrue();
        assertThat(UpOptions.isHelp("-h")).isTrue();
        assertThat(UpOptions.isHelp("--no-generator")).isFalse();
    }

    @Test
    void theConstructorNamesTheBadValue() {
        assertThatThrownBy(() -> new UpOptions(Path.of("var"), 0, 1, true, 9092, 9093, 8080, true))
                .hasMessage("subscribers must be positive, got 0");
        assertThatThrownBy(
                        () ->
                                new UpOptions(
                                        Path.of("var"),
                                        1,
                                        Double.NaN,
                                        true,
                                        9092,
                                        9093,
                                        8080,
                                        true))
                .hasMessage("eventsPerSecond must be positive and finite, got NaN");
    }

    @Test
    void theReadyLineListsTheEndpoints() {
        Endpoints endpoints =
                new Endpoints(
                        "localhost:9092",
                        "jdbc:sqlite:/abs/var/catalog.db",
                        "file:/abs/var/warehouse",
                        Path.of("/abs/var"),
                        "http://127.0.0.1:8080");

        assertThat(endpoints.readyLine())
                .isEqualTo(
                        "READY kafka=localhost:9092 catalog=jdbc:sqlite:/abs/var/catalog.db"
                                + " warehouse=file:/abs/var/warehouse data-dir=/abs/var"
                                + " serving=http://127.0.0.1:8080"
                                + " serving-token=/abs/var/secrets/serving.token");
    }
}
