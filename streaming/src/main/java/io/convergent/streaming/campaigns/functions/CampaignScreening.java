package io.convergent.streaming.campaigns.functions;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.convergent.common.campaigns.CampaignEvent;
import io.convergent.common.campaigns.ContactPreferences;
import io.convergent.common.event.BankProductEvent;
import io.convergent.common.event.BillingEvent;
import io.convergent.common.event.NetworkEvent;
import io.convergent.common.event.schema.EventParser;
import io.convergent.common.event.schema.ParseResult;
import io.convergent.common.event.schema.Rejection;
import io.convergent.common.event.schema.RejectionReason;
import io.convergent.common.identity.IdentifierKind;
import io.convergent.common.identity.Identifiers;
import io.convergent.common.identity.Pseudonymiser;
import io.convergent.common.scores.RealtimeScores;
import io.convergent.common.topic.Topics;
import io.convergent.streaming.campaigns.CampaignInput;
import io.convergent.streaming.campaigns.CampaignSource;
import io.convergent.streaming.deadletter.RejectedRecord;
import java.nio.file.Path;
import java.util.function.Function;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The stateless front of the campaign job: parses each input record, pseudonymises its number and
 * keeps what campaigns read of it; checks the scores and contact preferences records.
 *
 * <p>An input record that does not parse is counted in {@code unparseableRecords} and skipped: the
 * ingest job reads the same topics and dead-letters it. A scores or contact-preferences record that
 * does not read goes to {@link #REJECTED}, for {@code events.dlq}, with its reason: nothing else
 * would tell its writer (a CRM, serving) that an opt-out was not taken.
 */
public final class CampaignScreening extends ProcessFunction<CampaignSource, CampaignInput> {

    private static final long serialVersionUID = 1L;

    public static final String UNPARSEABLE_METRIC = "unparseableRecords";
    public static final String REJECTED_METRIC = "rejectedRecords";

    /** Scores and contact-preferences records that do not read, with the reason. */
    public static final OutputTag<RejectedRecord> REJECTED =
            new OutputTag<>("campaign-rejected", TypeInformation.of(RejectedRecord.class));

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String keyFile;

    private transient Pseudonymiser pseudonymiser;
    private transient EventParser<NetworkEvent> networkParser;
    private transient EventParser<BillingEvent> billingParser;
    private transient EventParser<BankProductEvent> productParser;
    private transient Counter unparseable;
    private transient Counter rejected;

    public CampaignScreening(Path keyFile) {
        this.keyFile = keyFile == null ? null : keyFile.toString();
    }

    @Override
    public void open(OpenContext openContext) {
        pseudonymiser =
                Pseudonymiser.load(System.getenv(), keyFile == null ? null : Path.of(keyFile));
        Identifiers identifiers = pseudonymiser.identifiers();
        networkParser = new EventParser<>(NetworkEvent.SCHEMA, identifiers);
        billingParser = new EventParser<>(BillingEvent.SCHEMA, identifiers);
        productParser = new EventParser<>(BankProductEvent.SCHEMA, identifiers);
        unparseable = getRuntimeContext().getMetricGroup().counter(UNPARSEABLE_METRIC);
        rejected = getRuntimeContext().getMetricGroup().counter(REJECTED_METRIC);
    }

    @Override
    public void processElement(CampaignSource record, Context ctx, Collector<CampaignInput> out) {
        CampaignInput input =
                switch (record.topic()) {
                    case Topics.TELCO_NETWORK ->
                            event(
                                    networkParser,
                                    record,
                                    e -> CampaignEvent.of(e, subscriber(e.msisdn())));
                    case Topics.TELCO_BILLING ->
                            event(
                                    billingParser,
                                    record,
                                    e -> CampaignEvent.of(e, subscriber(e.msisdn())));
                    case Topics.BANK_PRODUCTS ->
                            event(
                                    productParser,
                                    record,
                                    e -> CampaignEvent.of(e, subscriber(e.msisdn())));
                    case Topics.SCORES_REALTIME -> scores(record, ctx);
                    case Topics.CONTROL_CONTACT_PREFERENCES -> preferences(record, ctx);
                    default -> null;
                };
        if (input != null) {
            out.collect(input);
        }
    }

    private String subscriber(String msisdn) {
        return pseudonymiser.pseudonymiseCanonical(IdentifierKind.MSISDN, msisdn);
    }

    private <T extends Record> CampaignInput event(
            EventParser<T> parser, CampaignSource record, Function<T, CampaignEvent> view) {
        ParseResult<T> parsed;
        try {
            parsed = parser.parseKeepingIdentifiers(record.value(), pseudonymiser);
        } catch (RuntimeException e) {
            // The parser promises not to throw; if it does, its message might quote the payload.
            unparseable.inc();
            return null;
        }
        if (!parsed.accepted()) {
            unparseable.inc();
            return null;
        }
        CampaignEvent event = view.apply(parsed.event());
        return event == null ? null : CampaignInput.of(event);
    }

    private CampaignInput scores(CampaignSource record, Context ctx) {
        if (record.value() == null) {
            reject(record, Rejection.of(RejectionReason.MISSING_FIELD, "no value"), ctx);
            return null;
        }
        try {
            RealtimeScores scores = RealtimeScores.fromJson(record.value());
            if (!Pseudonymiser.isPseudonym(scores.subscriber())) {
                reject(
                        record,
                        Rejection.ofField(
                                RejectionReason.INVALID_IDENTIFIER,
                                "subscriber",
                                "realtime scores must name the subscriber's pseudonym"),
                        ctx);
                return null;
            }
            // Kept as read back, not as received: a field the reader does not know (a raw number
            // a producer added) goes no further than this.
            return new CampaignInput(
                    scores.subscriber(), CampaignInput.Kind.SCORES, null, scores.toJson());
        } catch (RuntimeException e) {
            reject(record, rejection(record.value(), e), ctx);
            return null;
        }
    }

    private CampaignInput preferences(CampaignSource record, Context ctx) {
        if (record.value() == null) {
            // A tombstone: the subscriber's preferences are forgotten.
            if (Pseudonymiser.isPseudonym(record.pseudonymKey())) {
                return new CampaignInput(
                        record.pseudonymKey(), CampaignInput.Kind.PREFERENCES, null, null);
            }
            reject(
                    record,
                    Rejection.ofField(
                            RejectionReason.INVALID_IDENTIFIER,
                            "key",
                            "a tombstone's key must be the subscriber's pseudonym"),
                    ctx);
            return null;
        }
        try {
            ContactPreferences preferences = ContactPreferences.fromJson(record.value());
            // As read back: the CRM's record may carry fields the reader ignores (an msisdn).
            return new CampaignInput(
                    preferences.subscriber(),
                    CampaignInput.Kind.PREFERENCES,
                    null,
                    preferences.toJson());
        } catch (RuntimeException e) {
            reject(record, rejection(record.value(), e), ctx);
            return null;
        }
    }

    /**
     * Why a scores or preferences record did not read: not JSON at all, or JSON that breaks the
     * record's rules (the reader's message names the rule, never a value).
     */
    static Rejection rejection(byte[] value, RuntimeException readerFailure) {
        try {
            JSON.readTree(value);
        } catch (java.io.IOException e) {
            return Rejection.of(RejectionReason.NOT_JSON, "not one well-formed JSON document");
        }
        String message = readerFailure.getMessage();
        return Rejection.of(
                RejectionReason.INVALID_VALUE,
                message == null ? readerFailure.getClass().getSimpleName() : message);
    }

    private void reject(CampaignSource record, Rejection rejection, Context ctx) {
        rejected.inc();
        ctx.output(
                REJECTED,
                RejectedRecord.of(
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        record.kafkaTimestamp(),
                        rejection,
                        record.value()));
    }
}
