package io.convergent.streaming.lake;

import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.utils.ProjectedRowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.FlinkSchemaUtil;

/**
 * Rows made in the column order this build declares, written to a table whose columns may be in
 * another order. Iceberg's Flink sink writes a row by position, in the table's order; a table an
 * older build made, then brought up to date by {@link LakeTables}, has every column declared since
 * at its end. Without this, a column declared in the middle of a table would shift every later
 * value into its neighbour's column.
 */
public final class TableColumnOrder {

    private TableColumnOrder() {}

    /**
     * {@code rows} (of an {@link InternalTypeInfo} row type) in the column order of {@code table}
     * as the lake holds it: the same stream, no operator added, when the orders agree, or when the
     * table does not exist yet (it is then made in the declared order).
     *
     * @throws IllegalStateException when the table and the rows do not have the same columns of the
     *     same types, naming the first that differs
     */
    public static DataStream<RowData> inTableOrder(
            Map<String, String> lake, String table, DataStream<RowData> rows) {
        RowType declared = rowTypeOf(rows.getType(), table);
        Schema inLake;
        try {
            inLake =
                    LakeTables.withCatalog(
                            lake,
                            catalog -> {
                                TableIdentifier id =
                                        TableIdentifier.of(LakeTables.NAMESPACE, table);
                                return catalog.tableExists(id)
                                        ? catalog.loadTable(id).schema()
                                        : null;
                            });
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + table + "'s columns from the lake", e);
        }
        if (inLake == null) {
            return rows;
        }
        RowType written = FlinkSchemaUtil.convert(inLake);
        int[] positions = positions(table, written, declared);
        if (positions == null) {
            return rows;
        }
        return rows.map(new Reorder(positions))
                .returns(InternalTypeInfo.of(written))
                .setParallelism(rows.getParallelism())
                .uid("column-order-" + table)
                .name(table + ": columns in the table's order");
    }

    /**
     * For each column of {@code table}, the position of the same-named column in {@code declared};
     * null when every column is where the declaration puts it.
     *
     * @throws IllegalStateException when a column is missing from either side or has another type
     */
    static int[] positions(String table, RowType inLake, RowType declared) {
        List<String> names = declared.getFieldNames();
        int[] positions = new int[inLake.getFieldCount()];
        boolean inOrder = inLake.getFieldCount() == declared.getFieldCount();
        for (int i = 0; i < positions.length; i++) {
            String name = inLake.getFieldNames().get(i);
            int at = names.indexOf(name);
            if (at < 0) {
                throw new IllegalStateException(
                        table
                                + " has a column "
                                + name
                                + " this build does not write: the table is newer than the build");
            }
            LogicalType have = inLake.getTypeAt(i);
            LogicalType want = declared.getTypeAt(at);
            if (!sameType(have, want)) {
                throw new IllegalStateException(
                        table + "." + name + " is " + have + " in the lake, " + want + " here");
            }
            positions[i] = at;
            inOrder &= at == i;
        }
        for (String name : names) {
            if (!inLake.getFieldNames().contains(name)) {
                throw new IllegalStateException(
                        table + " has no column " + name + ": prepare the tables first");
            }
        }
        return inOrder ? null : positions;
    }

    /** The same type, whether or not either allows empty values, at any depth. */
    private static boolean sameType(LogicalType a, LogicalType b) {
        List<LogicalType> as = a.getChildren();
        List<LogicalType> bs = b.getChildren();
        if (as.isEmpty() || bs.isEmpty()) {
            return a.copy(true).equals(b.copy(true));
        }
        if (a.getTypeRoot() != b.getTypeRoot() || as.size() != bs.size()) {
            return false;
        }
        for (int i = 0; i < as.size(); i++) {
            if (!sameType(as.get(i), bs.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static RowType rowTypeOf(TypeInformation<RowData> type, String table) {
        if (type instanceof InternalTypeInfo<RowData> internal
                && internal.toLogicalType() instanceof RowType rowType) {
            return rowType;
        }
        throw new IllegalArgumentException(
                "rows for " + table + " must carry their row type, not " + type);
    }

    /** A row seen through {@code positions}: nothing is copied. */
    private record Reorder(int[] positions) implements MapFunction<RowData, RowData> {
        @Override
        public RowData map(RowData row) {
            return ProjectedRowData.from(positions).replaceRow(row);
        }
    }
}
