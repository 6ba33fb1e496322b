package io.convergent.streaming.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.convergent.common.event.CallEvent;
import io.convergent.common.event.InputEvent;
import io.convergent.common.event.InputTopic;
import io.convergent.common.event.InputTopics;
import io.convergent.common.event.SmsEvent;
import io.convergent.common.event.schema.FieldSpec;
import io.convergent.common.event.schema.RejectionReason;
import io.convergent.common.identity.Identifiers;
import io.convergent.common.identity.PseudonymKey;
import io.convergent.common.identity.PseudonymKeyRing;
import io.convergent.common.identity.Pseudonymiser;
import io.convergent.common.testing.SampleEvents;
import io.convergent.streaming.deadletter.RejectedRecord;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One consumed record in, an {@link IngestRecord} out: accepted and pseudonymised, or rejected. */
class RecordParserTest {

    private static final int PARTITION = 3;
    private static final long OFFSET = 1234L;
    private static final long KAFKA_TIME = SampleEvents.T0 + 1_000;

    private final Pseudonymiser pseudonymiser = pseudonymiser();
    private final RecordParser parser = new RecordParser(pseudonymiser);

    @Test
    void acceptsAValidEventOfEveryTypeWithItsIdentifiersPseudonymised() {
        for (InputEvent event : SampleEvents.oneOfEach()) {
            InputTopic<?> topic = topicOf(event);

            IngestRecord record =
                    parser.parse(topic.name(), PARTITION, OFFSET, KAFKA_TIME, serialise(event));

            assertThat(record.isAccepted()).as("%s accepted", event).isTrue();
            assertThat(record.rejected).isNull();
            assertThat(record.topic).isEqualTo(topic.name());
            assertThat(record.partition).isEqualTo(PARTITION);
            assertThat(record.offset).isEqualTo(OFFSET);
            assertThat(record.kafkaTimestamp).isEqualTo(KAFKA_TIME);
            assertThat(record.event()).isEqualTo(pseudonymised(event));
            assertThat(record.eventTime()).isEqualTo(event.eventTime());
        }
    }

