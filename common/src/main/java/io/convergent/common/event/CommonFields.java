package io.convergent.common.event;

import io.convergent.common.event.schema.FieldKind;
import io.convergent.common.event.schema.FieldSpec;

/** Fields that several event schemas share, declared once. */
final class CommonFields {

    static final FieldSpec EVENT_ID =
            FieldSpec.required(
                    "eventId",
                    FieldKind.EVENT_ID,
                    "Unique within the topic and stable across redelivery; the ingest deduplicates"
                            + " on it.");

    static final FieldSpec CELL_ID =
            FieldSpec.optional("cellId", FieldKind.TEXT, "Serving cell (ECGI/NCGI) when known.")
                    .withRange(0, 32);

    static final FieldSpec CURRENCY =
            FieldSpec.required("currency", FieldKind.CURRENCY, "ISO 4217 currency code.");

    static final FieldSpec MSISDN =
            FieldSpec.required("msisdn", FieldKind.PHONE, "The subscriber's phone number.");

    static final FieldSpec CUSTOMER_ID =
            FieldSpec.required("customerId", FieldKind.CUSTOMER_ID, "The bank's customer number.");

    static final FieldSpec BANK_MSISDN =
            FieldSpec.required(
                    "msisdn",
                    FieldKind.PHONE,
                    "The customer's registered phone number: the join key with telco events.");

    private CommonFields() {}

    static FieldSpec eventTime(String meaning) {
        return FieldSpec.required("eventTime", FieldKind.TIMESTAMP, meaning);
    }
}
