package io.convergent.common.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.convergent.common.event.BankTransactionEvent;
import io.convergent.common.event.CallEvent;
import io.convergent.common.event.DataSessionEvent;
import io.convergent.common.event.InputTopic;
import io.convergent.common.event.InputTopics;
import io.convergent.common.event.SmsEvent;
import io.convergent.common.event.schema.EventParser;
import io.convergent.common.event.schema.ParseResult;
import io.convergent.common.identity.EmbeddedIdentifiers;
import io.convergent.common.identity.IdentifierKind;
import io.convergent.common.identity.Identifiers;
import io.convergent.common.identity.PseudonymKey;
import io.convergent.common.identity.PseudonymKeyRing;
import io.convergent.common.identity.Pseudonymiser;
import io.convergent.common.testing.SampleEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ingest hot path on one core: bytes of a realistic topic mix in, validated and pseudonymised
 * events out. Each payload carries distinct numbers, so nothing is served from a cache.
 *
 * <p>Run: {@code bin/convergent bench parse} (JMH, one thread = one core).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class IngestPathBenchmark {

    private static final int PAYLOADS = 4096;
    private static final JsonFactory JSON = new JsonFactory();

    private final List<EventParser<?>> parsers = new ArrayList<>();
    private final List<byte[]> payloads = new ArrayList<>();
    private final List<String> numbers = new ArrayList<>();
    private Pseudonymiser pseudonymiser;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        Identifiers identifiers = Identifiers.russian();
        byte[] secret = new byte[32];
        new SplittableRandom(7).nextBytes(secret);
        pseudonymiser =
                new Pseudonymiser(PseudonymKeyRing.of(new PseudonymKey(1, secret)), identifiers);
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < PAYLOADS; i++) {
            String subscriber = "+7958" + String.format("%07d", random.nextInt(4_000_000));
            String other =
                    "+79"
                            + (100 + random.nextInt(800))
                            + String.format("%07d", random.nextInt(10_000_000));
            numbers.add(subscriber);
            // The mix of a busy hour: mostly calls, data and SMS, some bank transactions.
            switch (i % 10) {
                case 0, 1, 2, 3 -> add(InputTopics.CALLS, call(i, other, subscriber), identifiers);
                case 4, 5, 6 -> add(InputTopics.DATA, data(i, subscriber), identifiers);
                case 7, 8 -> add(InputTopics.SMS, sms(i, subscriber, other), identifiers);
                default -> add(InputTopics.BANK_TRANSACTIONS, transfer(i, subscriber), identifiers);
            }
        }
    }

    /** The floor: Jackson's streaming parser walking the tokens, strings materialised. */
    @Benchmark
    public int jacksonTokensOnly() throws java.io.IOException {
        int i = next++ & (PAYLOADS - 1);
        int count = 0;
        try (JsonParser parser = JSON.createParser(payloads.get(i))) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.VALUE_STRING) {
                    count += parser.getText().length();
                }
                count++;
            }
        }
        return count;
    }

    /** Strict parse and validation, identifiers normalised: no hashing. */
    @Benchmark
    public ParseResult<?> parseAndValidate() {
        int i = next++ & (PAYLOADS - 1);
        return parsers.get(i).parse(payloads.get(i));
    }

    /** The full ingest step: parse, validate, pseudonymise every identifier. */
    @Benchmark
    public ParseResult<?> parseValidateAndPseudonymise() {
        int i = next++ & (PAYLOADS - 1);
        return parsers.get(i).parse(payloads.get(i), pseudonymiser);
    }

    /** One HMAC-SHA256 pseudonym of a canonical number. */
    @Benchmark
    public String pseudonymiseOneNumber() {
        return pseudonymiser.pseudonymiseCanonical(
                IdentifierKind.MSISDN, numbers.get(next++ & (PAYLOADS - 1)));
    }

    /**
     * The look for phone numbers inside a call's references (event id, call reference, cell id),
     * which the full step does for every event: its share of the full step's cost.
     */
    @Benchmark
    public int lookForNumbersInACallsReferences() {
        int i = next++ & (PAYLOADS - 1);
        return EmbeddedIdentifiers.pseudonymised("call-" + i, pseudonymiser).length()
                + EmbeddedIdentifiers.pseudonymised("sw1-" + i, pseudonymiser).length()
                + EmbeddedIdentifiers.pseudonymised("250-62-1001-" + (i % 97), pseudonymiser)
                        .length();
    }

    private <T extends Record & io.convergent.common.event.InputEvent> void add(
            InputTopic<T> topic, T event, Identifiers identifiers) {
        parsers.add(new EventParser<>(topic.schema(), identifiers));
        payloads.add(topic.serialise(event));
    }

    private static CallEvent call(int i, String caller, String callee) {
        CallEvent base = SampleEvents.call();
        long start = base.startTime() + i * 1_000L;
        return new CallEvent(
                "call-" + i,
                start,
                "sw1-" + i,
                caller,
                callee,
                base.ingress(),
                start,
                start + 4_000,
                start + 95_000,
                base.releaseCause(),
                null,
                "250-62-1001-" + (i % 97));
    }

    private static DataSessionEvent data(int i, String subscriber) {
        DataSessionEvent base = SampleEvents.dataSession();
        return new DataSessionEvent(
                "data-" + i,
                base.eventTime(),
                subscriber,
                "2506200" + String.format("%08d", i),
                base.startTime(),
                base.endTime(),
                1_000 + i,
                50_000 + i,
                base.radioAccess(),
                base.cellId(),
                null);
    }

    private static SmsEvent sms(int i, String sender, String recipient) {
        SmsEvent base = SampleEvents.sms();
        return new SmsEvent(
                "sms-" + i, base.eventTime(), sender, recipient, base.ingress(), 1, base.cellId());
    }

    private static BankTransactionEvent transfer(int i, String subscriber) {
        BankTransactionEvent base = SampleEvents.transfer();
        return new BankTransactionEvent(
                "txn-" + i,
                base.eventTime(),
                base.type(),
                "C-" + i,
                subscriber,
                "408178100999" + String.format("%08d", i),
                10_000 + i,
                "RUB",
                base.channel(),
                null,
                null,
                base.beneficiaryAccount(),
                i % 3 == 0);
    }
}
