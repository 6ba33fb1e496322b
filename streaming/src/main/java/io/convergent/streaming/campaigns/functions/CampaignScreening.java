package io.convergent.streaming.campaigns.functions;

import io.convergent.common.campaigns.CampaignEvent;
import io.convergent.common.campaigns.ContactPreferences;
import io.convergent.common.event.BankProductEvent;
import io.convergent.common.event.BillingEvent;
import io.convergent.common.event.NetworkEvent;
import io.convergent.common.event.schema.EventParser;
import io.convergent.common.event.schema.ParseResult;
import io.convergent.common.identity.IdentifierKind;
import io.convergent.common.identity.Identifiers;
import io.convergent.common.identity.PseudonymKeyRing;
import io.convergent.common.identity.Pseudonymiser;
import io.convergent.common.scores.RealtimeScores;
import io.convergent.common.topic.Topics;
import io.convergent.streaming.campaigns.CampaignInput;
import io.convergent.streaming.campaigns.CampaignSource;
import java.nio.file.Path;
import java.util.function.Function;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The stateless front of the campaign job: parses each input record, pseudonymises its number and
 * keeps what campaigns read of it; checks the scores and contact preferences records. What does not
 * parse is counted in {@code unparseableRecords} and skipped: the ingest job dead-letters bad input
 * records, and a bad scores or preferences record names no one the job could tell.
 */
public final class CampaignScreening extends ProcessFunction<CampaignSource, CampaignInput> {

    private static final long serialVersionUID = 1L;

    public static final String UNPARSEABLE_METRIC = "unparseableRecords";

    private final String keyFile;

    private transient Pseudonymiser pseudonymiser;
    private transient EventParser<NetworkEvent> networkParser;
    private transient EventParser<BillingEvent> billingParser;
    private transient EventParser<BankProductEvent> productParser;
    private transient Counter unparseable;

    public CampaignScreening(Path keyFile) {
        this.keyFile = keyFile == null ? null : keyFile.toString();
    }

    @Override
    public void open(OpenContext openContext) {
        PseudonymKeyRing keys =
                PseudonymKeyRing.load(System.getenv(), keyFile == null ? null : Path.of(keyFile));
        Identifiers identifiers = Identifiers.russian();
        pseudonymiser = new Pseudonymiser(keys, identifiers);
        networkParser = new EventParser<>(NetworkEvent.SCHEMA, identifiers);
        billingParser = new EventParser<>(BillingEvent.SCHEMA, identifiers);
        productParser = new EventParser<>(BankProductEvent.SCHEMA, identifiers);
        unparseable = getRuntimeContext().getMetricGroup().counter(UNPARSEABLE_METRIC);
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
                    case Topics.SCORES_REALTIME -> scores(record);
                    case Topics.CONTROL_CONTACT_PREFERENCES -> preferences(record);
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
            parsed = parser.parse(record.value());
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

    private CampaignInput scores(CampaignSource record) {
        try {
            RealtimeScores scores = RealtimeScores.fromJson(record.value());
            return new CampaignInput(
                    scores.subscriber(), CampaignInput.Kind.SCORES, null, record.value());
        } catch (RuntimeException e) {
            unparseable.inc();
            return null;
        }
    }

    private CampaignInput preferences(CampaignSource record) {
        if (record.value() == null) {
            // A tombstone: the subscriber's preferences are forgotten.
            return Pseudonymiser.isPseudonym(record.pseudonymKey())
                    ? new CampaignInput(
                            record.pseudonymKey(), CampaignInput.Kind.PREFERENCES, null, null)
                    : null;
        }
        try {
            ContactPreferences preferences = ContactPreferences.fromJson(record.value());
            return new CampaignInput(
                    preferences.subscriber(), CampaignInput.Kind.PREFERENCES, null, record.value());
        } catch (RuntimeException e) {
            unparseable.inc();
            return null;
        }
    }
}
