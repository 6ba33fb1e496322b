package io.convergent.streaming.lake;

import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.types.Types.NestedField;

/**
 * {@code batch_views}: the manifest of every published batch view, one row each, appended in one
 * commit after the view's tables are tagged. A reader takes the row of the highest version and
 * reads each table at the snapshot it names, so it never sees a half-written view.
 */
public final class BatchViewsTable {

    public static final Schema SCHEMA =
            new Schema(
                    NestedField.required(
                            1,
                            "version",
                            Types.LongType.get(),
                            "The view's version: 1, 2, ... in the order published."),
                    NestedField.required(
                            2,
                            "cutoff_day",
                            Types.DateType.get(),
                            "The last UTC day the view covers: serving adds the speed view for"
                                    + " the days after it."),
                    NestedField.required(
                            3,
                            "published_at",
                            Types.TimestampType.withZone(),
                            "When the view was published."),
                    NestedField.required(
                            4,
                            "tag",
                            Types.StringType.get(),
                            "The Iceberg tag every table of the view carries for its snapshot"
                                    + " (time travel: OPTIONS('tag'='...'))."),
                    NestedField.required(
                            5,
                            "snapshots",
                            Types.MapType.ofRequired(
                                    6, 7, Types.StringType.get(), Types.LongType.get()),
                            "Each table of the view and the snapshot id the view is."),
                    NestedField.required(
                            8,
                            "models",
                            Types.ListType.ofRequired(9, Types.StringType.get()),
                            "The model versions that scored the cutoff day, as model@version."));

    public static final PartitionSpec PARTITION_SPEC = PartitionSpec.unpartitioned();

    private BatchViewsTable() {}
}
