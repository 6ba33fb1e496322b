package io.convergent.common.event;

import io.convergent.common.event.schema.EventSchema;
import io.convergent.common.event.schema.FieldKind;
import io.convergent.common.event.schema.FieldSpec;
import io.convergent.common.topic.Topics;

/**
 * A subscriber complaint from {@code telco.complaints}. There is deliberately no free-text field:
 * people type phone numbers into free text.
 *
 * @param reportedNumber the number complained about (spam and fraud complaints)
 */
public record ComplaintEvent(
        String eventId,
        long eventTime,
        String msisdn,
        ComplaintCategory category,
        Channel channel,
        String reportedNumber)
        implements InputEvent {

    public static final EventSchema<ComplaintEvent> SCHEMA =
            EventSchema.builder(
                            ComplaintEvent.class,
                            Topics.TELCO_COMPLAINTS,
                            "Complaint",
                            "A complaint a subscriber filed, and the number it is about.")
                    .field(CommonFields.EVENT_ID)
                    .field(CommonFields.eventTime("When the complaint was filed."))
                    .field(CommonFields.MSISDN)
                    .field(
                            FieldSpec.requiredEnum(
                                    "category", ComplaintCategory.class, "What it is about."))
                    .field(FieldSpec.requiredEnum("channel", Channel.class, "Where it was filed."))
                    .field(
                            FieldSpec.optional(
                                    "reportedNumber",
                                    FieldKind.SMS_ADDRESS,
                                    "The number complained about."))
                    .discriminator("category")
                    .requiredFor(ComplaintCategory.SPAM_CALL, "reportedNumber")
                    .requiredFor(ComplaintCategory.FRAUD_CALL, "reportedNumber")
                    .requiredFor(ComplaintCategory.SPAM_SMS, "reportedNumber")
                    .key("msisdn")
                    .build();
}
