package io.convergent.streaming.campaigns.functions;

import io.convergent.common.campaigns.CampaignDefinition;
import io.convergent.common.campaigns.CampaignDefinitions;
import io.convergent.common.campaigns.CampaignEngine;
import io.convergent.common.campaigns.CampaignMemory;
import io.convergent.common.campaigns.CampaignOutcome;
import io.convergent.common.campaigns.CampaignTrigger;
import io.convergent.common.campaigns.ContactPolicy;
import io.convergent.common.campaigns.ContactPreferences;
import io.convergent.common.campaigns.InvalidCampaignException;
import io.convergent.common.event.PayloadScrubber;
import io.convergent.common.scores.RealtimeScores;
import io.convergent.streaming.campaigns.CampaignControl;
import io.convergent.streaming.campaigns.CampaignInput;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges every campaign in force for each subscriber's events ({@link CampaignEngine}), keyed by
 * the subscriber, beside the campaigns from {@code control.campaigns} (broadcast state: a new or
 * changed campaign applies from the next event, a deleted one stops, no restart).
 *
 * <p>Per subscriber it keeps the {@link CampaignMemory} and the latest {@code scores.realtime}
 * record (read only when an eligibility check needs it), both with a time-to-live, and the contact
 * preferences, without one. An offer held over quiet hours is released by an event-time timer at
 * their end, or by the subscriber's next event after it, whichever comes first. Triggers of every
 * fate go to the main output; conversions to {@link #OUTCOMES}.
 *
 * <p>A definition on the topic that cannot be read is refused (logged with the reason, counted in
 * {@code campaignsRefused}) and the version in force stays; an older version than the one in force
 * is ignored.
 */
public final class CampaignEvaluator
        extends KeyedBroadcastProcessFunction<
                String, CampaignInput, CampaignControl, CampaignTrigger> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CampaignEvaluator.class);

    /** The campaigns in force: id to the definition's {@code control.campaigns} JSON. */
    public static final MapStateDescriptor<String, byte[]> CAMPAIGNS =
            new MapStateDescriptor<>(
                    "campaigns",
                    BasicTypeInfo.STRING_TYPE_INFO,
                    PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

    public static final OutputTag<CampaignOutcome> OUTCOMES = new OutputTag<>("outcomes") {};

    public static final String APPLIED_METRIC = "campaignsApplied";
    public static final String REFUSED_METRIC = "campaignsRefused";
    public static final String DELETED_METRIC = "campaignsDeleted";
    public static final String UNREADABLE_STATE_METRIC = "unreadableMemories";
    public static final String REPEATED_EVENTS_METRIC = "repeatedEvents";

    /**
     * How long an event id judged for a subscriber is remembered: a producer that re-sends does so
     * within hours, and the ingest's de-duplication remembers ids as long.
     */
    static final Duration EVENT_ID_MEMORY = Duration.ofHours(24);

    private final ContactPolicy policy;
    private final long memoryTtlMillis;

    private transient CampaignEngine engine;
    private transient ValueState<byte[]> memoryState;
    private transient ValueState<byte[]> scoresState;
    private transient ValueState<byte[]> preferencesState;
    private transient MapState<String, Boolean> judgedEventIds;

    /** The definitions parsed once, rebuilt from the broadcast state after a restore. */
    private transient Map<String, CampaignDefinition> live;

    /** {@link #live}'s values, built once per change rather than once per event. */
    private transient List<CampaignDefinition> liveList;

    private transient Counter applied;
    private transient Counter refused;
    private transient Counter deleted;
    private transient Counter unreadable;
    private transient Counter repeated;

    /** The processing time of the element or timer being handled: the engine's wall clock. */
    private transient long processingTime;

    public CampaignEvaluator(ContactPolicy policy, Duration memoryTtl) {
        this.policy = policy;
        this.memoryTtlMillis = memoryTtl.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        // The wall clock is the task's processing time, read as each element or timer is handled.
        engine = new CampaignEngine(policy, () -> processingTime);
        StateTtlConfig ttl =
                StateTtlConfig.newBuilder(Duration.ofMillis(memoryTtlMillis))
                        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                        .build();
        ValueStateDescriptor<byte[]> memory =
                new ValueStateDescriptor<>(
                        "campaignMemory", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        memory.enableTimeToLive(ttl);
        ValueStateDescriptor<byte[]> scores =
                new ValueStateDescriptor<>(
                        "latestScores", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        scores.enableTimeToLive(ttl);
        memoryState = getRuntimeContext().getState(memory);
        // No time-to-live: an opt-out holds however long the subscriber stays quiet.
        preferencesState =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "contactPreferences",
                                        PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        scoresState = getRuntimeContext().getState(scores);
        MapStateDescriptor<String, Boolean> judged =
                new MapStateDescriptor<>(
                        "judgedEventIds", BasicTypeInfo.STRING_TYPE_INFO, Types.BOOLEAN);
        judged.enableTimeToLive(
                StateTtlConfig.newBuilder(EVENT_ID_MEMORY)
                        // From the first sighting: a re-send does not extend it.
                        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                        .build());
        judgedEventIds = getRuntimeContext().getMapState(judged);
        applied = getRuntimeContext().getMetricGroup().counter(APPLIED_METRIC);
        refused = getRuntimeContext().getMetricGroup().counter(REFUSED_METRIC);
        deleted = getRuntimeContext().getMetricGroup().counter(DELETED_METRIC);
        unreadable = getRuntimeContext().getMetricGroup().counter(UNREADABLE_STATE_METRIC);
        repeated = getRuntimeContext().getMetricGroup().counter(REPEATED_EVENTS_METRIC);
    }

    @Override
    public void processElement(
            CampaignInput input, ReadOnlyContext ctx, Collector<CampaignTrigger> out)
            throws Exception {
        processingTime = ctx.currentProcessingTime();
        switch (input.kind()) {
            case SCORES -> {
                if (newerThanHeld(input.payload())) {
                    scoresState.update(input.payload());
                }
            }
            case PREFERENCES -> {
                if (input.payload() == null) {
                    preferencesState.clear();
                } else {
                    preferencesState.update(input.payload());
                }
            }
            case EVENT -> {
                // The input topics carry producers' re-sends: judged again, an event would send a
                // second offer (the first campaign now in its cooldown, the next one sent).
                String eventId = input.event().eventId();
                if (eventId != null) {
                    if (judgedEventIds.contains(eventId)) {
                        repeated.inc();
                        return;
                    }
                    judgedEventIds.put(eventId, Boolean.TRUE);
                }
                CampaignMemory memory = memory();
                byte[] preferences = preferencesState.value();
                engine.onPreferences(
                        memory,
                        preferences == null ? null : ContactPreferences.fromJson(preferences));
                CampaignEngine.Result result =
                        engine.onEvent(
                                memory,
                                input.event(),
                                live(ctx.getBroadcastState(CAMPAIGNS)),
                                this::latestScores,
                                // Every input read up to here: steps of a topic read ahead of
                                // another are kept until the other catches up.
                                ctx.currentWatermark());
                save(memory);
                result.triggers().forEach(out::collect);
                for (CampaignOutcome outcome : result.outcomes()) {
                    ctx.output(OUTCOMES, outcome);
                }
                for (long due : result.dueTimes()) {
                    ctx.timerService().registerEventTimeTimer(due);
                }
            }
        }
    }

    /** Quiet hours ended for a held offer: judge it again (if an event has not already). */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CampaignTrigger> out)
            throws Exception {
        processingTime = ctx.currentProcessingTime();
        CampaignMemory memory = memory();
        if (memory.deferred.isEmpty()) {
            return;
        }
        byte[] preferences = preferencesState.value();
        engine.onPreferences(
                memory, preferences == null ? null : ContactPreferences.fromJson(preferences));
        List<CampaignTrigger> released =
                engine.release(
                        memory,
                        ctx.getCurrentKey(),
                        timestamp,
                        live(ctx.getBroadcastState(CAMPAIGNS)));
        save(memory);
        released.forEach(out::collect);
        // A trigger held again (the subscriber is in quiet hours where they are now).
        for (long due : CampaignEngine.dueTimes(memory)) {
            ctx.timerService().registerEventTimeTimer(due);
        }
    }

    /**
     * Whether {@code scores} were published no earlier than those held: a record replayed or
     * delayed (partitions read at different paces after a restore) must not put older scores back.
     */
    private boolean newerThanHeld(byte[] scores) {
        RealtimeScores held = latestScores();
        if (held == null) {
            return true;
        }
        try {
            return RealtimeScores.fromJson(scores).publishedAt() >= held.publishedAt();
        } catch (RuntimeException e) {
            return true; // checked when it arrived; the held one is kept only for a newer reason
        }
    }

    private RealtimeScores latestScores() {
        try {
            byte[] json = scoresState.value();
            return json == null ? null : RealtimeScores.fromJson(json);
        } catch (Exception e) {
            // Checked when it arrived; unreadable now means no scores, so no eligibility.
            return null;
        }
    }

    private CampaignMemory memory() throws Exception {
        byte[] json = memoryState.value();
        if (json == null) {
            return new CampaignMemory();
        }
        CampaignMemory memory = readable(json);
        if (memory == null) {
            unreadable.inc();
            return withoutConsent();
        }
        return memory;
    }

    /** The memory in {@code bytes}, or {@code null} when they cannot be read. */
    static CampaignMemory readable(byte[] bytes) {
        try {
            return CampaignMemory.fromBytes(bytes);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * What a subscriber whose memory cannot be read (a later release's format after a rollback, a
     * corrupt value) starts again from: nothing remembered, and no marketing consent until their
     * preferences are sent again. Their opt-out may be in what could not be read, and contacting
     * someone who opted out is the one mistake the contact policy must not make; one bad value
     * still does not stop anyone else's campaigns.
     */
    static CampaignMemory withoutConsent() {
        CampaignMemory memory = new CampaignMemory();
        memory.marketing = false;
        return memory;
    }

    private void save(CampaignMemory memory) throws Exception {
        if (memory.isEmpty()) {
            memoryState.clear();
        } else {
            memoryState.update(memory.toBytes());
        }
    }

    private List<CampaignDefinition> live(ReadOnlyBroadcastState<String, byte[]> state)
            throws Exception {
        if (live == null) {
            Map<String, CampaignDefinition> restored = new HashMap<>();
            for (Map.Entry<String, byte[]> entry : state.immutableEntries()) {
                try {
                    restored.put(
                            entry.getKey(),
                            CampaignDefinitions.fromJson(entry.getValue(), "control.campaigns"));
                } catch (InvalidCampaignException e) {
                    // Accepted by an older version of the checks: stopping every campaign (the
                    // job failing on each event) would be worse than dropping this one.
                    refused.inc();
                    LOG.warn(
                            "Campaign {} from the restored state no longer reads; it is not in"
                                    + " force: {}",
                            shown(entry.getKey()),
                            shown(e.getMessage()));
                }
            }
            live = restored;
            liveList = null;
        }
        if (liveList == null) {
            liveList = List.copyOf(live.values());
        }
        return liveList;
    }

    @Override
    public void processBroadcastElement(
            CampaignControl control, Context ctx, Collector<CampaignTrigger> out) throws Exception {
        var state = ctx.getBroadcastState(CAMPAIGNS);
        live(state);
        String id = control.campaignId();
        if (control.definition() == null) {
            if (state.contains(id)) {
                state.remove(id);
                live.remove(id);
                liveList = null;
                deleted.inc();
                LOG.info("Campaign {} deleted: it stops now", shown(id));
            }
            return;
        }
        CampaignDefinition definition;
        try {
            definition =
                    CampaignDefinitions.fromJson(control.definition(), "control.campaigns/" + id);
        } catch (InvalidCampaignException e) {
            refused.inc();
            LOG.warn(
                    "Refused campaign {}; the version in force stays: {}",
                    shown(id),
                    shown(e.getMessage()));
            return;
        }
        if (!definition.id().equals(id)) {
            refused.inc();
            LOG.warn(
                    "Refused a control.campaigns record keyed {} holding campaign {}",
                    shown(id),
                    shown(definition.id()));
            return;
        }
        CampaignDefinition current = live.get(id);
        if (current != null && current.version() > definition.version()) {
            LOG.info(
                    "Ignored campaign {} version {}: version {} is in force",
                    shown(id),
                    definition.version(),
                    current.version());
            return;
        }
        if (current != null && current.version() == definition.version()) {
            // The same version again is the same campaign: an edit under it would release held
            // offers with another offer and mix two offers in one version's report.
            if (!java.util.Arrays.equals(
                    CampaignDefinitions.toJson(current), CampaignDefinitions.toJson(definition))) {
                refused.inc();
                LOG.warn(
                        "Refused campaign {} version {}: a different definition of that version is"
                                + " in force; a change needs a higher version",
                        shown(id),
                        definition.version());
            }
            return;
        }
        state.put(id, CampaignDefinitions.toJson(definition));
        live.put(id, definition);
        liveList = null;
        applied.inc();
        LOG.info("Campaign {} version {} in force", shown(id), definition.version());
    }

    /**
     * A key or message from {@code control.campaigns} as the log shows it: a key is written by hand
     * and may be a phone number, and a refusal may quote the record's values (Jackson's messages
     * do), so digit runs are masked, as {@code campaigns list} masks them.
     */
    private static String shown(String text) {
        return text == null ? null : PayloadScrubber.redactDigits(text);
    }
}
