package io.convergent.common.event;

import io.convergent.common.event.schema.EventSchema;
import io.convergent.common.event.schema.FieldKind;
import io.convergent.common.event.schema.FieldSpec;
import io.convergent.common.topic.Topics;

/**
 * A mobility or subscription event from {@code telco.network}: location updates, roaming entry and
 * exit, SIM swap, device change, call forwarding on/off, port-out requests, and the answer of a
 * call still in progress. Which optional fields are required depends on {@link #type()}.
 *
 * @param mcc the mobile country code of the network the subscriber is registered in
 * @param counterpartNumber CALL_ANSWERED: the other party, {@code null} when withheld
 * @param incoming CALL_ANSWERED: whether the subscriber received the call rather than placed it
 */
public record NetworkEvent(
        String eventId,
        long eventTime,
        NetworkEventType type,
        String msisdn,
        String imsi,
        String previousImsi,
        String imei,
        String previousImei,
        Integer mcc,
        Integer mnc,
        String cellId,
        String forwardedTo,
        String recipientOperator,
        String counterpartNumber,
        Boolean incoming)
        implements InputEvent {

    /**
     * The switch's signal that {@code msisdn}'s call with {@code counterpartNumber} ({@code null}
     * when withheld) was answered at {@code answeredAt} and is going on.
     */
    public static NetworkEvent callAnswered(
            String eventId,
            long answeredAt,
            String msisdn,
            String counterpartNumber,
            boolean incoming) {
        return new NetworkEvent(
                eventId,
                answeredAt,
                NetworkEventType.CALL_ANSWERED,
                msisdn,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                counterpartNumber,
                incoming);
    }

    public static final EventSchema<NetworkEvent> SCHEMA =
            EventSchema.builder(
                            NetworkEvent.class,
                            Topics.TELCO_NETWORK,
                            "Network event",
                            "Mobility and subscription changes seen by the HLR/HSS, the MSC and"
                                    + " the number portability system, and the MSC's signal that"
                                    + " a call was answered and is in progress.")
                    .field(CommonFields.EVENT_ID)
                    .field(
                            CommonFields.eventTime(
                                    "When the network recorded the change (CALL_ANSWERED: the"
                                            + " answer)."))
                    .field(FieldSpec.requiredEnum("type", NetworkEventType.class, "What happened."))
                    .field(CommonFields.MSISDN)
                    .field(
                            FieldSpec.optional(
                                    "imsi",
                                    FieldKind.IMSI,
                                    "The SIM now behind the number (SIM_SWAP: the new one)."))
                    .field(
                            FieldSpec.optional(
                                    "previousImsi", FieldKind.IMSI, "SIM_SWAP: the SIM replaced."))
                    .field(
                            FieldSpec.optional(
                                    "imei",
                                    FieldKind.IMEI,
                                    "The handset (DEVICE_CHANGE: the new one)."))
                    .field(
                            FieldSpec.optional(
                                    "previousImei",
                                    FieldKind.IMEI,
                                    "DEVICE_CHANGE: the handset replaced."))
                    .field(
                            FieldSpec.optional(
                                            "mcc",
                                            FieldKind.INT,
                                            "Mobile country code of the serving network; a"
                                                    + " foreign one means roaming.")
                                    .withRange(1, 999))
                    .field(
                            FieldSpec.optional(
                                            "mnc",
                                            FieldKind.INT,
                                            "Mobile network code of the serving network.")
                                    .withRange(0, 999))
                    .field(CommonFields.CELL_ID)
                    .field(
                            FieldSpec.optional(
                                    "forwardedTo",
                                    FieldKind.PHONE,
                                    "CALL_FORWARDING_ON: where calls now go."))
                    .field(
                            FieldSpec.optional(
                                            "recipientOperator",
                                            FieldKind.TEXT,
                                            "PORT_OUT_REQUEST: the operator the number moves"
                                                    + " to.")
                                    .withRange(0, 64))
                    .field(
                            FieldSpec.optional(
                                    "counterpartNumber",
                                    FieldKind.PHONE_OR_SHORT_CODE,
                                    "CALL_ANSWERED: the other party of the call, as presented;"
                                            + " absent when withheld."))
                    .field(
                            FieldSpec.optional(
                                    "incoming",
                                    FieldKind.BOOLEAN,
                                    "CALL_ANSWERED: true when the subscriber received the call,"
                                            + " false when they placed it."))
                    .discriminator("type")
                    .requiredFor(NetworkEventType.LOCATION_UPDATE, "mcc")
                    .requiredFor(NetworkEventType.ROAMING_ENTRY, "mcc")
                    .requiredFor(NetworkEventType.SIM_SWAP, "imsi", "previousImsi")
                    .requiredFor(NetworkEventType.DEVICE_CHANGE, "imei")
                    .requiredFor(NetworkEventType.CALL_FORWARDING_ON, "forwardedTo")
                    .requiredFor(NetworkEventType.PORT_OUT_REQUEST, "recipientOperator")
                    .requiredFor(NetworkEventType.CALL_ANSWERED, "incoming")
                    .key("msisdn")
                    .build();
}
