package io.convergent.common.event;

import io.convergent.common.event.schema.EventSchema;
import io.convergent.common.event.schema.FieldKind;
import io.convergent.common.event.schema.FieldSpec;
import io.convergent.common.topic.Topics;

/**
 * An SMS from {@code telco.sms}. Either end may be a short code and the sender a name (banks and
 * shops send from {@code SBERBANK}-like names): those are kept, pseudonymised, like numbers.
 */
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
                                    FieldKind.SMS_ADDRESS,
                                    "Sender as presented (a number, a short code or a sender"
                                            + " name); may be spoofed."))
                    .field(
                            FieldSpec.required(
                                    "recipientNumber",
                                    FieldKind.SMS_ADDRESS,
                                    "Recipient (a number, or a short code: an SMS to 900)."))
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
