package io.convergent.streaming.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.junit.jupiter.api.Test;

class TableColumnOrderTest {

    private static final RowType DECLARED =
            row(new String[] {"event_id", "answer_time", "end_time"}, string(), bigint(), bigint());

    @Test
    void theSameOrderNeedsNoReordering() {
        assertThat(TableColumnOrder.positions("raw_calls", DECLARED, DECLARED)).isNull();
        // Whether a column may be empty is not its type.
        RowType required =
                row(
                        new String[] {"event_id", "answer_time", "end_time"},
                        string().copy(false),
                        bigint(),
                        bigint().copy(false));
        assertThat(TableColumnOrder.positions("raw_calls", required, DECLARED)).isNull();
    }

    @Test
    void aColumnAppendedByEvolutionIsFoundByName() {
        RowType evolved =
                row(
                        new String[] {"event_id", "end_time", "answer_time"},
                        string(),
                        bigint(),
                        bigint());
        // The table's second column is the declaration's third, and its third the second.
        assertThat(TableColumnOrder.positions("raw_calls", evolved, DECLARED))
                .containsExactly(0, 2, 1);
    }

    @Test
    void columnsOnOneSideOnlyOrOfAnotherTypeAreRefusedByName() {
        RowType newer =
                row(
                        new String[] {"event_id", "answer_time", "end_time", "cell"},
                        string(),
                        bigint(),
                        bigint(),
                        string());
        assertThatThrownBy(() -> TableColumnOrder.positions("raw_calls", newer, DECLARED))
                .hasMessageContaining("raw_calls has a column cell this build does not write");
        RowType older = row(new String[] {"event_id", "end_time"}, string(), bigint());
        assertThatThrownBy(() -> TableColumnOrder.positions("raw_calls", older, DECLARED))
                .hasMessageContaining("raw_calls has no column answer_time");
        RowType narrower =
                row(
                        new String[] {"event_id", "answer_time", "end_time"},
                        string(),
                        new IntType(),
                        bigint());
        assertThatThrownBy(() -> TableColumnOrder.positions("raw_calls", narrower, DECLARED))
                .hasMessageContaining("raw_calls.answer_time is INT in the lake, BIGINT here");
    }

    private static RowType row(String[] names, LogicalType... types) {
        return RowType.of(types, names);
    }

    private static LogicalType string() {
        return new VarCharType(VarCharType.MAX_LENGTH);
    }

    private static LogicalType bigint() {
        return new BigIntType();
    }
}
