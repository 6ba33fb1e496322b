package io.convergent.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServingConfigTest {

    @TempDir Path directory;

    @Test
    void durationsAreReadInEitherFormTheJobsAndIsoTake() {
        ServingConfig config =
                ServingConfig.fromMap(
                        with(
                                ServingConfig.VIEW_POLL_INTERVAL, "45 s",
                                ServingConfig.SCORES_MIN_INTERVAL, "PT2M"));

        assertThat(config.viewPollInterval()).isEqualTo(Duration.ofSeconds(45));
        assertThat(config.scoresMinInterval()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void theViewCacheIsAQuarterGigabyteUnlessSetAndNeverNegative() {
        assertThat(ServingConfig.fromMap(with()).viewCacheBytes()).isEqualTo(256L << 20);
        assertThat(
                        ServingConfig.fromMap(with(ServingConfig.VIEW_CACHE_BYTES, "4294967296"))
                                .viewCacheBytes())
                .isEqualTo(4L << 30);
        assertThatThrownBy(() -> ServingConfig.fromMap(with(ServingConfig.VIEW_CACHE_BYTES, "-1")))
                .hasMessage("convergent.serving.view-cache-bytes must not be negative, got -1");
        assertThatThrownBy(() -> ServingConfig.fromMap(with(ServingConfig.VIEW_CACHE_BYTES, "1g")))
                .hasMessage("convergent.serving.view-cache-bytes must be a whole number, got '1g'");
    }

    @Test
    void aPollTooShortOrNotADurationIsRefusedNamingTheOption() {
        // A bare number is milliseconds, as in the jobs' options: '30' is not half a minute.
        assertThatThrownBy(
                        () -> ServingConfig.fromMap(with(ServingConfig.VIEW_POLL_INTERVAL, "30")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "convergent.serving.view-poll-interval must be at least 1 s, got PT0.03S");
        assertThatThrownBy(
                        () ->
                                ServingConfig.fromMap(
                                        with(ServingConfig.SCORES_MIN_INTERVAL, "a minute")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "convergent.serving.scores-min-interval must be a duration");
    }

    @Test
    void aStopWaitsFifteenSecondsUnlessSetAndNeverMoreThanTenMinutes() {
        assertThat(ServingConfig.fromMap(with()).stopTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(ServingConfig.fromMap(with(ServingConfig.STOP_TIMEOUT, "25 s")).stopTimeout())
                .isEqualTo(Duration.ofSeconds(25));
        assertThatThrownBy(() -> ServingConfig.fromMap(with(ServingConfig.STOP_TIMEOUT, "11 min")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("convergent.serving.stop-timeout must be 0 to 10 min, got PT11M");
    }

    @Test
    void optionsAreReadWithTheirValueAfterASpaceOrAnEqualsSign() {
        assertThat(
                        ServingConfig.parseArgs(
                                new String[] {
                                    "--convergent.serving.port=8081",
                                    "--convergent.serving.directory",
                                    "/tmp/s",
                                    "--convergent.serving.token=a=b"
                                }))
                .containsExactly(
                        Map.entry("convergent.serving.port", "8081"),
                        Map.entry("convergent.serving.directory", "/tmp/s"),
                        Map.entry("convergent.serving.token", "a=b"));
        assertThatThrownBy(
                        () -> ServingConfig.parseArgs(new String[] {"--convergent.serving.port"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no value");
    }

    @Test
    void noneStartsWithoutKafkaAndAnEmptyOrMalformedBrokerListIsRefusedNamingTheOption() {
        assertThat(ServingConfig.fromMap(with(ServingConfig.BOOTSTRAP_SERVERS, "none")))
                .extracting(ServingConfig::bootstrapServers)
                .isNull();
        assertThat(
                        ServingConfig.fromMap(
                                        with(
                                                ServingConfig.BOOTSTRAP_SERVERS,
                                                "broker-1:9092, 10.0.0.2:9093,[::1]:9094"))
                                .bootstrapServers())
                .isEqualTo("broker-1:9092,10.0.0.2:9093,[::1]:9094");
        assertThatThrownBy(() -> ServingConfig.fromMap(with(ServingConfig.BOOTSTRAP_SERVERS, "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "convergent.kafka.bootstrap-servers is empty: give"
                                + " HOST:PORT[,HOST:PORT...], or none to serve from the batch"
                                + " view alone");
        // A listener name before the address, as Kafka's own clients take it.
        assertThat(
                        ServingConfig.fromMap(
                                        with(
                                                ServingConfig.BOOTSTRAP_SERVERS,
                                                "PLAINTEXT://broker-1:9092"))
                                .bootstrapServers())
                .isEqualTo("PLAINTEXT://broker-1:9092");
        for (String bad : List.of("localhost", "localhost:99999", "a:1,", "NONE", "kafka:/b:9")) {
            assertThatThrownBy(
                            () -> ServingConfig.fromMap(with(ServingConfig.BOOTSTRAP_SERVERS, bad)))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(
                            "convergent.kafka.bootstrap-servers must be HOST:PORT[,HOST:PORT...]"
                                    + " (ports 1 to 65535) or none, got '"
                                    + bad
                                    + "'");
        }
    }

    @Test
    void anUnbracketedIpv6AddressIsRefusedSayingToBracketIt() {
        // "::1:9092" could be [::1]:9092 or the address ::1:9092 without a port: refused.
        assertThatThrownBy(
                        () ->
                                ServingConfig.fromMap(
                                        with(ServingConfig.BOOTSTRAP_SERVERS, "::1:9092")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "convergent.kafka.bootstrap-servers must be HOST:PORT[,HOST:PORT...]"
                                + " (ports 1 to 65535) or none, got '::1:9092': an IPv6 address"
                                + " goes in brackets, [::1]:9092");
        assertThatThrownBy(
                        () ->
                                ServingConfig.fromMap(
                                        with(
                                                ServingConfig.BOOTSTRAP_SERVERS,
                                                "broker-1:9092,PLAINTEXT://fd00::5:9093")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith(
                        "got 'broker-1:9092,PLAINTEXT://fd00::5:9093': an IPv6 address goes in"
                                + " brackets, PLAINTEXT://[fd00::5]:9093");
        assertThat(
                        ServingConfig.fromMap(with(ServingConfig.BOOTSTRAP_SERVERS, "[::1]:9092"))
                                .bootstrapServers())
                .isEqualTo("[::1]:9092");
    }

    @Test
    void aDataDirectoryIsServedWithTheBrokerItsOwnUpStartedNeverADefaultPort() throws Exception {
        Path dataDir = directory.resolve("var");
        // generate --lake and batch run leave no broker: localhost:9092 would be anyone's.
        ServingConfig lakeOnly =
                ServingConfig.fromMap(Map.of(ServingConfig.DATA_DIR, dataDir.toString()));
        assertThat(lakeOnly.bootstrapServers()).isNull();
        assertThat(lakeOnly.brokerRecordedIn()).isNull();
        assertThat(lakeOnly.bootstrapOrigin())
                .isEqualTo(
                        "bin/convergent up never started a broker on "
                                + dataDir
                                + "; --convergent.kafka.bootstrap-servers HOST:PORT follows one");

        Files.createDirectories(dataDir.resolve("kafka"));
        Files.writeString(
                dataDir.resolve("kafka").resolve("server.properties"),
                "advertised.listeners=PLAINTEXT://localhost:19092\n");
        ServingConfig afterUp =
                ServingConfig.fromMap(Map.of(ServingConfig.DATA_DIR, dataDir.toString()));
        assertThat(afterUp.bootstrapServers()).isEqualTo("localhost:19092");
        assertThat(afterUp.bootstrapOrigin())
                .isEqualTo("the broker bin/convergent up last started on " + dataDir);
        // Serving makes sure, at start, that the broker answering there is still this one's.
        assertThat(afterUp.brokerRecordedIn()).isEqualTo(dataDir);

        for (String given : List.of("kafka:9092", "none")) {
            ServingConfig told =
                    ServingConfig.fromMap(
                            Map.of(
                                    ServingConfig.DATA_DIR,
                                    dataDir.toString(),
                                    ServingConfig.BOOTSTRAP_SERVERS,
                                    given));
            assertThat(told.bootstrapServers()).isEqualTo(given.equals("none") ? null : given);
            assertThat(told.bootstrapOrigin())
                    .isEqualTo("as --convergent.kafka.bootstrap-servers says");
            assertThat(told.brokerRecordedIn()).isNull();
        }
    }

    private static Map<String, String> with(String... keysAndValues) {
        Map<String, String> settings = new HashMap<>();
        settings.put("convergent.serving.directory", "/tmp/serving");
        settings.put("convergent.serving.clients-file", "/tmp/clients.yaml");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            settings.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return settings;
    }
}
