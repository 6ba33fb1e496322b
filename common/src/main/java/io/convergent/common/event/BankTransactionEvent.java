package io.convergent.common.event;

import io.convergent.common.event.schema.EventSchema;
import io.convergent.common.event.schema.FieldKind;
import io.convergent.common.event.schema.FieldSpec;
import io.convergent.common.topic.Topics;

/**
 * A card payment or a transfer from {@code bank.transactions}. A transfer's event id is the id the
 * bank uses when it asks for a hold-or-allow decision.
 *
 * @param beneficiaryNew whether the customer never paid this beneficiary before
 */
public record BankTransactionEvent(
        String eventId,
        long eventTime,
        BankTransactionType type,
        String customerId,
        String msisdn,
        String accountNumber,
        long amountMinor,
        String currency,
        Channel channel,
        String cardNumber,
        Integer merchantCategoryCode,
        String beneficiaryAccount,
        Boolean beneficiaryNew)
        implements InputEvent {

    public static final EventSchema<BankTransactionEvent> SCHEMA =
            EventSchema.builder(
                            BankTransactionEvent.class,
                            Topics.BANK_TRANSACTIONS,
                            "Bank transaction",
                            "A card payment or an outgoing transfer from a customer's account.")
                    .field(CommonFields.EVENT_ID)
                    .field(CommonFields.eventTime("When the bank accepted the transaction."))
                    .field(
                            FieldSpec.requiredEnum(
                                    "type", BankTransactionType.class, "Payment or transfer."))
                    .field(CommonFields.CUSTOMER_ID)
                    .field(CommonFields.BANK_MSISDN)
                    .field(
                            FieldSpec.required(
                                    "accountNumber", FieldKind.ACCOUNT_NUMBER, "Debited account."))
                    .field(
                            FieldSpec.required("amountMinor", FieldKind.AMOUNT, "Amount.")
                                    .withRange(1, 1_000_000_000_000L))
                    .field(CommonFields.CURRENCY)
                    .field(FieldSpec.requiredEnum("channel", Channel.class, "Where it was made."))
                    .field(
                            FieldSpec.optional(
                                    "cardNumber", FieldKind.CARD_NUMBER, "CARD_PAYMENT: the card."))
                    .field(
                            FieldSpec.optional(
                                            "merchantCategoryCode",
                                            FieldKind.INT,
                                            "CARD_PAYMENT: ISO 18245 merchant category.")
                                    .withRange(0, 9999))
                    .field(
                            FieldSpec.optional(
                                    "beneficiaryAccount",
                                    FieldKind.ACCOUNT_NUMBER,
                                    "TRANSFER: the credited account."))
                    .field(
                            FieldSpec.optional(
                                    "beneficiaryNew",
                                    FieldKind.BOOLEAN,
                                    "TRANSFER: true when the customer never paid this"
                                            + " beneficiary before."))
                    .discriminator("type")
                    .requiredFor(
                            BankTransactionType.CARD_PAYMENT, "cardNumber", "merchantCategoryCode")
                    .requiredFor(
                            BankTransactionType.TRANSFER, "beneficiaryAccount", "beneficiaryNew")
                    .key("msisdn")
                    .build();
}
