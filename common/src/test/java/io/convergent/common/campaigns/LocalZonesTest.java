package io.convergent.common.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class LocalZonesTest {

    private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");

    @Test
    void theVisitedCountryDecidesThenTheHomeRegionThenTheDefault() {
        assertThat(LocalZones.of(25, 452, MOSCOW)).isEqualTo(ZoneId.of("Asia/Ho_Chi_Minh"));
        assertThat(LocalZones.of(77, 510, MOSCOW)).isEqualTo(ZoneId.of("Asia/Makassar"));
        assertThat(LocalZones.of(77, 425, MOSCOW)).isEqualTo(ZoneId.of("Asia/Jerusalem"));
        // At home: the region's zone; Amur is six hours ahead of Moscow, not Moscow's.
        assertThat(LocalZones.of(28, null, MOSCOW)).isEqualTo(ZoneId.of("Asia/Yakutsk"));
        assertThat(LocalZones.of(79, null, MOSCOW)).isEqualTo(ZoneId.of("Asia/Vladivostok"));
        assertThat(LocalZones.of(77, null, MOSCOW)).isEqualTo(MOSCOW);
        // A country not listed: the home zone, as known.
        assertThat(LocalZones.of(54, 999, MOSCOW)).isEqualTo(ZoneId.of("Asia/Novosibirsk"));
        assertThat(LocalZones.of(null, null, MOSCOW)).isEqualTo(MOSCOW);
    }

    @Test
    void aCellIdNamesItsHomeRegion() {
        assertThat(LocalZones.regionOfCell("25062-28-1234")).isEqualTo(28);
        assertThat(LocalZones.regionOfCell("26201-28-1234")).isNull();
        assertThat(LocalZones.regionOfCell("cell")).isNull();
    }
}
