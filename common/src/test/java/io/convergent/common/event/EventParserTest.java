package io.convergent.common.event;

import static io.convergent.common.testing.SampleEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.convergent.common.event.schema.EventParser;
import io.convergent.common.event.schema.ParseResult;
import io.convergent.common.event.schema.Rejection;
import io.convergent.common.event.schema.RejectionReason;
import io.convergent.common.identity.Identifiers;
import io.convergent.common.identity.PseudonymKey;
import io.convergent.common.identity.PseudonymKeyRing;
import io.convergent.common.identity.Pseudonymiser;
import io.convergent.common.testing.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final InstantSource CLOCK =
            InstantSource.fixed(Instant.ofEpochMilli(T0 + 3_600_000));
    private static final Identifiers IDS = Identifiers.russian();

    static <T extends Record & InputEvent> EventParser<T> parser(InputTopic<T> topic) {
        return new EventParser<>(topic.schema(), IDS, 16 * 1024, CLOCK, Duration.ofMinutes(5));
    }

    @Test
    void acceptsAValidEventOfEveryTopicAndReadsBackWhatWasWritten() {
        for (InputEvent event : SampleEvents.oneOfEach()) {
            ParseResult<?> result = parseWritten(event);
            assertThat(result.accepted()).as("%s", event).isTrue();
            assertThat(result.event()).isEqualTo(canonical(event));
        }
        assertThat(SampleEvents.oneOfEach().stream().map(e -> InputTopics.of(cast(e)).name()))
                .containsAll(InputTopics.all().stream().map(InputTopic::name).toList());
    }

    @Test
    void normalisesDomesticSpellingsOfPhoneNumbers() {
        ObjectNode call = tree(SampleEvents.call());
        call.put("callingNumber", "8 (912) 123-45-67");
        call.put("calledNumber", "79580012345");
        CallEvent parsed = parser(InputTopics.CALLS).parse(bytes(call)).event();
        assertThat(parsed.callingNumber()).isEqualTo("+79121234567");
        assertThat(parsed.calledNumber()).isEqualTo("+79580012345");
    }

    @Test
    void smsFromASenderNameOrToAShortCodeAndCallsToShortNumbersAreValid() {
        ObjectNode fromBank = tree(SampleEvents.sms());
        fromBank.put("senderNumber", "SBERBANK");
        ObjectNode toShortCode = tree(SampleEvents.sms());
        toShortCode.put("recipientNumber", "900");
        ObjectNode emergency = tree(SampleEvents.call());
        emergency.put("calledNumber", "112");
        ObjectNode fromShortNumber = tree(SampleEvents.call());
        fromShortNumber.put("callingNumber", "0611");

        assertThat(parser(InputTopics.SMS).parse(bytes(fromBank)).event().senderNumber())
                .isEqualTo("svc:SBERBANK");
        assertThat(parser(InputTopics.SMS).parse(bytes(toShortCode)).event().recipientNumber())
                .isEqualTo("svc:900");
        assertThat(parser(InputTopics.CALLS).parse(bytes(emergency)).event().calledNumber())
                .isEqualTo("svc:112");
        assertThat(parser(InputTopics.CALLS).parse(bytes(fromShortNumber)).event().callingNumber())
                .isEqualTo("svc:0611");
    }

    @Test
    void aSenderNameIsNoCallerAndASubscriberIsNeverAShortCode() {
        ObjectNode call = tree(SampleEvents.call());
        call.put("callingNumber", "SBERBANK");
        ObjectNode swap = tree(SampleEvents.simSwap());
        swap.put("msisdn", "900");

        Rejection callRejection = parser(InputTopics.CALLS).parse(bytes(call)).rejection();
        assertThat(callRejection.reason()).isEqualTo(RejectionReason.INVALID_E164);
        assertThat(callRejection.detail()).contains("short number");
        assertThat(parser(InputTopics.NETWORK).parse(bytes(swap)).rejection().reason())
                .isEqualTo(RejectionReason.INVALID_E164);
    }

    @Test
    void aCallWhoseCallerWithheldTheNumberIsValidAndStaysWithoutOne() {
        ObjectNode absent = tree(SampleEvents.call());
        absent.remove("callingNumber");
        ObjectNode explicitNull = tree(SampleEvents.call());
        explicitNull.putNull("callingNumber");

        // What SIP trunks and switches write for a withheld number is no number, not a bad one.
        ObjectNode anonymous = tree(SampleEvents.call());
        anonymous.put("callingNumber", "anonymous");
        ObjectNode restricted = tree(SampleEvents.call());
        restricted.put("callingNumber", " Restricted ");
        ObjectNode empty = tree(SampleEvents.call());
        empty.put("callingNumber", "");

        for (ObjectNode call : List.of(absent, explicitNull, anonymous, restricted, empty)) {
            ParseResult<CallEvent> result = parser(InputTopics.CALLS).parse(bytes(call));
            assertThat(result.accepted()).as(call.toString()).isTrue();
            assertThat(result.event().callingNumber()).isNull();
            assertThat(InputTopics.CALLS.schema().key(result.event())).isNull();
        }
    }

    @Test
    void theSwitchsAnswerSignalIsValidWithOrWithoutTheOtherParty() {
        ObjectNode withheld = tree(SampleEvents.callAnswered());
        withheld.remove("counterpartNumber");

        NetworkEvent signal =
                parser(InputTopics.NETWORK).parse(bytes(tree(SampleEvents.callAnswered()))).event();
        assertThat(signal.type()).isEqualTo(NetworkEventType.CALL_ANSWERED);
        assertThat(signal.counterpartNumber()).isEqualTo(SampleEvents.DOMESTIC_CALLER);
        assertThat(signal.incoming()).isTrue();
        assertThat(parser(InputTopics.NETWORK).parse(bytes(withheld)).event().counterpartNumber())
                .isNull();
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                bad(RejectionReason.OVERSIZE_PAYLOAD, InputTopics.CALLS, padded(20_000)),
                bad(
                        RejectionReason.NOT_UTF8,
                        InputTopics.CALLS,
                        new byte[] {'{', (byte) 0xC3, '(', '}'}),
                bad(
                        RejectionReason.NOT_UTF8,
                        InputTopics.SMS,
                        new byte[] {'{', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '}'}),
                bad(
                        RejectionReason.NOT_UTF8,
                        InputTopics.CALLS,
                        encoded(SampleEvents.call(), StandardCharsets.UTF_16BE)),
                bad(
                        RejectionReason.NOT_UTF8,
                        InputTopics.CALLS,
                        encoded(SampleEvents.call(), java.nio.charset.Charset.forName("UTF-32LE"))),
                bad(
                        RejectionReason.NOT_UTF8,
                        InputTopics.CALLS,
                        concat(
                                new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                                writeRaw(SampleEvents.call()))),
                bad(RejectionReason.NOT_JSON, InputTopics.CALLS, utf8("{\"eventId\": ")),
                bad(RejectionReason.NOT_JSON, InputTopics.CALLS, utf8("call,1,2")),
                bad(RejectionReason.NOT_JSON, InputTopics.CALLS, utf8("")),
                bad(RejectionReason.NOT_JSON, InputTopics.SMS, concat(SampleEvents.sms(), "{}")),
                bad(RejectionReason.NOT_AN_OBJECT, InputTopics.CALLS, utf8("[1, 2]")),
                bad(RejectionReason.NOT_AN_OBJECT, InputTopics.CALLS, utf8("\"+79580012345\"")),
                bad(
                        RejectionReason.UNKNOWN_TYPE,
                        SampleEvents.simSwap(),
                        n -> n.put("type", "TELEPORT")),
                bad(
                        RejectionReason.UNKNOWN_FIELD,
                        SampleEvents.call(),
                        n -> n.put("durationSecs", 12)),
                bad(
                        RejectionReason.DUPLICATE_FIELD,
                        InputTopics.SMS,
                        duplicated(SampleEvents.sms())),
                bad(
                        RejectionReason.MISSING_FIELD,
                        SampleEvents.call(),
                        n -> n.remove("calledNumber")),
                bad(RejectionReason.MISSING_FIELD, SampleEvents.call(), n -> n.putNull("eventId")),
                bad(
                        RejectionReason.MISSING_FIELD,
                        SampleEvents.simSwap(),
                        n -> n.remove("previousImsi")),
                bad(
                        RejectionReason.MISSING_FIELD,
                        SampleEvents.transfer(),
                        n -> n.remove("beneficiaryNew")),
                bad(
                        RejectionReason.MISSING_FIELD,
                        SampleEvents.callAnswered(),
                        n -> n.remove("incoming")),
                bad(
                        RejectionReason.MISTYPED_FIELD,
                        SampleEvents.callAnswered(),
                        n -> n.put("incoming", "yes")),
                bad(
                        RejectionReason.INVALID_E164,
                        SampleEvents.callAnswered(),
                        n -> n.put("counterpartNumber", "+7912")),
                bad(
                        RejectionReason.MISTYPED_FIELD,
                        SampleEvents.call(),
                        n -> n.put("startTime", "" + T0)),
                bad(
                        RejectionReason.MISTYPED_FIELD,
                        SampleEvents.sms(),
                        n -> n.put("segments", 1.5)),
                bad(
                        RejectionReason.MISTYPED_FIELD,
                        SampleEvents.newDeviceLogin(),
                        n -> n.put("newDevice", "yes")),
                bad(
                        RejectionReason.MISTYPED_FIELD,
                        SampleEvents.call(),
                        n -> n.putObject("calledNumber")),
                bad(RejectionReason.MISTYPED_FIELD, SampleEvents.call(), n -> n.put("ingress", 1)),
                bad(
                        RejectionReason.INVALID_VALUE,
                        SampleEvents.call(),
                        n -> n.put("ingress", "SATELLITE")),
                bad(
                        RejectionReason.INVALID_VALUE,
                        SampleEvents.topUp(),
                        n -> n.put("currency", "XYZ")),
                bad(
                        RejectionReason.INVALID_VALUE,
                        SampleEvents.call(),
                        n -> n.put("eventId", "has spaces")),
                bad(RejectionReason.INVALID_VALUE, SampleEvents.call(), n -> n.put("callId", "")),
                bad(RejectionReason.INVALID_VALUE, InputTopics.CALLS, loneSurrogateCallId()),
                bad(
                        RejectionReason.INVALID_E164,
                        SampleEvents.call(),
                        n -> n.put("calledNumber", "12345abc")),
                bad(
                        RejectionReason.INVALID_E164,
                        SampleEvents.call(),
                        n -> n.put("callingNumber", "+0123456")),
                bad(
                        RejectionReason.INVALID_E164,
                        SampleEvents.call(),
                        n -> n.put("callingNumber", "+7912345678")),
                bad(
                        RejectionReason.INVALID_IDENTIFIER,
                        SampleEvents.simSwap(),
                        n -> n.put("imsi", "25062")),
                bad(
                        RejectionReason.INVALID_IDENTIFIER,
                        SampleEvents.cardPayment(),
                        n -> n.put("cardNumber", "2202200000000012")),
                bad(
                        RejectionReason.INVALID_IDENTIFIER,
                        SampleEvents.newDeviceLogin(),
                        n -> n.put("deviceId", "dev 1")),
                bad(
                        RejectionReason.NEGATIVE_VALUE,
                        SampleEvents.dataSession(),
                        n -> n.put("bytesUplink", -5)),
                bad(
                        RejectionReason.VALUE_OUT_OF_RANGE,
                        SampleEvents.sms(),
                        n -> n.put("segments", 1000)),
                bad(
                        RejectionReason.VALUE_OUT_OF_RANGE,
                        SampleEvents.roamingEntry(),
                        n -> n.put("mcc", 1234)),
                bad(
                        RejectionReason.AMOUNT_OUT_OF_RANGE,
                        SampleEvents.transfer(),
                        n -> n.put("amountMinor", 0)),
                bad(
                        RejectionReason.AMOUNT_OUT_OF_RANGE,
                        SampleEvents.transfer(),
                        n -> n.put("amountMinor", -100)),
                bad(
                        RejectionReason.AMOUNT_OUT_OF_RANGE,
                        SampleEvents.transfer(),
                        n ->
                                n.put(
                                        "amountMinor",
                                        new java.math.BigInteger("99999999999999999999999"))),
                bad(
                        RejectionReason.END_BEFORE_START,
                        SampleEvents.call(),
                        n -> n.put("endTime", T0 - 1)),
                bad(
                        RejectionReason.END_BEFORE_START,
                        SampleEvents.call(),
                        n -> n.put("answerTime", T0 + 200_000)),
                bad(
                        RejectionReason.END_BEFORE_START,
                        SampleEvents.dataSession(),
                        n -> n.put("endTime", T0 - 1)),
                bad(
                        RejectionReason.TIME_IN_FUTURE,
                        SampleEvents.topUp(),
                        n -> n.put("eventTime", T0 + 86_400_000)),
                bad(
                        RejectionReason.TIME_OUT_OF_RANGE,
                        SampleEvents.topUp(),
                        n -> n.put("eventTime", 1_000)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("malformed")
    void rejectsWithTheRightReasonAndNeverEchoesAValue(
            RejectionReason expected, String topicName, byte[] payload) {
        EventParser<?> parser = parser(InputTopics.byName(topicName).orElseThrow());

        ParseResult<?> result = parser.parse(payload);

        assertThat(result.accepted()).isFalse();
        Rejection rejection = result.rejection();
        assertThat(rejection.reason()).as(rejection.detail()).isEqualTo(expected);
        assertThat(rejection.detail()).isNotBlank();
        String shown = rejection.detail() + " " + rejection.field();
        for (String raw : SampleEvents.RAW_IDENTIFIERS) {
            assertThat(shown).doesNotContain(raw).doesNotContain(raw.substring(1));
        }
        for (String injected : INJECTED_VALUES) {
            assertThat(shown).doesNotContain(injected);
        }
    }

    /** The bad values and names the cases above plant: none may come back in a rejection. */
    static final List<String> INJECTED_VALUES =
            List.of(
                    "12345abc",
                    "+0123456",
                    "+7912345678",
                    "25062",
                    "2202200000000012",
                    "dev 1",
                    "p79123456789",
                    "ivan_petrov",
                    "SATELLITE",
                    "XYZ",
                    "has spaces",
                    "TELEPORT");

    @Test
    void theMalformedCasesCoverEveryReason() {
        Set<RejectionReason> covered = EnumSet.noneOf(RejectionReason.class);
        malformed().forEach(a -> covered.add((RejectionReason) a.get()[0]));
        assertThat(covered).containsExactlyInAnyOrder(RejectionReason.values());
    }

    @Test
    void pseudonymisesEveryIdentifierBeforeTheEventExists() {
        Pseudonymiser pseudonymiser =
                new Pseudonymiser(PseudonymKeyRing.of(new PseudonymKey(3, new byte[32])), IDS);
        for (InputEvent event : SampleEvents.oneOfEach()) {
            InputTopic<?> topic = InputTopics.of(cast(event));
            ParseResult<?> result = parser(topic).parse(writeRaw(event), pseudonymiser);
            String text = result.event().toString();
            for (String raw : SampleEvents.RAW_IDENTIFIERS) {
                assertThat(text).doesNotContain(raw).doesNotContain(raw.substring(1));
            }
            assertThat(text).contains("k3.");
        }
        CallEvent call =
                parser(InputTopics.CALLS)
                        .parse(writeRaw(SampleEvents.call()), pseudonymiser)
                        .event();
        assertThat(call.calledNumber())
                .isEqualTo(
                        pseudonymiser.pseudonymise(
                                io.convergent.common.identity.IdentifierKind.MSISDN,
                                "8 958 001-23-45"));
    }

    @Test
    void answersArbitraryBytesWithoutFallingBackOnTheCatchAll() {
        Random random = new Random(42);
        for (InputEvent event : SampleEvents.oneOfEach()) {
            fuzz(random, writeRaw(event), parser(InputTopics.of(cast(event))));
        }
        assertThat(parser(InputTopics.CALLS).parse(null).rejection().reason())
                .isEqualTo(RejectionReason.NOT_JSON);
    }

    private static void fuzz(Random random, byte[] valid, EventParser<?> parser) {
        for (int i = 0; i < 3_000; i++) {
            byte[] payload;
            if (i % 2 == 0) {
                payload = Arrays.copyOf(valid, random.nextInt(valid.length + 1));
            } else {
                payload = valid.clone();
                payload[random.nextInt(payload.length)] = (byte) random.nextInt(256);
            }
            ParseResult<?> result = parser.parse(payload);
            if (!result.accepted()) {
                // The catch-all exists so a parser defect costs one record; it must not be how
                // ordinary bad input is answered.
                assertThat(result.rejection().detail()).isNotEqualTo("payload could not be read");
            }
        }
    }

    // --- helpers -------------------------------------------------------------------------

    /** The event as the parser returns it: identifiers in canonical form (IMEI to 14 digits). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object canonical(InputEvent event) {
        InputTopic topic = InputTopics.of(cast(event));
        return topic.schema()
                .mapIdentifiers(
                        (Record) event,
                        (kind, raw) ->
                                IDS.canonical(
                                        (io.convergent.common.identity.IdentifierKind) kind,
                                        (String) raw));
    }

    private static ParseResult<?> parseWritten(InputEvent event) {
        return parser(InputTopics.of(cast(event))).parse(writeRaw(event));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static byte[] writeRaw(InputEvent event) {
        InputTopic topic = InputTopics.of(cast(event));
        return topic.serialise((Record) event);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T extends Record & InputEvent> T cast(InputEvent event) {
        return (T) (Record) event;
    }

    private static ObjectNode tree(InputEvent event) {
        try {
            return (ObjectNode) JSON.readTree(writeRaw(event));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] bytes(ObjectNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Arguments bad(RejectionReason reason, InputTopic<?> topic, byte[] payload) {
        return Arguments.of(reason, topic.name(), payload);
    }

    private static Arguments bad(
            RejectionReason reason, InputEvent base, Consumer<ObjectNode> change) {
        ObjectNode node = tree(base);
        change.accept(node);
        return Arguments.of(reason, InputTopics.of(cast(base)).name(), bytes(node));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON escape of a lone surrogate: well-formed JSON, but not text. */
    private static byte[] loneSurrogateCallId() {
        String json = new String(writeRaw(SampleEvents.call()), StandardCharsets.UTF_8);
        return utf8(json.replace("\"sw1-0001\"", "\"\\" + "uD800x\""));
    }

    private static byte[] encoded(InputEvent event, java.nio.charset.Charset charset) {
        return new String(writeRaw(event), StandardCharsets.UTF_8).getBytes(charset);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    private static byte[] padded(int size) {
        byte[] payload = new byte[size];
        Arrays.fill(payload, (byte) ' ');
        payload[0] = '{';
        payload[size - 1] = '}';
        return payload;
    }

    private static byte[] concat(InputEvent event, String suffix) {
        return utf8(new String(writeRaw(event), StandardCharsets.UTF_8) + suffix);
    }

    private static byte[] duplicated(InputEvent event) {
        String json = new String(writeRaw(event), StandardCharsets.UTF_8);
        return utf8("{\"eventId\":\"dup\"," + json.substring(1));
    }
}
