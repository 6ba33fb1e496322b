package io.convergent.infra.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultFormatTest {

    @Test
    void valuesReadAsTheyWouldInSql() {
        assertThat(ResultFormat.text(new String[] {"HIGH_VOLUME", "FEW_ANSWERED"}))
                .isEqualTo("[HIGH_VOLUME, FEW_ANSWERED]");
        assertThat(ResultFormat.text(new Object[] {new byte[] {1, (byte) 0xab}, null}))
                .isEqualTo("[x'01ab', null]");
        assertThat(ResultFormat.text(new String[0])).isEqualTo("[]");
        assertThat(ResultFormat.text(Map.of("features_daily", 7L))).isEqualTo("{features_daily=7}");
        assertThat(ResultFormat.text(42L)).isEqualTo("42");
    }
}
