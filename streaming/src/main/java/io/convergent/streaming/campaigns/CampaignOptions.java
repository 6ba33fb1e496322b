package io.convergent.streaming.campaigns;

import io.convergent.common.campaigns.ContactPolicy;
import io.convergent.common.campaigns.TriggerEvent;
import io.convergent.streaming.runtime.OptionValues;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The campaign job's typed options, from flat keys like the other jobs' (sharing their {@code
 * convergent.kafka.*}, {@code convergent.pseudonym.*} and {@code convergent.lake.*} keys).
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><td>{@code convergent.kafka.bootstrap-servers}</td><td>required</td></tr>
 *   <tr><td>{@code convergent.lake.<property>}</td><td>Iceberg catalog properties; with them the
 *       job also writes {@code campaign_triggers} and {@code campaign_outcomes}</td></tr>
 *   <tr><td>{@code convergent.pseudonym.key-file}</td><td>key file when the environment holds no
 *       key</td></tr>
 *   <tr><td>{@code convergent.campaigns.group-id}</td><td>{@code convergent-campaigns}</td></tr>
 *   <tr><td>{@code convergent.campaigns.bounded}</td><td>{@code false}; {@code true} stops at
 *       the offsets that were latest at start (benchmarks, tests)</td></tr>
 *   <tr><td>{@code convergent.campaigns.max-contacts-week}</td><td>{@code 2}</td></tr>
 *   <tr><td>{@code convergent.campaigns.max-contacts-month}</td><td>{@code 4} (30 days)</td></tr>
 *   <tr><td>{@code convergent.campaigns.quiet-hours}</td><td>{@code 21:00-09:00}, the
 *       subscriber's local time; {@code none} for none</td></tr>
 *   <tr><td>{@code convergent.campaigns.consent-required}</td><td>{@code false}: only an
 *       opt-out stops contacts; {@code true}: only a recorded consent allows them</td></tr>
 *   <tr><td>{@code convergent.campaigns.default-zone}</td><td>{@code Europe/Moscow}: the local
 *       time of a subscriber not yet seen in a cell</td></tr>
 *   <tr><td>{@code convergent.campaigns.memory-ttl}</td><td>{@code 120 d}: what is remembered of
 *       a subscriber is dropped after this long without an event (processing time); at least
 *       91 d, one more than the longest dormant spell a campaign may wait for</td></tr>
 *   <tr><td>{@code convergent.campaigns.max-offer-delay}</td><td>{@code none}; a duration such
 *       as {@code 1 h}: an offer judged (by the wall clock) longer than this after its moment, as
 *       when a backlog is worked off after an outage, is suppressed as {@code stale}. A deployment
 *       should set it; {@code none} suits a history replayed to evaluate campaigns</td></tr>
 * </table>
 */
