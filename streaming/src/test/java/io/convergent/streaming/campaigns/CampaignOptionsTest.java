package io.convergent.streaming.campaigns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.convergent.common.campaigns.ContactPolicy;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CampaignOptionsTest {

    private static final Map<String, String> MINIMAL =
            Map.of("convergent.kafka.bootstrap-servers", "localhost:9092");

    private static Map<String, String> with(String key, String value) {
        Map<String, String> settings = new HashMap<>(MINIMAL);
        settings.put(key, value);
        return settings;
    }

    @Test
    void defaultsAreTheStandardPolicyAndTheKeysRoundTrip() {
        CampaignOptions options = CampaignOptions.fromMap(MINIMAL);
        assertThat(options.policy()).isEqualTo(ContactPolicy.standard());
        assertThat(options.memoryTtl()).isEqualTo(Duration.ofDays(120));
        assertThat(options.writesTables()).isFalse();
        assertThat(CampaignOptions.fromMap(options.toMap())).isEqualTo(options);

        CampaignOptions custom =
                CampaignOptions.fromMap(
                        Map.of(
                                "convergent.kafka.bootstrap-servers",
                                "k:1",
                                CampaignOptions.QUIET_HOURS,
                                "22:30-08:00",
                                CampaignOptions.MAX_PER_WEEK,
                                "1",
                                CampaignOptions.MAX_PER_MONTH,
                                "3",
                                CampaignOptions.CONSENT_REQUIRED,
                                "true",
                                CampaignOptions.DEFAULT_ZONE,
                                "Asia/Yekaterinburg"));
        assertThat(custom.policy().quietFrom()).isEqualTo(LocalTime.of(22, 30));
        assertThat(custom.policy().consentRequired()).isTrue();
        assertThat(custom.policy().defaultZone()).isEqualTo(ZoneId.of("Asia/Yekaterinburg"));
        assertThat(CampaignOptions.fromMap(custom.toMap())).isEqualTo(custom);
        CampaignOptions none = CampaignOptions.fromMap(with(CampaignOptions.QUIET_HOURS, "none"));
        assertThat(none.policy().quietFrom()).isEqualTo(none.policy().quietTo());
        assertThat(CampaignOptions.fromMap(none.toMap())).isEqualTo(none);

        assertThat(options.policy().maxOfferDelay()).as("no limit unless set").isNull();
        CampaignOptions deployed =
                CampaignOptions.fromMap(with(CampaignOptions.MAX_OFFER_DELAY, "1 h"));
        assertThat(deployed.policy().maxOfferDelay()).isEqualTo(Duration.ofHours(1));
        assertThat(CampaignOptions.fromMap(deployed.toMap())).isEqualTo(deployed);
    }

    @Test
    void aBadSettingIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> CampaignOptions.fromMap(with(CampaignOptions.QUIET_HOURS, "late")))
                .hasMessageContaining(CampaignOptions.QUIET_HOURS);
        assertThatThrownBy(
                        () ->
                                CampaignOptions.fromMap(
                                        with(CampaignOptions.DEFAULT_ZONE, "Mars/Base")))
                .hasMessageContaining(CampaignOptions.DEFAULT_ZONE);
        assertThatThrownBy(() -> CampaignOptions.fromMap(with(CampaignOptions.MAX_PER_MONTH, "1")))
                .hasMessageContaining(CampaignOptions.MAX_PER_MONTH);
        assertThatThrownBy(() -> CampaignOptions.fromMap(with(CampaignOptions.MEMORY_TTL, "7 d")))
                .hasMessageContaining(CampaignOptions.MEMORY_TTL);
        // Shorter than the longest dormant spell a campaign may wait for: it could never fire.
        assertThatThrownBy(() -> CampaignOptions.fromMap(with(CampaignOptions.MEMORY_TTL, "60 d")))
                .hasMessageContaining("must be at least 91 d");
        assertThatThrownBy(
                        () -> CampaignOptions.fromMap(with(CampaignOptions.MAX_OFFER_DELAY, "0 s")))
                .hasMessageContaining(CampaignOptions.MAX_OFFER_DELAY);
        assertThatThrownBy(
                        () ->
                                CampaignOptions.fromMap(
                                        with(CampaignOptions.MAX_OFFER_DELAY, "soon")))
                .hasMessageContaining(CampaignOptions.MAX_OFFER_DELAY);
        assertThatThrownBy(
                        () -> CampaignOptions.fromMap(with("convergent.campaigns.quiet", "22-8")))
                .hasMessageContaining("unknown option convergent.campaigns.quiet");
        assertThatThrownBy(() -> CampaignOptions.fromMap(Map.of()))
                .hasMessageContaining("convergent.kafka.bootstrap-servers is required");
    }
}
