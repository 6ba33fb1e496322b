package io.convergent.streaming.speedview;

import io.convergent.common.event.CallEvent;
import io.convergent.common.event.DataSessionEvent;
import io.convergent.common.event.InputEvent;
import io.convergent.common.event.NetworkEvent;
import io.convergent.common.event.SmsEvent;

/**
 * An event that can change a subscriber's state, addressed to one subscriber (a call reaches the
 * state of both its parties). One of the event fields is set. A Flink POJO: an interface-typed
 * field would fall back to Kryo.
 */
public final class StateInput {

    public String subscriber;
    public CallEvent call;
    public SmsEvent sms;
    public NetworkEvent network;
    public DataSessionEvent dataSession;

    public StateInput() {}

    public StateInput(String subscriber, InputEvent event) {
        this.subscriber = subscriber;
        if (event instanceof CallEvent c) {
            call = c;
        } else if (event instanceof SmsEvent s) {
            sms = s;
        } else if (event instanceof NetworkEvent n) {
            network = n;
        } else if (event instanceof DataSessionEvent d) {
            dataSession = d;
        } else {
            throw new IllegalArgumentException(
                    "no subscriber state follows from a " + event.getClass().getSimpleName());
        }
    }

    public InputEvent event() {
        if (call != null) {
            return call;
        }
        if (sms != null) {
            return sms;
        }
        return network != null ? network : dataSession;
    }
}
