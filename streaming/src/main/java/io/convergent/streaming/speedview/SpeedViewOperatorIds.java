package io.convergent.streaming.speedview;

/** Stable uids and names of the speed view's operators (savepoints depend on the uids). */
public final class SpeedViewOperatorIds {

    public static String tiles(String table) {
        return "speed-view-tiles-" + table;
    }

    public static String stateInputs(String table) {
        return "speed-view-state-inputs-" + table;
    }

    public static final String TILE_ACCUMULATOR = "speed-view-tile-accumulator";
    public static final String TILE_ACCUMULATOR_NAME = "Grow today's tiles";
    public static final String STATE_FOLDER = "speed-view-state-folder";
    public static final String STATE_FOLDER_NAME = "Fold subscriber state";
    public static final String TILES_SINK = "speed-view-tiles-sink";
    public static final String TILES_SINK_NAME = "features.realtime";
    public static final String STATE_SINK = "speed-view-state-sink";
    public static final String STATE_SINK_NAME = "subscriber.state";

    private SpeedViewOperatorIds() {}
}
