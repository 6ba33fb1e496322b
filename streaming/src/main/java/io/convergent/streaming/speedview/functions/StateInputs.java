package io.convergent.streaming.speedview.functions;

import io.convergent.common.event.CallEvent;
import io.convergent.common.event.DataSessionEvent;
import io.convergent.common.event.InputEvent;
import io.convergent.common.event.InputTopics;
import io.convergent.common.event.NetworkEvent;
import io.convergent.common.event.SmsEvent;
import io.convergent.common.event.schema.EventSchema;
import io.convergent.common.event.schema.FieldSpec;
import io.convergent.common.identity.ServiceAddresses;
import io.convergent.common.immunity.ImmunityRules;
import io.convergent.common.roaming.RoamingEvidence;
import io.convergent.common.topic.Topics;
import io.convergent.streaming.lake.EventRowConverter;
import io.convergent.streaming.speedview.StateInput;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;

/**
 * A call, SMS, network or data-session row as the state inputs of each subscriber it concerns: both
 * parties of a call or an SMS (the other party's number is how a stranger is told from a contact),
 * the one subscriber of a network event, and of a data session in a foreign network (the evidence
 * of roaming it is; a session at home says nothing, and is dropped before it is read).
 */
public final class StateInputs extends RichFlatMapFunction<RowData, StateInput> {

    private static final long serialVersionUID = 1L;

    private static final int HOME_MCC = ImmunityRules.standard().homeMcc();

    private final String topic;
    private transient EventRowConverter<?> converter;

    /** Where a data-session row holds the visited network, or -1 for rows of other topics. */
    private transient int visitedMccPosition;

    public StateInputs(String topic) {
        this.topic = Objects.requireNonNull(topic, "topic");
    }

    @Override
    public void open(OpenContext openContext) {
        EventSchema<?> schema = InputTopics.byName(topic).orElseThrow().schema();
        converter = new EventRowConverter<>(schema);
        visitedMccPosition = -1;
        if (topic.equals(Topics.TELCO_DATA)) {
            List<FieldSpec> fields = schema.fields();
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).name().equals(DataSessionEvent.VISITED_MCC)) {
                    visitedMccPosition = i;
                }
            }
        }
    }

    @Override
    public void flatMap(RowData row, Collector<StateInput> out) {
        if (visitedMccPosition >= 0 && row.isNullAt(visitedMccPosition)) {
            return; // a data session at home: most of them
        }
        InputEvent event = (InputEvent) converter.fromRow(row);
        // A short number or sender name (svc:…) keeps no state: it is no subscriber, and a bank's
        // would gather all its traffic on one key.
        if (event instanceof CallEvent call) {
            if (call.callingNumber() != null
                    && !ServiceAddresses.isServiceAddress(call.callingNumber())) {
                out.collect(new StateInput(call.callingNumber(), call));
            }
            if (!ServiceAddresses.isServiceAddress(call.calledNumber())) {
                out.collect(new StateInput(call.calledNumber(), call));
            }
        } else if (event instanceof SmsEvent sms) {
            if (!ServiceAddresses.isServiceAddress(sms.senderNumber())) {
                out.collect(new StateInput(sms.senderNumber(), sms));
            }
        } else if (event instanceof NetworkEvent network) {
            out.collect(new StateInput(network.msisdn(), network));
        } else if (event instanceof DataSessionEvent session
                && RoamingEvidence.abroad(session, HOME_MCC)) {
            out.collect(new StateInput(session.msisdn(), session));
        }
    }

    /** Whether rows of input topic {@code topic} can change any subscriber's state. */
    public static boolean concerns(String topic) {
        return topic.equals(Topics.TELCO_CALLS)
                || topic.equals(Topics.TELCO_SMS)
                || topic.equals(Topics.TELCO_NETWORK)
                || topic.equals(Topics.TELCO_DATA);
    }
}
