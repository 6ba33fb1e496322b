package io.convergent.streaming.immunity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.convergent.streaming.ingest.IngestOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImmunityOptionsTest {

    private static Map<String, String> minimal() {
        Map<String, String> settings = new HashMap<>();
        settings.put(ImmunityOptions.BOOTSTRAP_SERVERS, "localhost:9092");
        return settings;
    }

    @Test
    void defaultsAndRoundTrip() {
        ImmunityOptions options = ImmunityOptions.fromMap(minimal());

        assertThat(options.groupId()).isEqualTo("convergent-immunity");
        assertThat(options.bounded()).isFalse();
        assertThat(options.roamingTtl()).isEqualTo(Duration.ofDays(30));
        assertThat(options.homeGrace()).isEqualTo(Duration.ofHours(1));
        assertThat(ImmunityOptions.fromMap(options.toMap())).isEqualTo(options);
    }

    @Test
    void oneFileServesEveryJob() {
        Map<String, String> settings = minimal();
        settings.put(IngestOptions.DEDUP_TTL, "2 h");
        settings.put("convergent.lake.uri", "jdbc:sqlite:x.db");
        settings.put(ImmunityOptions.HOME_GRACE, "30 min");

        assertThat(ImmunityOptions.fromMap(settings).homeGrace()).isEqualTo(Duration.ofMinutes(30));
        assertThat(IngestOptions.fromMap(settings).dedupTtl()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void refusesAMisspeltKeyOfItsOwnSectionOrOfNoSection() {
        Map<String, String> typo = minimal();
        typo.put("convergent.immunity.home-gr4ce", "1 h");
        assertThatThrownBy(() -> ImmunityOptions.fromMap(typo))
                .hasMessage("unknown option convergent.immunity.home-gr4ce");
        Map<String, String> noSection = minimal();
        noSection.put("convergent.imunity.home-grace", "1 h");
        assertThatThrownBy(() -> ImmunityOptions.fromMap(noSection))
                .hasMessage("unknown option convergent.imunity.home-grace");
    }

    @Test
    void refusesBadValuesNamingTheKey() {
        Map<String, String> settings = minimal();
        settings.put(ImmunityOptions.ROAMING_TTL, "0 s");
        assertThatThrownBy(() -> ImmunityOptions.fromMap(settings))
                .hasMessage("convergent.immunity.roaming-ttl must be positive, got PT0S");
        assertThatThrownBy(() -> ImmunityOptions.fromMap(Map.of()))
                .hasMessage("convergent.kafka.bootstrap-servers is required");
    }
}
