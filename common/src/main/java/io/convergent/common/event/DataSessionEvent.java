package io.convergent.common.event;

import io.convergent.common.event.schema.EventRule;
import io.convergent.common.event.schema.EventSchema;
import io.convergent.common.event.schema.FieldKind;
import io.convergent.common.event.schema.FieldSpec;
import io.convergent.common.topic.Topics;

/**
 * A data session record from {@code telco.data}.
 *
 * @param visitedMcc the visited network's country code while roaming, else {@code null}
 */
public record DataSessionEvent(
        String eventId,
        long eventTime,
        String msisdn,
        String imsi,
        long startTime,
        long endTime,
        long bytesUplink,
        long bytesDownlink,
        RadioAccess radioAccess,
        String cellId,
        Integer visitedMcc)
        implements InputEvent {

    private static final long TEN_TERABYTES = 10_000_000_000_000L;

    /** The field naming the foreign network a roaming subscriber's session ran in. */
    public static final String VISITED_MCC = "visitedMcc";

    public static final EventSchema<DataSessionEvent> SCHEMA =
            EventSchema.builder(
                            DataSessionEvent.class,
                            Topics.TELCO_DATA,
                            "Data session",
                            "One data session (or an interim record of a long one) from the"
                                    + " packet core.")
                    .field(CommonFields.EVENT_ID)
                    .field(CommonFields.eventTime("When the record was closed."))
                    .field(CommonFields.MSISDN)
                    .field(FieldSpec.optional("imsi", FieldKind.IMSI, "The SIM in use."))
                    .field(FieldSpec.required("startTime", FieldKind.TIMESTAMP, "Session start."))
                    .field(FieldSpec.required("endTime", FieldKind.TIMESTAMP, "Session end."))
                    .field(
                            FieldSpec.required("bytesUplink", FieldKind.LONG, "Bytes sent.")
                                    .withRange(0, TEN_TERABYTES))
                    .field(
                            FieldSpec.required("bytesDownlink", FieldKind.LONG, "Bytes received.")
                                    .withRange(0, TEN_TERABYTES))
                    .field(
                            FieldSpec.requiredEnum(
                                    "radioAccess", RadioAccess.class, "Radio access technology."))
                    .field(CommonFields.CELL_ID)
                    .field(
                            FieldSpec.optional(
                                            VISITED_MCC,
                                            FieldKind.INT,
                                            "Visited network's mobile country code when"
                                                    + " roaming.")
                                    .withRange(1, 999))
                    .key("msisdn")
                    .rule(
                            "endTime is not before startTime.",
                            EventRule.notBefore(
                                    "endTime",
                                    DataSessionEvent::endTime,
                                    "startTime",
                                    DataSessionEvent::startTime))
                    .build();
}
