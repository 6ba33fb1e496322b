package io.convergent.streaming.lake;

import io.convergent.common.features.DailyTile;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/**
 * {@code features_daily}: one {@link DailyTile} per subscriber and UTC day, the partial aggregates
 * every window feature of {@code FeatureCatalog} is folded from. Written by the batch layer, a day
 * at a time (a re-run replaces the day). Columns follow {@link DailyTile#FIGURE_COLUMNS}.
 */
public final class FeaturesDailyTable {

    public static final Schema SCHEMA = schema();

    public static final PartitionSpec PARTITION_SPEC =
            PartitionSpec.builderFor(SCHEMA).identity("day").build();

    private FeaturesDailyTable() {}

    /** The tile as its row, in {@link #SCHEMA}'s column order. */
    public static RowData toRow(DailyTile tile) {
        long[] figures = tile.figures();
        GenericRowData row = new GenericRowData(figures.length + 4);
        row.setField(0, StringData.fromString(tile.subscriber));
        row.setField(1, (int) tile.day);
        for (int i = 0; i < figures.length; i++) {
            row.setField(2 + i, DailyTile.columnValue(i, figures[i]));
        }
        row.setField(2 + figures.length, tile.distinctCounterparts());
        row.setField(3 + figures.length, tile.counterparts.clone());
        return row;
    }

    /** The tile a row of {@link #SCHEMA} holds: {@link #toRow} read back. */
    public static DailyTile fromRow(RowData row) {
        DailyTile tile = new DailyTile(row.getString(0).toString(), row.getInt(1));
        int figures = DailyTile.FIGURE_COLUMNS.size();
        long[] values = new long[figures];
        for (int i = 0; i < figures; i++) {
            values[i] = DailyTile.figureValue(i, row.isNullAt(2 + i) ? null : row.getLong(2 + i));
        }
        tile.setFigures(values);
        tile.counterparts = row.getBinary(3 + figures);
        return tile;
    }

    private static Schema schema() {
        List<Types.NestedField> columns = new ArrayList<>();
        columns.add(
                Types.NestedField.required(
                        1,
                        "subscriber",
                        Types.StringType.get(),
                        "Pseudonym of the phone number (a number seen only as the other party of"
                                + " our subscribers' calls and texts has a tile too)."));
        columns.add(
                Types.NestedField.required(
                        2, "day", Types.DateType.get(), "The UTC day the activity happened on."));
        int id = 3;
        for (int i = 0; i < DailyTile.FIGURE_COLUMNS.size(); i++) {
            String figure = DailyTile.FIGURE_COLUMNS.get(i);
            columns.add(
                    Types.NestedField.of(
                            id++,
                            DailyTile.figureMayBeEmpty(i),
                            figure,
                            Types.LongType.get(),
                            describe(figure)));
        }
        columns.add(
                Types.NestedField.required(
                        id++,
                        "distinct_counterparts",
                        Types.LongType.get(),
                        "Distinct numbers called, texted or called by, estimated from the sketch."));
        columns.add(
                Types.NestedField.required(
                        id,
                        "counterparts_sketch",
                        Types.BinaryType.get(),
                        "HyperLogLog registers of those numbers (DistinctSketch): merge them"
                                + " across days for a window's distinct count."));
        return new Schema(columns);
    }

    private static String describe(String figure) {
        if (figure.equals("min_balance_minor")) {
            return "Lowest rouble balance read that day, kopecks; null when there was no reading"
                    + " (rows written before 2026-11-27 hold "
                    + DailyTile.NO_BALANCE
                    + " instead).";
        }
        if (figure.equals("days_abroad")) {
            return "1 when any event put the subscriber abroad that day, else 0.";
        }
        String unit =
                figure.endsWith("_minor")
                        ? " (kopecks; an amount in another currency is not added)"
                        : figure.contains("seconds")
                                ? " (seconds)"
                                : figure.contains("bytes") ? " (bytes)" : "";
        return "Day's total of " + figure.replace('_', ' ') + unit + ".";
    }
}
