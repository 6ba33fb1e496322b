package io.convergent.common.event;

import io.convergent.common.event.schema.EventSchema;
import io.convergent.common.event.schema.FieldKind;
import io.convergent.common.event.schema.FieldSpec;
import io.convergent.common.topic.Topics;

/** An SMS from {@code telco.sms}. */
public record SmsEvent(
        String eventId,
        long eventTime,
        String senderNumber,
        String recipientNumber,
        Ingress ingress,
        int segments,
        String cellId)
        implements InputEvent {

    public static final EventSchema<SmsEvent> SCHEMA =
            EventSchema.builder(
                            SmsEvent.class,
                            Topics.TELCO_SMS,
                            "SMS",
                            "One short message as the SMSC recorded it.")
                    .field(CommonFields.EVENT_ID)
                    .field(CommonFields.eventTime("Submission time."))
                    .field(
                            FieldSpec.required(
                                    "senderNumber",
                                    FieldKind.PHONE,
                                    "Sender as presented; may be spoofed."))
                    .field(FieldSpec.required("recipientNumber", FieldKind.PHONE, "Recipient."))
                    .field(
                            FieldSpec.requiredEnum(
                                    "ingress", Ingress.class, "Where the SMS entered our network."))
                    .field(
                            FieldSpec.required(
                                            "segments",
                                            FieldKind.INT,
                                            "Concatenated message parts.")
                                    .withRange(1, 255))
                    .field(CommonFields.CELL_ID)
                    .key("senderNumber")
                    .build();
}
