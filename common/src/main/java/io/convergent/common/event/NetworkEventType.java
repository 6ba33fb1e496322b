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
    PORT_OUT_REQUEST
}
