package io.convergent.infra.generator;

/**
 * Event ids: unique within a run and across runs with different seeds, stable for a seed. The id
 * holds the seed, the day, the entity that produced the event and a sequence number within that
 * entity's day, in base 36: {@code g<seed>.<day>.<entity>.<seq>}. Live runs add their start time,
 * so a restarted live generator never repeats an id the ingest would drop as a duplicate.
 */
final class EventIds {

    /** Entity tags: subscribers, spammers, bulk callers. */
    static final char SUBSCRIBER = 'u';

    static final char SPAMMER = 'p';
    static final char BULK_CALLER = 'b';

    private final String runPrefix;

    private EventIds(String runPrefix) {
        this.runPrefix = runPrefix;
    }

    static EventIds history(long seed) {
        return new EventIds("g" + Long.toUnsignedString(seed, 36) + ".");
    }

    static EventIds live(long seed, long runStartMillis) {
        return new EventIds(
                "g"
                        + Long.toUnsignedString(seed, 36)
                        + "L"
                        + Long.toString(runStartMillis, 36)
                        + ".");
    }

    /** The part of every id of {@code epochDay}. */
    String dayPrefix(long epochDay) {
        return runPrefix + Long.toString(epochDay, 36) + ".";
    }

    static String id(String dayPrefix, char entityTag, int entity, int seq) {
        return dayPrefix
                + entityTag
                + Integer.toString(entity, 36)
                + "."
                + Integer.toString(seq, 36);
    }
}
