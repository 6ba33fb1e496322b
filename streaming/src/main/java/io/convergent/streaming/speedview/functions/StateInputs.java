package io.convergent.streaming.speedview.functions;

import io.convergent.common.event.CallEvent;
import io.convergent.common.event.InputEvent;
import io.convergent.common.event.InputTopics;
import io.convergent.common.event.NetworkEvent;
import io.convergent.common.event.SmsEvent;
import io.convergent.common.identity.ServiceAddresses;
import io.convergent.streaming.lake.EventRowConverter;
import io.convergent.streaming.speedview.StateInput;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;

/**
 * A call, SMS or network row as the state inputs of each subscriber it concerns: both parties of a
 * call or an SMS (the other party's number is how a stranger is told from a contact), the one
 * subscriber of a network event.
 */
public final class StateInputs extends RichFlatMapFunction<RowData, StateInput> {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private transient EventRowConverter<?> converter;

    public StateInputs(String topic) {
        this.topic = Objects.requireNonNull(topic, "topic");
    }

    @Override
    public void open(OpenContext openContext) {
        converter = new EventRowConverter<>(InputTopics.byName(topic).orElseThrow().schema());
    }

    @Override
    public void flatMap(RowData row, Collector<StateInput> out) {
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
        }
    }

    /** Whether rows of input topic {@code topic} can change any subscriber's state. */
    public static boolean concerns(String topic) {
        return topic.equals(io.convergent.common.topic.Topics.TELCO_CALLS)
                || topic.equals(io.convergent.common.topic.Topics.TELCO_SMS)
                || topic.equals(io.convergent.common.topic.Topics.TELCO_NETWORK);
    }
}
