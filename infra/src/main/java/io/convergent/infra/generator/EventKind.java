package io.convergent.infra.generator;

/**
 * Kinds of planned entry. The high-volume everyday events are planned as a kind and a time only and
 * made into records just before they are written ({@link EventMaterialiser}); everything else is
 * planned as a finished record ({@link #PREBUILT}).
 */
final class EventKind {

    static final byte PREBUILT = 0;
    static final byte CALL_OUT = 1;
    static final byte CALL_IN = 2;
    static final byte SMS_OUT = 3;
    static final byte SMS_IN = 4;
    static final byte DATA_SESSION = 5;
    static final byte LOCATION_UPDATE = 6;
    static final byte CARD_PAYMENT = 7;
    static final byte LOGIN = 8;

    private EventKind() {}
}
