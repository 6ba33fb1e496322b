package io.convergent.common.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.testing.SampleEvents;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PayloadScrubberTest {

    private final PayloadScrubber scrubber = new PayloadScrubber();

    @Test
    void keepsTheShapeAndHarmlessValuesOfAValidEventButNoIdentifier() {
        for (InputEvent event : SampleEvents.oneOfEach()) {
            String topic = InputTopics.of(cast(event)).name();
            String scrubbed = scrubber.scrub(topic, EventParserTest.writeRaw(event));

            assertNoIdentifier(scrubbed);
            assertThat(scrubbed)
                    .contains("\"eventId\":\"" + event.eventId() + "\"")
                    .contains("\"eventTime\":" + event.eventTime());
        }
        String call = scrubber.scrub("telco.calls", EventParserTest.writeRaw(SampleEvents.call()));
        assertThat(call)
                .contains("\"callingNumber\":\"<redacted:msisdn>\"")
                .contains("\"ingress\":\"INTERCONNECT\"");
    }

    @Test
    void everyMalformedCaseOfTheParserTestIsScrubbedOfIdentifiersAndPlantedValues() {
        EventParserTest.malformed()
                .forEach(
                        arguments -> {
                            Object[] a = arguments.get();
                            String scrubbed = scrubber.scrub((String) a[1], (byte[]) a[2]);
                            assertNoIdentifier(scrubbed);
                            for (String injected : EventParserTest.INJECTED_VALUES) {
                                if (injected.chars().filter(Character::isDigit).count() >= 5) {
                                    assertThat(scrubbed).doesNotContain(injected);
                                }
                            }
                            assertThat(scrubbed.length())
                                    .isLessThanOrEqualTo(PayloadScrubber.MAX_SCRUBBED_CHARS + 16);
                        });
    }

    @Test
    void masksNumbersHiddenInMisspeltFieldsWhateverTheirSpelling() {
        String json =
                "{\"eventId\":\"e1\",\"msisdm\":\"+7 (912) 345-67-89\",\"note\":\"call 89123456789\","
                        + "\"imsi_2\":250620000012345,\"senderNumber\":79123456789,\"segments\":3}";
        String scrubbed = scrubber.scrub("telco.sms", json.getBytes(StandardCharsets.UTF_8));

        assertThat(scrubbed)
                .doesNotContain("912")
                .doesNotContain("250620000012345")
                .contains("\"<field>\":\"<redacted:number>\"")
                .contains("\"senderNumber\":\"<redacted:msisdn>\"")
                .contains("\"segments\":3");
    }

    @Test
    void keepsOnlyTheNameOfAFieldTheSchemaDoesNotKnow() {
        String json =
                "{\"eventId\":\"e1\",\"device_id\":\"dev-3fa9c2e1\",\"customer\":\"cust-ab12\","
                        + "\"type\":\"LOGN\"}";
        String scrubbed = scrubber.scrub("bank.sessions", json.getBytes(StandardCharsets.UTF_8));

        assertThat(scrubbed)
                .doesNotContain("3fa9c2e1")
                .doesNotContain("cust-ab12")
                .contains("\"device_id\":\"<redacted:unknown-field>\"")
                // A known field's bad value is what the reason is about: kept.
                .contains("\"type\":\"LOGN\"");
    }

    @Test
    void masksAPhoneOrCardNumberMisplacedInANumericFieldButKeepsTimesAndAmounts() {
        String json =
                "{\"eventId\":\"t1\",\"eventTime\":1790000000000,\"amountMinor\":79123456789,"
                        + "\"beneficiaryBankBic\":1,\"channelCode\":4276380012345679,"
                        + "\"bytesUplink\":9123456789.0}";
        String scrubbed =
                scrubber.scrub("bank.transactions", json.getBytes(StandardCharsets.UTF_8));

        assertThat(scrubbed)
                .contains("\"eventTime\":1790000000000")
                .contains("\"amountMinor\":\"<redacted:number>\"")
                .doesNotContain("79123456789")
                .doesNotContain("4276380012345679");
        String amounts = "{\"eventId\":\"t1\",\"amountMinor\":1500000,\"eventTime\":1790000000000}";
        assertThat(scrubber.scrub("bank.transactions", amounts.getBytes(StandardCharsets.UTF_8)))
                .contains("\"amountMinor\":1500000");
        for (String exponent : new String[] {"7.9123456789E10", "79161234567e-3", "1e-300000000"}) {
            String withExponent = "{\"eventId\":\"t2\",\"amountMinor\":" + exponent + "}";
            assertThat(
                            scrubber.scrub(
                                    "bank.transactions",
                                    withExponent.getBytes(StandardCharsets.UTF_8)))
                    .contains("\"amountMinor\":\"<redacted:number>\"");
        }
        String bytes = "{\"eventId\":\"d1\",\"bytesUplink\":9123456789.0}";
        assertThat(scrubber.scrub("telco.data", bytes.getBytes(StandardCharsets.UTF_8)))
                .doesNotContain("9123456789");
    }

    @Test
    void masksNumbersWrittenWithTheSeparatorsOfCopiedText() {
        String masked =
                PayloadScrubber.redactDigits(
                        "call +7\u00a0912\u00a0345\u201167\u201189, card 4276/3800/1234/5678,"
                                + " account 4081_7810_0999_1000_4312");
        assertThat(masked)
                .doesNotContain("912")
                .doesNotContain("5678")
                .doesNotContain("4312")
                .startsWith("call #");
        assertThat(PayloadScrubber.redactDigits("room 42, 3 nights"))
                .isEqualTo("room 42, 3 nights");
    }

    @Test
    void masksNumbersSplitByInvisibleOrUnusualSeparatorsAndDigitsOutsideTheBasicPlane() {
        for (String hidden :
                new String[] {
                    "+7\u00ad912\u00ad345\u00ad67\u00ad89", // soft hyphens
                    "+7\u200b912\u200b345\u200b67\u200b89", // zero-width spaces
                    "+7\u2060912\u2060345\u206067\u206089", // word joiners
                    "912\t345\t67\t89",
                    "912\n345\n67\n89",
                    "912,345,67,89",
                    "+7\u2212912\u2212345\u221267\u221289" // minus signs
                }) {
            assertThat(PayloadScrubber.redactDigits("call " + hidden + " now"))
                    .as(hidden)
                    .doesNotContain("912")
                    .doesNotContain("345")
                    .startsWith("call #")
                    .endsWith(" now");
        }
        StringBuilder bold = new StringBuilder(); // MATHEMATICAL BOLD DIGITs, U+1D7CE for 0
        for (char digit : "79123456789".toCharArray()) {
            bold.appendCodePoint(0x1D7CE + digit - '0');
        }
        assertThat(PayloadScrubber.redactDigits("call " + bold)).doesNotContain(bold);
    }

    @Test
    void masksANumberLongerThanItsNumericFieldHolds() {
        // A Ukrainian mobile without its +, a Moscow landline without its trunk prefix: no
        // identifier by their shape alone, but no amount or count either.
        for (String number : new String[] {"380501234567", "4951234567"}) {
            String json = "{\"eventId\":\"t1\",\"amountMinor\":" + number + "}";
            assertThat(scrubber.scrub("bank.transactions", json.getBytes(StandardCharsets.UTF_8)))
                    .contains("\"amountMinor\":\"<redacted:number>\"")
                    .doesNotContain(number);
        }
        String time = "{\"eventId\":\"t1\",\"eventTime\":1790000000000,\"amountMinor\":999999999}";
        assertThat(scrubber.scrub("bank.transactions", time.getBytes(StandardCharsets.UTF_8)))
                .contains("\"eventTime\":1790000000000")
                .contains("\"amountMinor\":999999999");
    }

    @Test
    void keepsOnlyTheSizeOfWhatItCannotRead() {
        assertThat(scrubber.scrub("telco.calls", new byte[] {'{', (byte) 0xC3, '('}))
                .isEqualTo("<unparseable 3 bytes>");
        assertThat(
                        scrubber.scrub(
                                "telco.calls",
                                "[\"+79123456789\"]".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("<unparseable 16 bytes>");
        assertThat(scrubber.scrub("telco.calls", null)).isEqualTo("<no payload>");
    }

    private static void assertNoIdentifier(String scrubbed) {
        for (String raw : SampleEvents.RAW_IDENTIFIERS) {
            assertThat(scrubbed).doesNotContain(raw).doesNotContain(raw.substring(1));
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T extends Record & InputEvent> T cast(InputEvent event) {
        return (T) (Record) event;
    }
}
