package io.convergent.common.event;

import io.convergent.common.event.schema.EventRule;
import io.convergent.common.event.schema.EventSchema;
import io.convergent.common.event.schema.FieldKind;
import io.convergent.common.event.schema.FieldSpec;
import io.convergent.common.topic.Topics;

/**
 * A call detail record from {@code telco.calls}: one call attempt, answered or not.
 *
 * @param callingNumber {@code null} when the caller withheld the number and the network did not
 *     deliver it
 * @param answerTime {@code null} for an unanswered attempt
 * @param callingImsi the A-side SIM when the call originated on our radio network
 */
public record CallEvent(
        String eventId,
        long eventTime,
        String callId,
        String callingNumber,
        String calledNumber,
        Ingress ingress,
        long startTime,
        Long answerTime,
        long endTime,
        ReleaseCause releaseCause,
        String callingImsi,
        String cellId)
        implements InputEvent {

    public static final EventSchema<CallEvent> SCHEMA =
            EventSchema.builder(
                            CallEvent.class,
                            Topics.TELCO_CALLS,
                            "Call detail record",
                            "One call attempt as the switch recorded it: A-number as presented,"
                                    + " B-number, how it reached us, and its timing.")
                    .field(CommonFields.EVENT_ID)
                    .field(CommonFields.eventTime("Call setup time."))
                    .field(
                            FieldSpec.required("callId", FieldKind.TEXT, "Switch call reference.")
                                    .withRange(1, 64))
                    .field(
                            FieldSpec.optional(
                                    "callingNumber",
                                    FieldKind.PHONE_OR_SHORT_CODE,
                                    "A-number as presented (the CLI the callee sees); may be"
                                            + " spoofed. Absent when the caller withheld it and"
                                            + " the network did not deliver it."))
                    .field(
                            FieldSpec.required(
                                    "calledNumber",
                                    FieldKind.PHONE_OR_SHORT_CODE,
                                    "B-number: a number, or a short one (112, 900)."))
                    .field(
                            FieldSpec.requiredEnum(
                                    "ingress",
                                    Ingress.class,
                                    "Where the call entered our network."))
                    .field(FieldSpec.required("startTime", FieldKind.TIMESTAMP, "Call setup."))
                    .field(
                            FieldSpec.optional(
                                    "answerTime",
                                    FieldKind.TIMESTAMP,
                                    "Answer; absent for an unanswered attempt."))
                    .field(FieldSpec.required("endTime", FieldKind.TIMESTAMP, "Release."))
                    .field(
                            FieldSpec.requiredEnum(
                                    "releaseCause", ReleaseCause.class, "Why the call ended."))
                    .field(
                            FieldSpec.optional(
                                    "callingImsi",
                                    FieldKind.IMSI,
                                    "A-side SIM, when the call originated on our radio network."))
                    .field(CommonFields.CELL_ID)
                    .key("callingNumber")
                    .rule(
                            "endTime is not before startTime.",
                            EventRule.notBefore(
                                    "endTime",
                                    CallEvent::endTime,
                                    "startTime",
                                    CallEvent::startTime))
                    .rule(
                            "answerTime lies between startTime and endTime.",
                            EventRule.<CallEvent>notBefore(
                                            "answerTime",
                                            CallEvent::answerTime,
                                            "startTime",
                                            CallEvent::startTime)
                                    .andThen(
                                            EventRule.notBefore(
                                                    "endTime",
                                                    CallEvent::endTime,
                                                    "answerTime",
                                                    CallEvent::answerTime)))
                    .build();

    /** Talk time in milliseconds; zero when unanswered. */
    public long talkMillis() {
        return answerTime == null ? 0 : endTime - answerTime;
    }

    public boolean answered() {
        return answerTime != null;
    }
}
