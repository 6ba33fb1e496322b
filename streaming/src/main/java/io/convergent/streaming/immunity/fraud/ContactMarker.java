package io.convergent.streaming.immunity.fraud;

import io.convergent.streaming.runtime.StateExpiry;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by subscriber: remembers every call's other party, and passes on only what a fraud pattern
 * can use. A received call goes on only when it is long and from a number the subscriber had not
 * been in touch with lately (neither way, among its last {@value #REMEMBERED} distinct contacts),
 * marked so; placed calls only feed the memory; every other event passes through. Calls are most of
 * the traffic, and every event the CEP operators see is buffered in their state until the watermark
 * passes it: filtering here keeps them to the few events that matter. The memory of a subscriber
 * silent for {@code ttl} is dropped by the state backend.
 *
 * <p>The memory is a log that a call appends to without reading it ({@link ContactLog}): only a
 * long received call, the one question asked of it, reads it. When it was a set read and rewritten
 * on every call, that read was a fifth of the immunity job's CPU at 20,000 calls/s, nearly all of
 * it for short calls nobody asked about (docs/BENCHMARKS.md). A read rewrites the log to the
 * contacts it means, and so does one write in {@value #REWRITE_ONE_WRITE_IN}, so a log only ever
 * written (a subscriber who places calls all day) stays a few dozen entries long. Each entry
 * expires {@code ttl} after it was written, and a rewrite writes the remembered ones again: the
 * memory is the last {@value #REMEMBERED} distinct contacts of the last {@code ttl} (the set before
 * it was kept whole for {@code ttl} after the subscriber's last call).
 */
public final class ContactMarker
        extends KeyedProcessFunction<String, SubscriberEvent, SubscriberEvent> {

    private static final long serialVersionUID = 1L;

    /** How many distinct contacts the memory holds per subscriber. */
    static final int REMEMBERED = RecentContacts.SIZE;

    /**
     * One write in this many (by event id, so a replay does the same) rewrites the log. A read
     * gathers the log's appends from every level of RocksDB, so it costs many appends: at one in 32
     * these reads were a third of the contact memory's CPU, and one in 128 took ~2 % of the job's
     * CPU samples off (one profiled run each). But the log is what the state holds: ~48 entries of
     * 13 bytes on average at one in 32, ~96 at one in 128, against ~150 bytes for the earlier set.
     * The smaller state wins: restores, checkpoints and the disk grow with it.
     */
    static final int REWRITE_ONE_WRITE_IN = 1 << 5;

    private final Duration ttl;

    private transient ListState<Integer> contactLog;

    /**
     * The memory as builds before the log kept it (a set rewritten on every call): still consulted,
     * never written, so an upgraded job knows its subscribers' contacts until they expire by TTL.
     */
    private transient ValueState<RecentContacts> earlierMemory;

    public ContactMarker(Duration ttl) {
        this.ttl = ttl;
    }

    @Override
    public void open(OpenContext openContext) {
        contactLog = getRuntimeContext().getListState(logDescriptor(ttl));
        earlierMemory = getRuntimeContext().getState(earlierMemoryDescriptor(ttl));
    }

    /** The log's state, each entry kept for {@code ttl} from its write. */
    static ListStateDescriptor<Integer> logDescriptor(Duration ttl) {
        ListStateDescriptor<Integer> log = new ListStateDescriptor<>("contactLog", Types.INT);
        log.enableTimeToLive(expiry(ttl));
        return log;
    }

    /** The earlier builds' memory, under the name and type they checkpointed it with. */
    static ValueStateDescriptor<RecentContacts> earlierMemoryDescriptor(Duration ttl) {
        ValueStateDescriptor<RecentContacts> earlier =
                new ValueStateDescriptor<>(
                        "recentContacts", TypeInformation.of(RecentContacts.class));
        earlier.enableTimeToLive(expiry(ttl));
        return earlier;
    }

    private static StateTtlConfig expiry(Duration ttl) {
        return StateTtlConfig.newBuilder(ttl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .cleanupInRocksdbCompactFilter(StateExpiry.ENTRIES_PER_CLOCK_READ)
                .build();
    }

    @Override
    public void processElement(SubscriberEvent event, Context ctx, Collector<SubscriberEvent> out)
            throws Exception {
        boolean call =
                event.is(SubscriberEvent.Kind.INBOUND_CALL)
                        || event.is(SubscriberEvent.Kind.OUTBOUND_CALL);
        if (!call) {
            out.collect(event);
            return;
        }
        boolean longReceived =
                event.is(SubscriberEvent.Kind.INBOUND_CALL)
                        && event.durationMillis() >= FraudPatterns.LONG_CALL_MILLIS;
        if (event.counterpart() == null) {
            // A withheld caller: a stranger by definition, and nobody to remember.
            if (longReceived) {
                out.collect(event.withUnknownCounterpart(true));
            }
            return;
        }
        int contact = ContactLog.hashOf(event.counterpart());
        if (!longReceived && !rewriteDue(event)) {
            contactLog.add(contact);
            return;
        }
        int[] remembered = ContactLog.lastDistinct(contactLog.get(), REMEMBERED);
        if (longReceived
                && !ContactLog.contains(remembered, contact)
                && !inEarlierMemory(event.counterpart())) {
            out.collect(event.withUnknownCounterpart(true));
        }
        contactLog.update(ContactLog.withLatest(remembered, contact, REMEMBERED));
    }

    private static boolean rewriteDue(SubscriberEvent event) {
        // Mixed first: a string's hash of sequential ids ("call-1041", "call-1042") changes by the
        // last digit's value, and modulo 32 such ids would skip a rewrite for hundreds of calls.
        int mixed = event.eventId().hashCode(); // murmur3's finaliser: every bit moves every bit
        mixed = (mixed ^ (mixed >>> 16)) * 0x85EBCA6B;
        mixed = (mixed ^ (mixed >>> 13)) * 0xC2B2AE35;
        mixed ^= mixed >>> 16;
        return Integer.remainderUnsigned(mixed, REWRITE_ONE_WRITE_IN) == 0;
    }

    private boolean inEarlierMemory(String counterpart) throws java.io.IOException {
        RecentContacts earlier = earlierMemory.value();
        return earlier != null && earlier.contains(counterpart);
    }
}
