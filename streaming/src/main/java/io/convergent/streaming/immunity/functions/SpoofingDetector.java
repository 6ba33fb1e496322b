package io.convergent.streaming.immunity.functions;

import io.convergent.common.immunity.CallerIdAssessment;
import io.convergent.common.immunity.CallerIdCheck;
import io.convergent.common.immunity.ImmunityDecision;
import io.convergent.streaming.immunity.CallerSignal;
import io.convergent.streaming.immunity.RoamingChange;
import io.convergent.streaming.immunity.RoamingStatus;
import io.convergent.streaming.immunity.ScreenedCall;
import io.convergent.streaming.runtime.StateExpiry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The stateful half of the caller-id layer, keyed by the pseudonym of one of our numbers: follows
 * its owner's roaming from {@link RoamingChange}s and decides each call that presents the number
 * from outside our network — allowed while the owner is abroad, blocked as spoofed otherwise.
 *
 * <p>A live call is decided at once, on the roaming state as known. A call from a backlog (older
 * than {@code liveHorizon}: catching up after a stop, or replaying history) is held until the
 * watermark passes its start instead, whichever way it would go: the network event that explains it
 * (a departure for a call that looks forged, a return for one that looks like a traveller's) may
 * sit, unread, in another partition of the backlog. Nobody waits on such a decision any more, and
 * being right matters more than being quick. Should the watermark stop moving for {@link
 * #QUIET_INPUTS} while calls are held (every input has gone quiet at the end of a backlog, and the
 * last seconds of it, within the watermark's out-of-orderness bound, would otherwise wait for the
 * next event ever to come), the held calls are decided on what is known by then: every input has
 * been read up to its end, so nothing more is coming to explain them.
 *
 * <p>State holds only subscribers abroad (for at most {@code roamingTtl} without news: a roaming
 * phone re-registers daily), those just back for {@code homeGrace} (a call placed abroad but
 * screened after the return is still allowed), the time of a traveller's last return (for {@code
 * roamingTtl}, against late evidence of the stay), and held calls until their timer, with, while
 * there are some, when to look at the watermark next and where it stood. Changes are applied in
 * event time, whatever order they are read in: topics and partitions are read at their own pace, so
 * a data session abroad may come before the roaming entry that began the stay, and a return after
 * evidence of the next stay. Evidence of being abroad moves the start of the stay back, but never
 * past a known return; a return ends only the stay it follows.
 */