    @Test
    void everyIdentifierOfAnAcceptedEventIsAPseudonym() {
        for (InputEvent event : SampleEvents.oneOfEach()) {
            InputTopic<?> topic = topicOf(event);
            IngestRecord record =
                    parser.parse(topic.name(), PARTITION, OFFSET, KAFKA_TIME, serialise(event));

            List<FieldSpec> fields = topic.schema().fields();
            Object[] values = values(topic, record.event());
            int identifiers = 0;
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).kind().isIdentifier() && values[i] != null) {
                    assertThat(Pseudonymiser.isPseudonym((String) values[i]))
                            .as("%s.%s is a pseudonym", topic.name(), fields.get(i).name())
                            .isTrue();
                    identifiers++;
                }
            }
            assertThat(identifiers).as("identifiers in %s", event).isPositive();
            assertThat(record.event().toString())
                    .doesNotContain(SampleEvents.RAW_IDENTIFIERS.toArray(String[]::new));
        }
    }

    @Test
    void aCallWithAWithheldNumberIsAcceptedWithoutOne() {
        CallEvent sample = SampleEvents.call();
        CallEvent withheld = sampleCall(sample.eventId(), sample.callId(), null);

        IngestRecord record = parseSample(withheld);

        assertThat(record.isAccepted()).isTrue();
        assertThat(record.call.callingNumber()).isNull();
        assertThat(Pseudonymiser.isPseudonym(record.call.calledNumber())).isTrue();
    }

    @Test
    void anSmsFromABanksSenderNameToAShortCodeLandsWithBothEndsAsServiceAddresses() {
        SmsEvent sample = SampleEvents.sms();
        SmsEvent fromBank =
                new SmsEvent(
                        sample.eventId(),
                        sample.eventTime(),
                        "SBERBANK",
                        "900",
                        sample.ingress(),
                        sample.segments(),
                        sample.cellId());

        IngestRecord record = parseSample(fromBank);

        assertThat(record.isAccepted()).isTrue();
        // An organisation's address, kept in clear and never taken for a number or a pseudonym.
        assertThat(record.sms.senderNumber()).isEqualTo("svc:SBERBANK");
        assertThat(record.sms.recipientNumber()).isEqualTo("svc:900");
    }

    @Test
    void aPhoneNumberWrittenInsideAnEventIdOrACallReferenceIsPseudonymised() {
        CallEvent sample = SampleEvents.call();
        String raw = sample.callingNumber().substring(1); // 7912..., as switches write it
        CallEvent referencing =
                sampleCall("cdr-" + raw + "-1", "ref/+" + raw, sample.callingNumber());

        IngestRecord record = parseSample(referencing);

        assertThat(record.isAccepted()).isTrue();
        assertThat(record.call.eventId()).isEqualTo("cdr-" + record.call.callingNumber() + "-1");
        assertThat(record.call.callId()).isEqualTo("ref/" + record.call.callingNumber());
        assertThat(record.call.toString()).doesNotContain(raw);
    }

    /** The sample call with these ids and caller. */
    private static CallEvent sampleCall(String eventId, String callId, String callingNumber) {
        CallEvent sample = SampleEvents.call();
        return new CallEvent(
                eventId,
                sample.eventTime(),
                callId,
                callingNumber,
                sample.calledNumber(),
                sample.ingress(),
                sample.startTime(),
                sample.answerTime(),
                sample.endTime(),
                sample.releaseCause(),
                sample.callingImsi(),
                sample.cellId());
    }

    @Test
    void putsEachEventInTheFieldOfItsType() {
        IngestRecord call = parseSample(SampleEvents.call());
        IngestRecord transfer = parseSample(SampleEvents.transfer());

        assertThat(call.call).isNotNull().isEqualTo(call.event());
        assertThat(call.bankTransaction).isNull();
        assertThat(transfer.bankTransaction).isNotNull().isEqualTo(transfer.event());
        assertThat(transfer.call).isNull();
    }

    @Test
    void rejectsAPayloadThatIsNotJsonKeepingItsSourceAndBytes() {
        byte[] payload = "{\"eventId\": \"call-1\", ".getBytes(StandardCharsets.UTF_8);

        IngestRecord record =
                parser.parse(InputTopics.CALLS.name(), PARTITION, OFFSET, KAFKA_TIME, payload);

        assertThat(record.isAccepted()).isFalse();
        assertThat(record.event()).isNull();
        assertThat(record.eventTime()).isEqualTo(Long.MIN_VALUE);
        RejectedRecord rejected = record.rejected;
        assertThat(rejected.reason).isEqualTo(RejectionReason.NOT_JSON);
        assertThat(rejected.field).isNull();
        assertThat(rejected.detail).isNotBlank();
        assertSource(rejected, InputTopics.CALLS.name());
        assertThat(rejected.payload).isEqualTo(payload);
    }

    @Test
    void rejectsAMissingPayload() {
        IngestRecord record =
                parser.parse(InputTopics.SMS.name(), PARTITION, OFFSET, KAFKA_TIME, null);

        assertThat(record.isAccepted()).isFalse();
        assertThat(record.eventTime()).isEqualTo(Long.MIN_VALUE);
        assertThat(record.rejected.reason).isEqualTo(RejectionReason.NOT_JSON);
        assertThat(record.rejected.detail).isEqualTo("no payload");
        assertThat(record.rejected.payload).isNull();
        assertSource(record.rejected, InputTopics.SMS.name());
    }

    @Test
    void rejectsARecordFromATopicWithoutASchema() {
        byte[] payload = serialise(SampleEvents.call());

        IngestRecord record = parser.parse("telco.unknown", PARTITION, OFFSET, KAFKA_TIME, payload);

        assertThat(record.isAccepted()).isFalse();
        assertThat(record.eventTime()).isEqualTo(Long.MIN_VALUE);
        assertThat(record.rejected.reason).isEqualTo(RejectionReason.UNKNOWN_TYPE);
        assertThat(record.rejected.detail).isEqualTo("no event schema for this topic");
        assertThat(record.rejected.payload).isEqualTo(payload);
        assertSource(record.rejected, "telco.unknown");
    }

    @Test
    void rejectsAnEventTypeTheTopicDoesNotCarry() {
        String json =
                InputTopics.NETWORK
                        .serialiseToString(SampleEvents.simSwap())
                        .replace("\"SIM_SWAP\"", "\"TELEPORT\"");

        IngestRecord record =
                parser.parse(
                        InputTopics.NETWORK.name(),
                        PARTITION,
                        OFFSET,
                        KAFKA_TIME,
                        json.getBytes(StandardCharsets.UTF_8));

        assertThat(record.rejected.reason).isEqualTo(RejectionReason.UNKNOWN_TYPE);
        assertThat(record.rejected.field).isEqualTo("type");
    }

    @Test
    void aRejectionNamesTheFieldButNotItsValue() {
        String badNumber = "not-a-number-79580012345";
        CallEvent call = SampleEvents.call();
        String json =
                InputTopics.CALLS.serialiseToString(call).replace(call.callingNumber(), badNumber);

        IngestRecord record =
                parser.parse(
                        InputTopics.CALLS.name(),
                        PARTITION,
                        OFFSET,
                        KAFKA_TIME,
                        json.getBytes(StandardCharsets.UTF_8));

        assertThat(record.rejected.reason).isEqualTo(RejectionReason.INVALID_E164);
        assertThat(record.rejected.field).isEqualTo("callingNumber");
        assertThat(record.rejected.detail).contains("callingNumber").doesNotContain(badNumber);
        assertThat(new String(record.rejected.payload, StandardCharsets.UTF_8)).contains(badNumber);
    }

    @Test
    void aRejectedRecordPrintsItsSourceAndReasonButNotItsPayload() {
        String payload = "{\"callingNumber\": \"" + SampleEvents.SUBSCRIBER + "\", broken";

        IngestRecord record =
                parser.parse(
                        InputTopics.CALLS.name(),
                        PARTITION,
                        OFFSET,
                        KAFKA_TIME,
                        payload.getBytes(StandardCharsets.UTF_8));

        assertThat(record.rejected.toString())
                .isEqualTo("RejectedRecord[telco.calls/3@1234 NOT_JSON]")
                .doesNotContain(SampleEvents.SUBSCRIBER)
                .doesNotContain("callingNumber");
    }

    @Test
    void refusesToBeBuiltWithoutAPseudonymiser() {
        assertThatThrownBy(() -> new RecordParser(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("pseudonymiser");
    }

    private IngestRecord parseSample(InputEvent event) {
        return parser.parse(topicOf(event).name(), PARTITION, OFFSET, KAFKA_TIME, serialise(event));
    }

    private void assertSource(RejectedRecord rejected, String topic) {
        assertThat(rejected.topic).isEqualTo(topic);
        assertThat(rejected.partition).isEqualTo(PARTITION);
        assertThat(rejected.offset).isEqualTo(OFFSET);
        assertThat(rejected.kafkaTimestamp).isEqualTo(KAFKA_TIME);
    }

    /**
     * The sample event as the parser should return it: each identifier replaced by its pseudonym.
     */
    @SuppressWarnings("unchecked")
    private <T extends Record & InputEvent> InputEvent pseudonymised(InputEvent event) {
        T typed = (T) event;
        return InputTopics.of(typed).schema().mapIdentifiers(typed, pseudonymiser::pseudonymise);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Record & InputEvent> Object[] values(
            InputTopic<?> topic, InputEvent event) {
        return ((InputTopic<T>) topic).schema().values((T) event);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Record & InputEvent> InputTopic<T> topicOf(InputEvent event) {
        return InputTopics.of((T) event);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Record & InputEvent> byte[] serialise(InputEvent event) {
        T typed = (T) event;
        return InputTopics.of(typed).serialise(typed);
    }

    private static Pseudonymiser pseudonymiser() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new Pseudonymiser(
                PseudonymKeyRing.of(new PseudonymKey(1, secret)), Identifiers.russian());
    }
}
