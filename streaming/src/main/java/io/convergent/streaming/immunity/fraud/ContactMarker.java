package io.convergent.streaming.immunity.fraud;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by subscriber: remembers every call's other party, and passes on only what a fraud pattern
 * can use. A received call goes on only when it is long and from a number the subscriber had not
 * been in touch with lately (neither way, among its last {@value RecentContacts#SIZE} contacts),
 * marked so; placed calls only feed the memory; every other event passes through. Calls are most of
 * the traffic, and every event the CEP operators see is buffered in their state until the watermark
 * passes it: filtering here keeps them to the few events that matter. The memory of a subscriber
 * silent for {@code ttl} is dropped by the state backend.
 */
public final class ContactMarker
        extends KeyedProcessFunction<String, SubscriberEvent, SubscriberEvent> {

    private static final long serialVersionUID = 1L;

    private final Duration ttl;

    private transient ValueState<RecentContacts> contactsState;

    public ContactMarker(Duration ttl) {
        this.ttl = ttl;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<RecentContacts> descriptor =
                new ValueStateDescriptor<>(
                        "recentContacts", TypeInformation.of(RecentContacts.class));
        descriptor.enableTimeToLive(
                StateTtlConfig.newBuilder(ttl)
                        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                        .cleanupInRocksdbCompactFilter(1000)
                        .build());
        contactsState = getRuntimeContext().getState(descriptor);
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
        if (event.counterpart() == null) {
            // A withheld caller: a stranger by definition, and nobody to remember.
            if (event.is(SubscriberEvent.Kind.INBOUND_CALL)
                    && event.durationMillis() >= FraudPatterns.LONG_CALL_MILLIS) {
                out.collect(event.withUnknownCounterpart(true));
            }
            return;
        }
        RecentContacts contacts = contactsState.value();
        if (contacts == null) {
            contacts = new RecentContacts();
        }
        if (event.is(SubscriberEvent.Kind.INBOUND_CALL)
                && event.durationMillis() >= FraudPatterns.LONG_CALL_MILLIS
                && !contacts.contains(event.counterpart())) {
            out.collect(event.withUnknownCounterpart(true));
        }
        contacts.add(event.counterpart());
        contactsState.update(contacts);
    }
}
