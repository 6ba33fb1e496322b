package io.convergent.infra.generator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.convergent.common.event.BankTransactionEvent;
import io.convergent.common.event.InputEvent;
import io.convergent.common.event.NetworkEvent;
import io.convergent.common.event.schema.RejectionReason;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The answer key of a run, kept apart from the input topics: which numbers are spammers, which
 * calls are spoofed, which transfers are fraud and what led to them, which SIM swaps were
 * fraudulent, who churned, and how many malformed records of each reason went to each topic.
 * Written as CSV files with headers (and a {@code summary.json} of counts) when a directory is
 * given; counted either way. Rows are written as the events are emitted, so the key names only
 * events the topics hold. Times are ISO-8601 UTC.
 *
 * <p>The files hold synthetic phone numbers: they are the evaluator's key, and nothing else the
 * generator writes holds a raw number except the input topics themselves.
 */
public final class GroundTruth implements AutoCloseable {

    static final int FORMAT_VERSION = 1;

    private final Path directory;
    private final Map<String, Writer> files = new LinkedHashMap<>();
    private final GenerationCounts counts = new GenerationCounts();
    private final Set<String> spammersSeen = new HashSet<>();
    private final Set<String> bulkCallersSeen = new HashSet<>();
    private final Map<String, Object> run = new LinkedHashMap<>();
    private boolean closed;

    private GroundTruth(Path directory) {
        this.directory = directory;
    }

    /** Counts only; writes nothing. */
    public static GroundTruth none() {
        return new GroundTruth(null);
    }

    /** Writes the truth files into {@code directory} (created if absent, files replaced). */
    public static GroundTruth writingTo(Path directory) {
        Objects.requireNonNull(directory, "directory");
        GroundTruth truth = new GroundTruth(directory);
        try {
            Files.createDirectories(directory);
            truth.open("spammers.csv", "number,first_seen");
            truth.open("bulk_callers.csv", "number,first_seen");
            truth.open("spoofed_calls.csv", "event_id,spoof_kind,time");
            truth.open("social_engineering_calls.csv", "event_id,calling_number,spoof_kind,time");
            truth.open("fraud_transfers.csv", "event_id,scenario,lead_event_id,time");
            truth.open("sim_swaps.csv", "event_id,fraudulent,time");
            truth.open("churners.csv", "msisdn,port_out_time");
            truth.open(
                    "subscribers.csv",
                    "msisdn,archetype,home_region,utc_offset_hours,tariff,bank_customer,customer_id");
        } catch (IOException e) {
            truth.closeQuietly();
            throw new UncheckedIOException("cannot write ground truth in " + directory, e);
        }
        return truth;
    }

    /** Whether files are written. */
    public boolean writesFiles() {
        return directory != null;
    }

    /** A copy of the counts so far. */
    public synchronized GenerationCounts counts() {
        return counts.copy();
    }

    synchronized void describeRun(GeneratorConfig config) {
        run.put("seed", config.seed());
        run.put("subscribers", config.subscribers());
        run.put("days", config.days());
        run.put("start", config.start().toString());
        run.put("live", config.live());
        run.put("malformed_rate", config.malformedRate());
        run.put("rates", config.rates());
    }

    synchronized void describePopulation(Population population) {
        if (directory == null) {
            return;
        }
        for (int i = 0; i < population.size(); i++) {
            Subscriber s = population.subscriber(i);
            row(
                    "subscribers.csv",
                    s.msisdn,
                    s.archetype.name(),
                    s.region.name(),
                    Integer.toString(s.region.utcOffsetHours),
                    s.tariff.name(),
                    Boolean.toString(s.banksWithUs()),
                    s.banksWithUs() ? s.bank.customerId() : "");
        }
    }

    /** A valid event was written; {@code label} is its truth or {@code null}. */
    synchronized void recordEvent(String topic, InputEvent event, Label label) {
        counts.countEvent(topic, event.eventTime());
        if (label != null) {
            recordLabel(event, label);
        }
    }

    /** A malformed record was written in place of an event. */
    synchronized void recordMalformed(String topic, RejectionReason reason) {
        counts.countMalformed(topic, reason);
    }

