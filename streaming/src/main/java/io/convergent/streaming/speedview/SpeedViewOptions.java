package io.convergent.streaming.speedview;

import io.convergent.common.state.SubscriberState;
import io.convergent.streaming.runtime.OptionValues;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The speed view's typed options (section {@code convergent.speed-view.}).
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><td>{@code convergent.speed-view.enabled}</td><td>{@code true}: the ingest job also
 *       publishes {@code features.realtime} and {@code subscriber.state}</td></tr>
 *   <tr><td>{@code convergent.speed-view.flush-interval}</td><td>{@code 25 ms}: a growing tile
 *       is published at most once in this time; {@code 0} publishes every change</td></tr>
 *   <tr><td>{@code convergent.speed-view.tile-retention}</td><td>{@code 2 d} of event time after
 *       its day ends before a tile's state is dropped (the batch layer covers it by
 *       then)</td></tr>
 *   <tr><td>{@code convergent.speed-view.state-ttl}</td><td>{@code 30 d}: a subscriber's state
 *       without any change in this time is dropped; at least the 30 days SIM swaps are vouched
 *       for</td></tr>
 * </table>
 */
public record SpeedViewOptions(
        boolean enabled, Duration flushInterval, Duration tileRetention, Duration stateTtl) {

    public static final String SECTION = "convergent.speed-view.";
    public static final String ENABLED = SECTION + "enabled";
    public static final String FLUSH_INTERVAL = SECTION + "flush-interval";
    public static final String TILE_RETENTION = SECTION + "tile-retention";
    public static final String STATE_TTL = SECTION + "state-ttl";

    private static final Set<String> KEYS =
            Set.of(
                    ENABLED,
                    FLUSH_INTERVAL,
                    TILE_RETENTION,
                    STATE_TTL,
                    // Shared with the ingest job the view runs in.
                    OptionValues.BOOTSTRAP_SERVERS,
                    OptionValues.KEY_FILE);

    public SpeedViewOptions {
        OptionValues.requirePositive(FLUSH_INTERVAL, flushInterval, true);
        OptionValues.requirePositive(TILE_RETENTION, tileRetention);
        OptionValues.requirePositive(STATE_TTL, stateTtl);
        if (stateTtl.compareTo(SubscriberState.SIM_SWAP_MONITORED_PERIOD) < 0) {
            throw new IllegalArgumentException(
                    STATE_TTL
                            + " must be at least "
                            + OptionValues.format(SubscriberState.SIM_SWAP_MONITORED_PERIOD)
                            + ", the period serving vouches for SIM swaps in (a swap followed by"
                            + " silence would be forgotten sooner), got "
                            + OptionValues.format(stateTtl));
        }
    }

    public static SpeedViewOptions defaults() {
        return fromMap(Map.of());
    }

    /** Options from flat keys; an unknown key of this section is refused. */
    public static SpeedViewOptions fromMap(Map<String, String> settings) {
        OptionValues.refuseUnknown(settings, SECTION, KEYS);
        return new SpeedViewOptions(
                OptionValues.bool(settings, ENABLED, true),
                OptionValues.duration(settings, FLUSH_INTERVAL, Duration.ofMillis(25)),
                OptionValues.duration(settings, TILE_RETENTION, Duration.ofDays(2)),
                OptionValues.duration(
                        settings, STATE_TTL, SubscriberState.SIM_SWAP_MONITORED_PERIOD));
    }

    /** These options with a zero flush interval: every change of a tile is published. */
    public SpeedViewOptions publishingEveryChange() {
        return new SpeedViewOptions(enabled, java.time.Duration.ZERO, tileRetention, stateTtl);
    }

    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(ENABLED, Boolean.toString(enabled));
        map.put(FLUSH_INTERVAL, OptionValues.format(flushInterval));
        map.put(TILE_RETENTION, OptionValues.format(tileRetention));
        map.put(STATE_TTL, OptionValues.format(stateTtl));
        return map;
    }
}
