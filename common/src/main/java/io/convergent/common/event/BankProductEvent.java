package io.convergent.common.event;

import io.convergent.common.event.schema.EventSchema;
import io.convergent.common.event.schema.FieldSpec;
import io.convergent.common.topic.Topics;

/** A product opened or closed, from {@code bank.products}. */
public record BankProductEvent(
        String eventId,
        long eventTime,
        BankProductEventType type,
        String customerId,
        String msisdn,
        BankProduct product,
        Channel channel)
        implements InputEvent {

    public static final EventSchema<BankProductEvent> SCHEMA =
            EventSchema.builder(
                            BankProductEvent.class,
                            Topics.BANK_PRODUCTS,
                            "Bank product event",
                            "A customer opened or closed a bank product.")
                    .field(CommonFields.EVENT_ID)
                    .field(CommonFields.eventTime("When the product was opened or closed."))
                    .field(
                            FieldSpec.requiredEnum(
                                    "type", BankProductEventType.class, "Opened or closed."))
                    .field(CommonFields.CUSTOMER_ID)
                    .field(CommonFields.BANK_MSISDN)
                    .field(FieldSpec.requiredEnum("product", BankProduct.class, "Which product."))
                    .field(FieldSpec.optionalEnum("channel", Channel.class, "Where."))
                    .discriminator("type")
                    .key("msisdn")
                    .build();
}
