package io.convergent.common.event;

import io.convergent.common.event.schema.EventSchema;
import io.convergent.common.event.schema.FieldKind;
import io.convergent.common.event.schema.FieldSpec;
import io.convergent.common.topic.Topics;

/**
 * An online-banking session event from {@code bank.sessions}.
 *
 * @param newDevice whether the bank had never seen this device for this customer
 */
public record BankSessionEvent(
        String eventId,
        long eventTime,
        BankSessionType type,
        String customerId,
        String msisdn,
        String deviceId,
        boolean newDevice,
        Channel channel)
        implements InputEvent {

    public static final EventSchema<BankSessionEvent> SCHEMA =
            EventSchema.builder(
                            BankSessionEvent.class,
                            Topics.BANK_SESSIONS,
                            "Bank session",
                            "A login, failed login or logout in online banking.")
                    .field(CommonFields.EVENT_ID)
                    .field(CommonFields.eventTime("When it happened."))
                    .field(FieldSpec.requiredEnum("type", BankSessionType.class, "What happened."))
                    .field(CommonFields.CUSTOMER_ID)
                    .field(CommonFields.BANK_MSISDN)
                    .field(
                            FieldSpec.required(
                                    "deviceId",
                                    FieldKind.DEVICE_ID,
                                    "The bank's device fingerprint."))
                    .field(
                            FieldSpec.required(
                                    "newDevice",
                                    FieldKind.BOOLEAN,
                                    "True the first time this device is seen for the customer."))
                    .field(
                            FieldSpec.requiredEnum(
                                    "channel", Channel.class, "App, web or call centre."))
                    .discriminator("type")
                    .key("msisdn")
                    .build();
}
