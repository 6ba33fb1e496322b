package io.convergent.infra.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CampaignReportTest {

    @Test
    void aReversedRangeIsRefusedAndHelpIsGiven() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);

        assertThat(
                        CampaignReport.run(
                                new String[] {
                                    "campaigns", "--from", "2026-12-01", "--to", "2026-11-01"
                                },
                                o,
                                e))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--to 2026-11-01 is before --from 2026-12-01");
        assertThat(CampaignReport.run(new String[] {"campaigns", "--help"}, o, e)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: convergent report");
    }
}