public record CampaignOptions(
        String bootstrapServers,
        Map<String, String> catalogProperties,
        Path keyFile,
        String groupId,
        boolean bounded,
        ContactPolicy policy,
        Duration memoryTtl) {

    public static final String SECTION = "convergent.campaigns.";
    public static final String GROUP_ID = SECTION + "group-id";
    public static final String BOUNDED = SECTION + "bounded";
    public static final String MAX_PER_WEEK = SECTION + "max-contacts-week";
    public static final String MAX_PER_MONTH = SECTION + "max-contacts-month";
    public static final String QUIET_HOURS = SECTION + "quiet-hours";
    public static final String CONSENT_REQUIRED = SECTION + "consent-required";
    public static final String DEFAULT_ZONE = SECTION + "default-zone";
    public static final String MEMORY_TTL = SECTION + "memory-ttl";
    public static final String MAX_OFFER_DELAY = SECTION + "max-offer-delay";

    public static final String DEFAULT_GROUP_ID = "convergent-campaigns";

    private static final Set<String> KEYS =
            Set.of(
                    OptionValues.BOOTSTRAP_SERVERS,
                    OptionValues.KEY_FILE,
                    GROUP_ID,
                    BOUNDED,
                    MAX_PER_WEEK,
                    MAX_PER_MONTH,
                    QUIET_HOURS,
                    CONSENT_REQUIRED,
                    DEFAULT_ZONE,
                    MEMORY_TTL,
                    MAX_OFFER_DELAY);

    public CampaignOptions {
        Objects.requireNonNull(bootstrapServers, OptionValues.BOOTSTRAP_SERVERS);
        Objects.requireNonNull(policy, "policy");
        catalogProperties = Map.copyOf(catalogProperties);
        if (!catalogProperties.isEmpty() && !catalogProperties.containsKey("uri")) {
            throw new IllegalArgumentException(
                    OptionValues.LAKE_PREFIX
                            + "uri is required with other "
                            + OptionValues.LAKE_PREFIX
                            + "* properties");
        }
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException(
                    OptionValues.BOOTSTRAP_SERVERS + " must not be blank");
        }
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException(GROUP_ID + " must not be blank");
        }
        OptionValues.requirePositive(MEMORY_TTL, memoryTtl);
        Duration shortest = Duration.ofDays(TriggerEvent.MAX_DORMANT_DAYS + 1);
        if (memoryTtl.compareTo(shortest) < 0
                || memoryTtl.toMillis() < ContactPolicy.MEMORY_MILLIS) {
            throw new IllegalArgumentException(
                    MEMORY_TTL
                            + " must be at least "
                            + OptionValues.format(shortest)
                            + ": a comeback campaign waits up to "
                            + TriggerEvent.MAX_DORMANT_DAYS
                            + " days of silence (and the monthly cap looks back 30), got "
                            + OptionValues.format(memoryTtl));
        }
    }

    /** Options from flat keys; an unknown key of this job's own section is refused. */
    public static CampaignOptions fromMap(Map<String, String> settings) {
        OptionValues.refuseUnknown(settings, SECTION, KEYS);
        String bootstrap = settings.get(OptionValues.BOOTSTRAP_SERVERS);
        if (bootstrap == null) {
            throw new IllegalArgumentException(OptionValues.BOOTSTRAP_SERVERS + " is required");
        }
        String keyFile = settings.get(OptionValues.KEY_FILE);
        ContactPolicy standard = ContactPolicy.standard();
        LocalTime[] quiet = quietHours(settings.getOrDefault(QUIET_HOURS, format(standard)));
        ZoneId zone;
        try {
            zone = ZoneId.of(settings.getOrDefault(DEFAULT_ZONE, standard.defaultZone().getId()));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(
                    DEFAULT_ZONE + ": not a time zone id such as Europe/Moscow");
        }
        ContactPolicy policy;
        try {
            policy =
                    new ContactPolicy(
                            OptionValues.integer(settings, MAX_PER_WEEK, standard.maxPerWeek()),
                            OptionValues.integer(settings, MAX_PER_MONTH, standard.maxPerMonth()),
                            quiet[0],
                            quiet[1],
                            OptionValues.bool(settings, CONSENT_REQUIRED, false),
                            zone,
                            maxOfferDelay(settings.get(MAX_OFFER_DELAY)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    MAX_PER_WEEK
                            + " / "
                            + MAX_PER_MONTH
                            + " / "
                            + MAX_OFFER_DELAY
                            + ": "
                            + e.getMessage());
        }
        return new CampaignOptions(
                bootstrap,
                OptionValues.catalogProperties(settings),
                keyFile == null || keyFile.isBlank() ? null : Path.of(keyFile),
                settings.getOrDefault(GROUP_ID, DEFAULT_GROUP_ID),
                OptionValues.bool(settings, BOUNDED, false),
                policy,
                OptionValues.duration(settings, MEMORY_TTL, Duration.ofDays(120)));
    }

    /** {@code HH:MM-HH:MM}, or {@code none}. */
    static LocalTime[] quietHours(String text) {
        if (text.equals("none")) {
            return new LocalTime[] {LocalTime.MIDNIGHT, LocalTime.MIDNIGHT};
        }
        String[] parts = text.split("-", -1);
        try {
            if (parts.length != 2) {
                throw new DateTimeParseException("no range", text, 0);
            }
            return new LocalTime[] {LocalTime.parse(parts[0]), LocalTime.parse(parts[1])};
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    QUIET_HOURS
                            + ": a range of local times such as 21:00-09:00, or none; got '"
                            + text
                            + "'");
        }
    }

    private static String format(ContactPolicy policy) {
        return policy.quietFrom().equals(policy.quietTo())
                ? "none"
                : policy.quietFrom() + "-" + policy.quietTo();
    }

    /** {@code none} or absent: no limit; else a positive duration. */
    private static Duration maxOfferDelay(String value) {
        if (value == null || value.strip().equalsIgnoreCase("none")) {
            return null;
        }
        return OptionValues.duration(Map.of(MAX_OFFER_DELAY, value), MAX_OFFER_DELAY, null);
    }

    /** These options as flat keys: {@code fromMap(toMap())} gives them back. */
    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(OptionValues.BOOTSTRAP_SERVERS, bootstrapServers);
        catalogProperties.forEach((k, v) -> map.put(OptionValues.LAKE_PREFIX + k, v));
        if (keyFile != null) {
            map.put(OptionValues.KEY_FILE, keyFile.toString());
        }
        map.put(GROUP_ID, groupId);
        map.put(BOUNDED, Boolean.toString(bounded));
        map.put(MAX_PER_WEEK, Integer.toString(policy.maxPerWeek()));
        map.put(MAX_PER_MONTH, Integer.toString(policy.maxPerMonth()));
        map.put(QUIET_HOURS, format(policy));
        map.put(CONSENT_REQUIRED, Boolean.toString(policy.consentRequired()));
        map.put(DEFAULT_ZONE, policy.defaultZone().getId());
        map.put(MEMORY_TTL, OptionValues.format(memoryTtl));
        map.put(
                MAX_OFFER_DELAY,
                policy.maxOfferDelay() == null
                        ? "none"
                        : OptionValues.format(policy.maxOfferDelay()));
        return map;
    }

    public CampaignOptions withBounded(boolean value) {
        return new CampaignOptions(
                bootstrapServers, catalogProperties, keyFile, groupId, value, policy, memoryTtl);
    }

    /** Whether the job writes its tables (a catalog is configured). */
    public boolean writesTables() {
        return !catalogProperties.isEmpty();
    }
}
