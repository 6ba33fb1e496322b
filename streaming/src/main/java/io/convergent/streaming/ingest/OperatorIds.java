package io.convergent.streaming.ingest;

/**
 * Stable uids and display names of the ingest job's operators. A uid is how a checkpoint finds its
 * operator's state again: never change one without a state migration.
 */
public final class OperatorIds {

    public static final String KAFKA_SOURCE = "ingest-kafka-source";
    public static final String KAFKA_SOURCE_NAME = "Input topics (parse, validate, pseudonymise)";
    public static final String ROUTER = "ingest-router";
    public static final String ROUTER_NAME = "Route by table";
    public static final String DEAD_LETTER_SINK = "ingest-dead-letters";
    public static final String DEAD_LETTER_SINK_NAME = "events.dlq";
    public static final String REJECTED_ROWS = "ingest-rejected-rows";
    public static final String REJECTED_ROWS_NAME = "Scrub rejected records";

    private OperatorIds() {}

    /** The dedup operator of one raw table. */
    public static String dedup(String table) {
        return "ingest-dedup-" + table;
    }

    public static String dedupName(String table) {
        return "First sighting: " + table;
    }

    /** The uid suffix of one table's Iceberg sink (writer, committer and maintenance). */
    public static String icebergSink(String table) {
        return "ingest-iceberg-" + table;
    }
}
