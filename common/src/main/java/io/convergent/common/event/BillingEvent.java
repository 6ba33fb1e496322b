package io.convergent.common.event;

import io.convergent.common.event.schema.EventSchema;
import io.convergent.common.event.schema.FieldKind;
import io.convergent.common.event.schema.FieldSpec;
import io.convergent.common.topic.Topics;

/**
 * A billing event from {@code telco.billing}: a top-up, a charge, a package purchase or a balance
 * report. Amounts are in minor units of {@link #currency()}.
 *
 * @param balanceMinor the balance after the event, when the billing system reports it
 */
public record BillingEvent(
        String eventId,
        long eventTime,
        BillingEventType type,
        String msisdn,
        Long amountMinor,
        Long balanceMinor,
        String currency,
        BillingProduct product,
        Channel channel)
        implements InputEvent {

    /** Prepaid balances go below zero only by a credit limit; ten million roubles bounds both. */
    private static final long BALANCE_BOUND = 1_000_000_000L;

    public static final EventSchema<BillingEvent> SCHEMA =
            EventSchema.builder(
                            BillingEvent.class,
                            Topics.TELCO_BILLING,
                            "Billing event",
                            "Money moving on a subscriber's mobile account.")
                    .field(CommonFields.EVENT_ID)
                    .field(CommonFields.eventTime("When billing applied the event."))
                    .field(FieldSpec.requiredEnum("type", BillingEventType.class, "What happened."))
                    .field(CommonFields.MSISDN)
                    .field(
                            FieldSpec.optional(
                                            "amountMinor",
                                            FieldKind.AMOUNT,
                                            "Top-up, charge or purchase amount.")
                                    .withRange(0, 100_000_000L))
                    .field(
                            FieldSpec.optional(
                                            "balanceMinor",
                                            FieldKind.AMOUNT,
                                            "Balance after the event.")
                                    .withRange(-BALANCE_BOUND, BALANCE_BOUND))
                    .field(CommonFields.CURRENCY)
                    .field(
                            FieldSpec.optionalEnum(
                                    "product", BillingProduct.class, "What was charged or bought."))
                    .field(
                            FieldSpec.optionalEnum(
                                    "channel",
                                    Channel.class,
                                    "Where a top-up or purchase was made."))
                    .discriminator("type")
                    .requiredFor(BillingEventType.TOP_UP, "amountMinor")
                    .requiredFor(BillingEventType.CHARGE, "amountMinor", "product")
                    .requiredFor(BillingEventType.PACKAGE_PURCHASE, "amountMinor", "product")
                    .requiredFor(BillingEventType.BALANCE, "balanceMinor")
                    .key("msisdn")
                    .build();
}
