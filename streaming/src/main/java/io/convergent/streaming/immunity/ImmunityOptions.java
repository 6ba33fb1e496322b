package io.convergent.streaming.immunity;

import io.convergent.streaming.runtime.OptionValues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The immunity job's typed options, from flat keys like the ingest job's (and sharing its {@code
 * convergent.kafka.*} and {@code convergent.pseudonym.*} keys).
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><td>{@code convergent.kafka.bootstrap-servers}</td><td>required</td></tr>
 *   <tr><td>{@code convergent.lake.<property>}</td><td>Iceberg catalog properties; with them
 *       the job also writes blocked and flagged calls to {@code immunity_decisions}, without them
 *       it writes the topic only</td></tr>
 *   <tr><td>{@code convergent.pseudonym.key-file}</td><td>key file when the environment holds no
 *       key</td></tr>
 *   <tr><td>{@code convergent.immunity.group-id}</td><td>{@code convergent-immunity}</td></tr>
 *   <tr><td>{@code convergent.immunity.bounded}</td><td>{@code false}; {@code true} stops at the
 *       offsets that were latest at start (evaluation, benchmarks)</td></tr>
 *   <tr><td>{@code convergent.immunity.roaming-ttl}</td><td>{@code 30 d}: a subscriber abroad is
 *       forgotten after this long without a network event</td></tr>
 *   <tr><td>{@code convergent.immunity.home-grace}</td><td>{@code 1 h}: how long after a return
 *       a call placed abroad is still recognised</td></tr>
 *   <tr><td>{@code convergent.immunity.live-horizon}</td><td>{@code 1 min}: a call older than
 *       this is from a backlog, and one it would block waits for the watermark</td></tr>
 *   <tr><td>{@code convergent.immunity.caller-quiet-after}</td><td>{@code 3 d}: a caller's
 *       reputation record is dropped after this long without a call or complaint (state
 *       time-to-live, so processing time)
 *       </td></tr>
 * </table>
 */
public record ImmunityOptions(
        String bootstrapServers,
        Map<String, String> catalogProperties,
        Path keyFile,
        String groupId,
        boolean bounded,
        Duration roamingTtl,
        Duration homeGrace,
        Duration liveHorizon,
        Duration callerQuietAfter) {

    public static final String BOOTSTRAP_SERVERS = OptionValues.BOOTSTRAP_SERVERS;
    public static final String KEY_FILE = OptionValues.KEY_FILE;
    public static final String SECTION = "convergent.immunity.";
    public static final String GROUP_ID = SECTION + "group-id";
    public static final String BOUNDED = SECTION + "bounded";
    public static final String ROAMING_TTL = SECTION + "roaming-ttl";
    public static final String HOME_GRACE = SECTION + "home-grace";
    public static final String LIVE_HORIZON = SECTION + "live-horizon";
    public static final String CALLER_QUIET_AFTER = SECTION + "caller-quiet-after";

    public static final String DEFAULT_GROUP_ID = "convergent-immunity";

    private static final Set<String> KEYS =
            Set.of(
                    BOOTSTRAP_SERVERS,
                    KEY_FILE,
                    GROUP_ID,
                    BOUNDED,
                    ROAMING_TTL,
                    HOME_GRACE,
                    LIVE_HORIZON,
                    CALLER_QUIET_AFTER);

    public static final String LAKE_PREFIX = OptionValues.LAKE_PREFIX;

    public ImmunityOptions {
        Objects.requireNonNull(bootstrapServers, BOOTSTRAP_SERVERS);
        catalogProperties = Map.copyOf(catalogProperties);
        if (!catalogProperties.isEmpty() && !catalogProperties.containsKey("uri")) {
            throw new IllegalArgumentException(
                    LAKE_PREFIX + "uri is required with other " + LAKE_PREFIX + "* properties");
        }
        Objects.requireNonNull(groupId, GROUP_ID);
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException(BOOTSTRAP_SERVERS + " must not be blank");
        }
        if (groupId.isBlank()) {
            throw new IllegalArgumentException(GROUP_ID + " must not be blank");
        }
        OptionValues.requirePositive(ROAMING_TTL, roamingTtl);
        OptionValues.requirePositive(HOME_GRACE, homeGrace);
        OptionValues.requirePositive(LIVE_HORIZON, liveHorizon);
        OptionValues.requirePositive(CALLER_QUIET_AFTER, callerQuietAfter);
    }

    /** Options from flat keys; an unknown key of this job's own section is refused. */
    public static ImmunityOptions fromMap(Map<String, String> settings) {
        OptionValues.refuseUnknown(settings, SECTION, KEYS);
        String bootstrap = settings.get(BOOTSTRAP_SERVERS);
        if (bootstrap == null) {
            throw new IllegalArgumentException(BOOTSTRAP_SERVERS + " is required");
        }
        String keyFile = settings.get(KEY_FILE);
        return new ImmunityOptions(
                bootstrap,
                OptionValues.catalogProperties(settings),
                keyFile == null || keyFile.isBlank() ? null : Path.of(keyFile),
                settings.getOrDefault(GROUP_ID, DEFAULT_GROUP_ID),
                OptionValues.bool(settings, BOUNDED, false),
                OptionValues.duration(settings, ROAMING_TTL, Duration.ofDays(30)),
                OptionValues.duration(settings, HOME_GRACE, Duration.ofHours(1)),
                OptionValues.duration(settings, LIVE_HORIZON, Duration.ofMinutes(1)),
                OptionValues.duration(settings, CALLER_QUIET_AFTER, Duration.ofDays(3)));
    }

    /** These options as flat keys: {@code fromMap(toMap())} gives them back. */
    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(BOOTSTRAP_SERVERS, bootstrapServers);
        catalogProperties.forEach((k, v) -> map.put(LAKE_PREFIX + k, v));
        if (keyFile != null) {
            map.put(KEY_FILE, keyFile.toString());
        }
        map.put(GROUP_ID, groupId);
        map.put(BOUNDED, Boolean.toString(bounded));
        map.put(ROAMING_TTL, OptionValues.format(roamingTtl));
        map.put(HOME_GRACE, OptionValues.format(homeGrace));
        map.put(LIVE_HORIZON, OptionValues.format(liveHorizon));
        map.put(CALLER_QUIET_AFTER, OptionValues.format(callerQuietAfter));
        return map;
    }

    public ImmunityOptions withBounded(boolean value) {
        return new ImmunityOptions(
                bootstrapServers,
                catalogProperties,
                keyFile,
                groupId,
                value,
                roamingTtl,
                homeGrace,
                liveHorizon,
                callerQuietAfter);
    }

    /** Whether the job writes {@code immunity_decisions} (a catalog is configured). */
    public boolean writesTable() {
        return !catalogProperties.isEmpty();
    }
}
