package io.convergent.common.event;

/** Kinds of event on the telco.network topic. */
public enum NetworkEventType {
    LOCATION_UPDATE,
    ROAMING_ENTRY,
    ROAMING_EXIT,
    SIM_SWAP,
    DEVICE_CHANGE,
    CALL_FORWARDING_ON,
    CALL_FORWARDING_OFF,
    PORT_OUT_REQUEST,
    /**
     * A call of the subscriber's was answered and is still going on: the switch's call-control
     * signal, sent long before the call's record (which comes at release). It is what lets the
     * platform tell a bank, while a transfer is being made, that its customer is on a call.
     */
    CALL_ANSWERED
}
