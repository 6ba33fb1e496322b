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

    @Test
    void theTablePrintsALargeResultAsItComesWithoutHoldingIt() {
        long total = ResultFormat.ALIGNED_ROWS + 5_000L;
        long[] handedOut = {0};
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(printed, true);
        java.util.Iterator<org.apache.flink.types.Row> rows =
                new java.util.Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return handedOut[0] < total;
                    }

                    @Override
                    public org.apache.flink.types.Row next() {
                        handedOut[0]++;
                        // Once past the aligned rows, what was handed out before is printed.
                        if (handedOut[0] == ResultFormat.ALIGNED_ROWS + 2) {
                            assertThat(printed.toString())
                                    .contains("\n" + ResultFormat.ALIGNED_ROWS + "\n");
                        }
                        return org.apache.flink.types.Row.of(handedOut[0]);
                    }
                };

        ResultFormat.TABLE.write(java.util.List.of("n"), rows, out);

        String[] lines = printed.toString().split("\n");
        assertThat(lines[0]).isEqualTo("n");
        assertThat(lines[1]).isEqualTo("----");
        assertThat(lines).hasSize((int) total + 3);
        assertThat(lines[lines.length - 2]).isEqualTo(Long.toString(total));
        assertThat(lines[lines.length - 1]).isEqualTo("(" + total + " rows)");
    }
}
