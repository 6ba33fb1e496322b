package io.convergent.common.event.schema;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON Schema property of each field kind: the published form of the parser's checks. */
final class JsonSchemas {

    static final String E164_PATTERN = "^\\+[1-9][0-9]{4,14}$";
    static final String TOKEN_PATTERN = "^[A-Za-z0-9_.:-]{1,64}$";
    static final String SHORT_CODE_PATTERN = "^[0-9]{2,6}$";
    static final String SENDER_NAME_PATTERN =
            "^(?=.*[A-Za-z])[A-Za-z0-9.&'_-]([A-Za-z0-9 .&'_-]{0,9}[A-Za-z0-9.&'_-])?$";

    private JsonSchemas() {}

    static ObjectNode property(ObjectMapper mapper, FieldSpec field) {
        ObjectNode p = mapper.createObjectNode();
        String description = field.description();
        switch (field.kind()) {
            case EVENT_ID -> p.put("type", "string").put("pattern", TOKEN_PATTERN);
            case TIMESTAMP -> {
                p.put("type", "integer").put("minimum", field.min());
                description += " Epoch milliseconds, UTC; at most a few minutes in the future.";
            }
            case LONG, INT, AMOUNT -> {
                p.put("type", "integer").put("minimum", field.min()).put("maximum", field.max());
                if (field.kind() == FieldKind.AMOUNT) {
                    description += " Minor units (kopecks, cents).";
                }
            }
            case BOOLEAN -> p.put("type", "boolean");
            case ENUM -> {
                p.put("type", "string");
                ArrayNode values = p.putArray("enum");
                for (Enum<?> constant : field.enumType().getEnumConstants()) {
                    values.add(constant.name());
                }
            }
            case TEXT -> p.put("type", "string").put("maxLength", field.max());
            case CURRENCY -> p.put("type", "string").put("pattern", "^[A-Z]{3}$");
            case PHONE -> {
                p.put("type", "string").put("pattern", E164_PATTERN);
                description +=
                        " E.164. Domestic spellings (8 912 345-67-89) are accepted and normalised.";
            }
            case PHONE_OR_SHORT_CODE -> {
                p.put("type", "string")
                        .put("pattern", "(" + E164_PATTERN + ")|(" + SHORT_CODE_PATTERN + ")");
                description +=
                        " E.164, or a short service number of 2-6 digits (112, 900). Domestic"
                                + " spellings (8 912 345-67-89) are accepted and normalised.";
            }
            case SMS_ADDRESS -> {
                p.put("type", "string")
                        .put(
                                "pattern",
                                "("
                                        + E164_PATTERN
                                        + ")|("
                                        + SHORT_CODE_PATTERN
                                        + ")|("
                                        + SENDER_NAME_PATTERN
                                        + ")");
                description +=
                        " E.164, a short code of 2-6 digits (900), or an alphanumeric sender name"
                                + " of up to 11 characters (SBERBANK). Domestic spellings of"
                                + " phone numbers are accepted and normalised.";
            }
            case IMSI -> p.put("type", "string").put("pattern", "^[0-9]{14,15}$");
            case IMEI -> {
                p.put("type", "string").put("pattern", "^[0-9]{14,16}$");
                description += " IMEI (15 digits, Luhn) or IMEISV (16 digits).";
            }
            case CARD_NUMBER -> {
                p.put("type", "string").put("pattern", "^[0-9]{12,19}$");
                description += " Luhn-valid.";
            }
            case ACCOUNT_NUMBER -> p.put("type", "string").put("pattern", "^[A-Za-z0-9 ]{5,40}$");
            case CUSTOMER_ID, DEVICE_ID -> p.put("type", "string").put("pattern", TOKEN_PATTERN);
        }
        if (field.kind().isIdentifier()) {
            description += " Raw identifier: pseudonymised at ingest, never stored.";
        }
        p.put("description", description);
        return p;
    }
}