    private void recordLabel(InputEvent event, Label label) {
        String time = Instant.ofEpochMilli(event.eventTime()).toString();
        if (label instanceof Label.SpamCall spam) {
            counts.countLabel("spam_calls");
            if (spammersSeen.add(spam.callerNumber())) {
                counts.countLabel("spammers");
                row("spammers.csv", spam.callerNumber(), time);
            }
        } else if (label instanceof Label.BulkCall bulk) {
            counts.countLabel("bulk_calls");
            if (bulkCallersSeen.add(bulk.callerNumber())) {
                counts.countLabel("bulk_callers");
                row("bulk_callers.csv", bulk.callerNumber(), time);
            }
        } else if (label instanceof Label.SpoofedCall spoofed) {
            spoofed(event, spoofed.kind(), time);
        } else if (label instanceof Label.SocialEngineeringCall call) {
            counts.countLabel("social_engineering_calls");
            String caller = ((io.convergent.common.event.CallEvent) event).callingNumber();
            row(
                    "social_engineering_calls.csv",
                    event.eventId(),
                    caller,
                    call.spoofKind() == null ? "" : call.spoofKind().name(),
                    time);
            if (call.spoofKind() != null) {
                spoofed(event, call.spoofKind(), time);
            }
        } else if (label instanceof Label.FraudTransfer fraud) {
            checkType(event, BankTransactionEvent.class, label);
            counts.countLabel("fraud_transfers");
            row(
                    "fraud_transfers.csv",
                    event.eventId(),
                    fraud.scenario().name(),
                    fraud.leadEventId(),
                    time);
        } else if (label instanceof Label.SimSwap swap) {
            checkType(event, NetworkEvent.class, label);
            counts.countLabel(swap.fraudulent() ? "sim_swaps_fraudulent" : "sim_swaps_genuine");
            row("sim_swaps.csv", event.eventId(), Boolean.toString(swap.fraudulent()), time);
        } else if (label instanceof Label.PortOut) {
            checkType(event, NetworkEvent.class, label);
            counts.countLabel("port_outs");
            row("churners.csv", ((NetworkEvent) event).msisdn(), time);
        }
    }

    private void spoofed(InputEvent event, SpoofKind kind, String time) {
        counts.countLabel("spoofed_calls");
        row("spoofed_calls.csv", event.eventId(), kind.name(), time);
    }

    private static void checkType(InputEvent event, Class<?> type, Label label) {
        if (!type.isInstance(event)) {
            throw new IllegalStateException(
                    label + " labels a " + event.getClass().getSimpleName());
        }
    }

    /** Pushes the rows written so far to disk, so an evaluator can read a live run's key. */
    public synchronized void flush() {
        try {
            for (Writer writer : files.values()) {
                writer.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot flush ground truth in " + directory, e);
        }
    }

    /** Writes {@code malformed.csv} and {@code summary.json} and closes the files. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (directory == null) {
            return;
        }
        try {
            writeMalformed();
            writeSummary();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write ground truth in " + directory, e);
        } finally {
            closeQuietly();
        }
    }

    private void writeMalformed() throws IOException {
        try (Writer out =
                Files.newBufferedWriter(
                        directory.resolve("malformed.csv"), StandardCharsets.UTF_8)) {
            out.write("topic,expected_reason,count\n");
            for (Map.Entry<String, Map<RejectionReason, Long>> topic :
                    counts.malformedByReason().entrySet()) {
                for (RejectionReason reason : RejectionReason.values()) {
                    Long count = topic.getValue().get(reason);
                    if (count != null) {
                        out.write(topic.getKey() + "," + reason.name() + "," + count + "\n");
                    }
                }
            }
        }
    }

    private void writeSummary() throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("format_version", FORMAT_VERSION);
        root.set("run", json.valueToTree(run));
        ObjectNode topics = root.putObject("topics");
        counts.byTopic()
                .forEach(
                        (topic, c) ->
                                topics.putObject(topic).put("events", c[0]).put("malformed", c[1]));
        root.put("events", counts.events());
        root.put("malformed", counts.malformed());
        root.set("labels", json.valueToTree(new java.util.TreeMap<>(counts.labels())));
        if (counts.events() > 0) {
            root.put("first_event_time", Instant.ofEpochMilli(counts.firstEventTime()).toString());
            root.put("last_event_time", Instant.ofEpochMilli(counts.lastEventTime()).toString());
        }
        json.writeValue(directory.resolve("summary.json").toFile(), root);
    }

    private void open(String file, String header) throws IOException {
        BufferedWriter writer =
                Files.newBufferedWriter(directory.resolve(file), StandardCharsets.UTF_8);
        files.put(file, writer);
        writer.write(header);
        writer.write('\n');
    }

    private void row(String file, String... cells) {
        Writer writer = files.get(file);
        if (writer == null) {
            return; // counting only
        }
        try {
            writer.write(String.join(",", cells));
            writer.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + " in " + directory, e);
        }
    }

    private void closeQuietly() {
        for (Writer writer : files.values()) {
            try {
                writer.close();
            } catch (IOException e) {
                // Closing after a failure: the first failure is the one reported.
            }
        }
        files.clear();
    }
}
