package io.convergent.streaming.immunity.fraud;

import io.convergent.common.event.BankSessionEvent;
import io.convergent.common.event.BankSessionType;
import io.convergent.common.event.BankTransactionEvent;
import io.convergent.common.event.BankTransactionType;
import io.convergent.common.event.CallEvent;
import io.convergent.common.event.NetworkEvent;
import io.convergent.common.event.NetworkEventType;
import io.convergent.common.event.schema.EventParser;
import io.convergent.common.event.schema.ParseResult;
import io.convergent.common.identity.IdentifierKind;
import io.convergent.common.identity.Identifiers;
import io.convergent.common.identity.PseudonymKeyRing;
import io.convergent.common.identity.Pseudonymiser;
import io.convergent.common.numbering.NumberCategory;
import io.convergent.common.numbering.NumberingPlan;
import io.convergent.common.topic.Topics;
import io.convergent.streaming.immunity.SourceRecord;
import io.convergent.streaming.immunity.fraud.SubscriberEvent.Kind;
import java.nio.file.Path;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

/**
 * Turns the input records the fraud patterns look at into {@link SubscriberEvent}s, with every
 * identifier pseudonymised here (no raw one leaves this function): each call once or twice
 * (received by the callee, placed by the caller, for whichever of them is our subscriber), SIM
 * swaps and call forwarding from {@code telco.network}, logins from a new device, transfers to a
 * new beneficiary. Everything else is ignored; a record that does not parse is counted ({@code
 * unparseableRecords}) and skipped, the ingest job dead-letters it.
 */
public final class FraudEventExtractor extends RichFlatMapFunction<SourceRecord, SubscriberEvent> {

    private static final long serialVersionUID = 1L;

    public static final String UNPARSEABLE_METRIC = "unparseableRecords";

    private final String keyFile;

    private transient Pseudonymiser pseudonymiser;
    private transient NumberingPlan plan;
    private transient EventParser<CallEvent> calls;
    private transient EventParser<NetworkEvent> network;
    private transient EventParser<BankSessionEvent> sessions;
    private transient EventParser<BankTransactionEvent> transactions;
    private transient Counter unparseable;

    public FraudEventExtractor(Path keyFile) {
        this.keyFile = keyFile == null ? null : keyFile.toString();
    }

    @Override
    public void open(OpenContext openContext) {
        Identifiers identifiers = Identifiers.russian();
        pseudonymiser =
                new Pseudonymiser(
                        PseudonymKeyRing.load(
                                System.getenv(), keyFile == null ? null : Path.of(keyFile)),
                        identifiers);
        plan = NumberingPlan.standard();
        calls = new EventParser<>(CallEvent.SCHEMA, identifiers);
        network = new EventParser<>(NetworkEvent.SCHEMA, identifiers);
        sessions = new EventParser<>(BankSessionEvent.SCHEMA, identifiers);
        transactions = new EventParser<>(BankTransactionEvent.SCHEMA, identifiers);
        unparseable = getRuntimeContext().getMetricGroup().counter(UNPARSEABLE_METRIC);
    }

    @Override
    public void flatMap(SourceRecord record, Collector<SubscriberEvent> out) {
        switch (record.topic()) {
            case Topics.TELCO_CALLS -> {
                CallEvent call = parse(calls, record);
                if (call != null) {
                    long duration = call.endTime() - call.startTime();
                    String caller = msisdn(call.callingNumber());
                    String callee = msisdn(call.calledNumber());
                    if (isOurs(call.calledNumber())) {
                        out.collect(
                                event(
                                        callee,
                                        null,
                                        Kind.INBOUND_CALL,
                                        call.eventId(),
                                        call.startTime(),
                                        caller,
                                        duration));
                    }
                    if (isOurs(call.callingNumber())) {
                        out.collect(
                                event(
                                        caller,
                                        null,
                                        Kind.OUTBOUND_CALL,
                                        call.eventId(),
                                        call.startTime(),
                                        callee,
                                        duration));
                    }
                }
            }
            case Topics.TELCO_NETWORK -> {
                NetworkEvent event = parse(network, record);
                if (event != null && event.type() == NetworkEventType.SIM_SWAP) {
                    out.collect(
                            event(
                                    msisdn(event.msisdn()),
                                    null,
                                    Kind.SIM_SWAP,
                                    event.eventId(),
                                    event.eventTime(),
                                    null,
                                    0));
                } else if (event != null && event.type() == NetworkEventType.CALL_FORWARDING_ON) {
                    out.collect(
                            event(
                                    msisdn(event.msisdn()),
                                    null,
                                    Kind.CALL_FORWARDING_ON,
                                    event.eventId(),
                                    event.eventTime(),
                                    null,
                                    0));
                }
            }
            case Topics.BANK_SESSIONS -> {
                BankSessionEvent session = parse(sessions, record);
                if (session != null
                        && session.msisdn() != null
                        && session.type() == BankSessionType.LOGIN
                        && session.newDevice()) {
                    out.collect(
                            event(
                                    msisdn(session.msisdn()),
                                    customer(session.customerId()),
                                    Kind.NEW_DEVICE_LOGIN,
                                    session.eventId(),
                                    session.eventTime(),
                                    null,
                                    0));
                }
            }
            case Topics.BANK_TRANSACTIONS -> {
                BankTransactionEvent tx = parse(transactions, record);
                if (tx != null
                        && tx.msisdn() != null
                        && tx.type() == BankTransactionType.TRANSFER
                        && Boolean.TRUE.equals(tx.beneficiaryNew())) {
                    out.collect(
                            event(
                                    msisdn(tx.msisdn()),
                                    customer(tx.customerId()),
                                    Kind.TRANSFER_TO_NEW_BENEFICIARY,
                                    tx.eventId(),
                                    tx.eventTime(),
                                    null,
                                    0));
                }
            }
            default -> {
                // Complaints and the rest: not part of any pattern.
            }
        }
    }

    private String msisdn(String canonical) {
        return pseudonymiser.pseudonymiseCanonical(IdentifierKind.MSISDN, canonical);
    }

    private String customer(String canonical) {
        return pseudonymiser.pseudonymiseCanonical(IdentifierKind.CUSTOMER_ID, canonical);
    }

    /** Only our subscribers have a contact memory and bank accounts to protect. */
    private boolean isOurs(String number) {
        return plan.categoryOf(number) == NumberCategory.OURS;
    }

    private static SubscriberEvent event(
            String subscriber,
            String customer,
            Kind kind,
            String eventId,
            long time,
            String counterpart,
            long durationMillis) {
        return new SubscriberEvent(
                subscriber, customer, kind, eventId, time, counterpart, durationMillis, false);
    }

    /** The event (identifiers in canonical form), or {@code null} (counted) if it is bad. */
    private <T extends Record> T parse(EventParser<T> parser, SourceRecord record) {
        ParseResult<T> result;
        try {
            result = parser.parse(record.value());
        } catch (RuntimeException e) {
            unparseable.inc();
            return null;
        }
        if (!result.accepted()) {
            unparseable.inc();
            return null;
        }
        return result.event();
    }
}