public final class SpoofingDetector
        extends KeyedCoProcessFunction<String, ScreenedCall, RoamingChange, CallerSignal> {

    private static final long serialVersionUID = 1L;

    static final Duration REGISTRATION_SLACK = Duration.ofMinutes(5);

    /**
     * How long the watermark may stand still, with calls held, before they are decided anyway:
     * twice the job's source idleness, so a partition that went quiet has been marked idle (and let
     * the watermark move on) well before.
     */
    static final Duration QUIET_INPUTS = Duration.ofMinutes(2);

    private final Duration roamingTtl;
    private final Duration homeGrace;
    private final Duration liveHorizon;

    private transient ValueState<RoamingStatus> roamingState;

    /**
     * The event time of the newest roaming change applied. {@link RoamingStatus#since} keeps the
     * first registration abroad, so an update delivered late (home at T5 after abroad at T10) must
     * be judged against this instead.
     */
    private transient ValueState<Long> newestChangeState;

    /**
     * The latest return home applied, written only beside a roaming status and kept after it, for
     * the roaming TTL: evidence of being abroad from before it belongs to a stay that is over,
     * however late it is read.
     */
    private transient ValueState<Long> lastReturnState;

    /**
     * When the latest home grace ends (processing time): an earlier return's timer, firing during a
     * later return's grace (back, off again, back within the grace), must not end it.
     */
    private transient ValueState<Long> graceEndState;

    private transient ListState<ScreenedCall> heldCallsState;

    /**
     * While calls are held: when the next look at the watermark is due (a processing-time timer),
     * and the watermark as it stood when that look was scheduled.
     */
    private transient ValueState<Long> quietCheckState;

    private transient ValueState<Long> watermarkAtCheckState;

    public SpoofingDetector(Duration roamingTtl, Duration homeGrace, Duration liveHorizon) {
        this.roamingTtl = positive("roaming TTL", roamingTtl);
        this.homeGrace = positive("home grace", homeGrace);
        this.liveHorizon = positive("live horizon", liveHorizon);
    }

    @Override
    public void open(OpenContext openContext) {
        // The status and its newest change live and expire together.
        StateTtlConfig roamingLife =
                StateTtlConfig.newBuilder(roamingTtl)
                        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                        .cleanupInRocksdbCompactFilter(StateExpiry.ENTRIES_PER_CLOCK_READ)
                        .build();
        ValueStateDescriptor<RoamingStatus> roaming =
                new ValueStateDescriptor<>(
                        "roamingStatus", TypeInformation.of(RoamingStatus.class));
        roaming.enableTimeToLive(roamingLife);
        roamingState = getRuntimeContext().getState(roaming);
        ValueStateDescriptor<Long> newest =
                new ValueStateDescriptor<>("newestRoamingChange", Types.LONG);
        newest.enableTimeToLive(roamingLife);
        newestChangeState = getRuntimeContext().getState(newest);
        ValueStateDescriptor<Long> lastReturn =
                new ValueStateDescriptor<>("lastRoamingReturn", Types.LONG);
        lastReturn.enableTimeToLive(roamingLife);
        lastReturnState = getRuntimeContext().getState(lastReturn);
        ValueStateDescriptor<Long> graceEnd =
                new ValueStateDescriptor<>("homeGraceEnd", Types.LONG);
        graceEnd.enableTimeToLive(roamingLife);
        graceEndState = getRuntimeContext().getState(graceEnd);
        heldCallsState =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "heldCalls", TypeInformation.of(ScreenedCall.class)));
        quietCheckState =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("heldQuietCheck", Types.LONG));
        watermarkAtCheckState =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("heldWatermarkAtCheck", Types.LONG));
    }

    @Override
    public void processElement1(ScreenedCall call, Context ctx, Collector<CallerSignal> out)
            throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        boolean backlog = call.startTime() < now - liveHorizon.toMillis();
        if (backlog && call.startTime() > ctx.timerService().currentWatermark()) {
            heldCallsState.add(call);
            ctx.timerService().registerEventTimeTimer(call.startTime());
            if (quietCheckState.value() == null) {
                scheduleQuietCheck(ctx.timerService());
            }
            return;
        }
        out.collect(decision(call, assess(call), now));
    }

    @Override
    public void processElement2(RoamingChange change, Context ctx, Collector<CallerSignal> out)
            throws Exception {
        long at = change.eventTime();
        RoamingStatus status = roamingState.value();
        Long returned = lastReturnState.value();
        if (status == null) {
            if (change.abroad() && (returned == null || at >= returned)) {
                roamingState.update(new RoamingStatus(true, at));
                newestChangeState.update(at);
            } else if (change.exit() && (returned == null || at > returned)) {
                // A traveller the job had no news of (they left before its data began, or the
                // stay's evidence is still unread): only the return is kept.
                lastReturnState.update(at);
            }
            // Otherwise home, as the job takes anyone it has no news of: nothing to keep.
            return;
        }
        long lastReturn =
                returned != null ? returned : status.abroad() ? Long.MIN_VALUE : status.since();
        Long newestOrNull = newestChangeState.value();
        long newest = newestOrNull != null ? newestOrNull : status.since();
        if (change.abroad()) {
            if (at < lastReturn) {
                return; // from a stay that is over
            }
            // Still abroad: the stay began at the earliest evidence of it; this one may have been
            // read after later ones. Abroad again after a return: a new stay.
            long since = status.abroad() ? Math.min(status.since(), at) : at;
            roamingState.update(new RoamingStatus(true, since));
            newestChangeState.update(Math.max(newest, at));
            return;
        }
        if (at <= lastReturn) {
            return;
        }
        lastReturnState.update(at);
        if (!status.abroad()) {
            // Home already: the status keeps the return that ended the stay.
            return;
        }
        if (at >= newest) {
            roamingState.update(new RoamingStatus(false, at));
            newestChangeState.update(at);
            long graceEnd = ctx.timerService().currentProcessingTime() + homeGrace.toMillis();
            graceEndState.update(graceEnd);
            ctx.timerService().registerProcessingTimeTimer(graceEnd);
        } else if (status.since() < at) {
            // A return read after evidence of a later stay: that stay began after it. When is not
            // known; the newest evidence of it is the earliest sure.
            roamingState.update(new RoamingStatus(true, newest));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CallerSignal> out)
            throws Exception {
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
            decideHeldCalls(timestamp, ctx, out);
            return;
        }
        Long quietCheck = quietCheckState.value();
        if (quietCheck != null && quietCheck == timestamp) {
            // (A home grace ending on the very same millisecond shares this timer: its status
            // then stays until the roaming TTL, so a call placed before the return but screened
            // days later is still allowed. Rare enough to leave; a separate timer would fix it.)
            decideHeldCallsIfQuiet(ctx, out);
            return;
        }
        // Any other processing-time timer ends a home grace: the latest one's, not an earlier
        // return's (state restored from before the grace's end was kept has none: it ends).
        Long graceEnd = graceEndState.value();
        if (graceEnd != null && timestamp < graceEnd) {
            return;
        }
        graceEndState.clear();
        RoamingStatus status = roamingState.value();
        if (status != null && !status.abroad()) {
            // The return itself stays (lastReturnState, until its TTL), against late evidence.
            roamingState.clear();
            newestChangeState.clear();
        }
    }

    /** Decides the held calls that started at or before the watermark, keeps the rest. */
    private void decideHeldCalls(long watermark, OnTimerContext ctx, Collector<CallerSignal> out)
            throws Exception {
        List<ScreenedCall> stillHeld = new ArrayList<>();
        long now = ctx.timerService().currentProcessingTime();
        for (ScreenedCall call : heldCallsState.get()) {
            if (call.startTime() <= watermark) {
                out.collect(decision(call, assess(call), now));
            } else {
                stillHeld.add(call);
            }
        }
        heldCallsState.update(stillHeld);
        if (stillHeld.isEmpty()) {
            endQuietChecks(ctx.timerService());
        }
    }

    /**
     * Decides every held call if the watermark has not moved since the last look, {@link
     * #QUIET_INPUTS} ago; otherwise looks again after as long.
     */
    private void decideHeldCallsIfQuiet(OnTimerContext ctx, Collector<CallerSignal> out)
            throws Exception {
        Long watermarkBefore = watermarkAtCheckState.value();
        quietCheckState.clear();
        watermarkAtCheckState.clear();
        long watermark = ctx.timerService().currentWatermark();
        // Only a watermark that stood exactly still is quiet. A lower one is a restored job (the
        // watermark is not in checkpoints and restarts at the start of time) or one not yet
        // caught up after a pause: its backlog is still to be read.
        if (watermarkBefore == null
                || watermark != watermarkBefore
                || watermark == Long.MIN_VALUE) {
            scheduleQuietCheck(ctx.timerService());
            return;
        }
        long now = ctx.timerService().currentProcessingTime();
        for (ScreenedCall call : heldCallsState.get()) {
            out.collect(decision(call, assess(call), now));
        }
        // Their event-time timers stay and find nothing held.
        heldCallsState.clear();
    }

    private void scheduleQuietCheck(TimerService timers) throws Exception {
        long at = timers.currentProcessingTime() + QUIET_INPUTS.toMillis();
        timers.registerProcessingTimeTimer(at);
        quietCheckState.update(at);
        watermarkAtCheckState.update(timers.currentWatermark());
    }

    private void endQuietChecks(TimerService timers) throws Exception {
        Long quietCheck = quietCheckState.value();
        if (quietCheck != null) {
            timers.deleteProcessingTimeTimer(quietCheck);
            quietCheckState.clear();
            watermarkAtCheckState.clear();
        }
    }

    private CallerIdAssessment assess(ScreenedCall call) throws Exception {
        return CallerIdCheck.assess(
                call.callerCategory(), call.ingress(), abroadAt(roamingState.value(), call));
    }

    /**
     * Whether the owner was abroad when the call started. Only the latest change is kept, so before
     * it the owner is taken to have been in the other place: home before a departure (a backlog
     * read its network events ahead of its calls), abroad before a return.
     */
    static boolean abroadAt(RoamingStatus status, ScreenedCall call) {
        if (status == null) {
            return false;
        }
        if (status.abroad()) {
            // A phone registers abroad when it lands; the network's clock and the switch's may
            // disagree by a little.
            return call.startTime() >= status.since() - REGISTRATION_SLACK.toMillis();
        }
        return call.startTime() < status.since();
    }

    private static CallerSignal decision(
            ScreenedCall call, CallerIdAssessment assessment, long decidedAt) {
        return CallerSignal.ofCall(
                call,
                ImmunityDecision.ofCallerId(
                        call.eventId(),
                        call.callId(),
                        assessment,
                        call.caller(),
                        call.callee(),
                        call.callerCategory(),
                        call.ingress(),
                        call.startTime(),
                        decidedAt));
    }

    private static Duration positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
        return value;
    }
}
