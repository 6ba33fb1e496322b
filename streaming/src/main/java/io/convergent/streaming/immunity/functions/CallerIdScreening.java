package io.convergent.streaming.immunity.functions;

import io.convergent.common.event.BankSessionEvent;
import io.convergent.common.event.BankTransactionEvent;
import io.convergent.common.event.CallEvent;
import io.convergent.common.event.ComplaintEvent;
import io.convergent.common.event.DataSessionEvent;
import io.convergent.common.event.NetworkEvent;
import io.convergent.common.event.NetworkEventType;
import io.convergent.common.event.PayloadScrubber;
import io.convergent.common.event.schema.EventParser;
import io.convergent.common.event.schema.ParseResult;
import io.convergent.common.event.schema.Rejection;
import io.convergent.common.event.schema.RejectionReason;
import io.convergent.common.identity.IdentifierKind;
import io.convergent.common.identity.Identifiers;
import io.convergent.common.identity.Pseudonymiser;
import io.convergent.common.identity.ServiceAddresses;
import io.convergent.common.immunity.CallerIdAssessment;
import io.convergent.common.immunity.CallerIdCheck;
import io.convergent.common.immunity.ImmunityDecision;
import io.convergent.common.immunity.ImmunityRules;
import io.convergent.common.numbering.NumberCategory;
import io.convergent.common.numbering.NumberSequence;
import io.convergent.common.roaming.RoamingEvidence;
import io.convergent.common.topic.Topics;
import io.convergent.streaming.immunity.CallerSignal;
import io.convergent.streaming.immunity.RoamingChange;
import io.convergent.streaming.immunity.ScreenedCall;
import io.convergent.streaming.immunity.SourceRecord;
import io.convergent.streaming.immunity.fraud.SubscriberEvent;
import io.convergent.streaming.immunity.fraud.SubscriberEvents;
import java.nio.file.Path;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stateless front of the caller-id layer, beside the rules from {@code control.immunity}
 * (broadcast state): parses each call and network event, looks the caller's number up in the
 * numbering plan while it is still raw, then pseudonymises every number.
 *
 * <ul>
 *   <li>A call whose verdict needs no state (anything but one of our numbers arriving from outside)
 *       is decided here, on the main output.
 *   <li>One of our numbers from outside goes to {@link #ROAMING_CHECKS}, to be keyed by the number
 *       and checked against its owner's roaming state.
 *   <li>A roaming entry or exit, or a location update, of one of our subscribers goes to {@link
 *       #ROAMING_CHANGES}; so does a data session of theirs in a foreign network, which a phone
 *       abroad opens several times a day, far more often than it registers anew.
 * </ul>
 *
 * <p>A rules document is applied only if its version is newer than the one in force; one that
 * cannot be used is refused (logged with the reason, counted in {@code rulesRefused}) and the old
 * rules stay. Until a document arrives, the shipped rules apply. Records that do not parse are
 * counted in {@code unparseableRecords} and skipped: the ingest job dead-letters them. The one
 * exception is a call whose only fault is a caller id that is no number at all: the network still
 * waits for a verdict on it, and it is blocked ({@code INVALID_CALLER_ID}), counted in {@code
 * invalidCallerIds}.
 */
public final class CallerIdScreening
        extends BroadcastProcessFunction<SourceRecord, byte[], CallerSignal> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CallerIdScreening.class);

    /** The rules document in force, under {@link ImmunityRules#CONTROL_KEY}. */
    public static final MapStateDescriptor<String, byte[]> RULES_STATE =
            new MapStateDescriptor<>(
                    "immunityRules",
                    BasicTypeInfo.STRING_TYPE_INFO,
                    PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

    public static final OutputTag<ScreenedCall> ROAMING_CHECKS =
            new OutputTag<>("roaming-checks") {};
    public static final OutputTag<RoamingChange> ROAMING_CHANGES =
            new OutputTag<>("roaming-changes") {};

    /** What the fraud patterns look at: calls, swaps, forwarding, bank logins and transfers. */
    public static final OutputTag<SubscriberEvent> FRAUD_EVENTS =
            new OutputTag<>("fraud-events") {};

    public static final String UNPARSEABLE_METRIC = "unparseableRecords";
    public static final String WITHHELD_METRIC = "withheldCallerIds";
    public static final String INVALID_CALLER_ID_METRIC = "invalidCallerIds";
    public static final String RULES_APPLIED_METRIC = "rulesApplied";
    public static final String RULES_REFUSED_METRIC = "rulesRefused";

    /** The local key file, or {@code null} to take the keys from the environment only. */
    private final String keyFile;

    private transient Pseudonymiser pseudonymiser;
    private transient EventParser<CallEvent> callParser;
    private transient EventParser<NetworkEvent> networkParser;
    private transient EventParser<DataSessionEvent> dataParser;
    private transient EventParser<ComplaintEvent> complaintParser;
    private transient EventParser<BankSessionEvent> sessionParser;
    private transient EventParser<BankTransactionEvent> transactionParser;
    private final byte[] rulesAtStart;
    private transient RulesInForce rules;
    private transient Counter unparseable;
    private transient Counter rulesApplied;
    private transient Counter rulesRefused;
    private transient Counter withheldCalls;
    private transient Counter invalidCallerIds;

    public CallerIdScreening(Path keyFile) {
        this(keyFile, null);
    }

    /**
     * @param rulesAtStart the rules document in force when the job was submitted, or null: what
     *     applies until a document is broadcast ({@link RulesInForce})
     */
    public CallerIdScreening(Path keyFile, byte[] rulesAtStart) {
        this.keyFile = keyFile == null ? null : keyFile.toString();
        this.rulesAtStart = rulesAtStart == null ? null : rulesAtStart.clone();
    }

    @Override
    public void open(OpenContext openContext) {
        pseudonymiser =
                Pseudonymiser.load(System.getenv(), keyFile == null ? null : Path.of(keyFile));
        Identifiers identifiers = pseudonymiser.identifiers();
        callParser = new EventParser<>(CallEvent.SCHEMA, identifiers);
        networkParser = new EventParser<>(NetworkEvent.SCHEMA, identifiers);
        dataParser = new EventParser<>(DataSessionEvent.SCHEMA, identifiers);
        complaintParser = new EventParser<>(ComplaintEvent.SCHEMA, identifiers);
        sessionParser = new EventParser<>(BankSessionEvent.SCHEMA, identifiers);
        transactionParser = new EventParser<>(BankTransactionEvent.SCHEMA, identifiers);
        rules = new RulesInForce(rulesAtStart);
        unparseable = getRuntimeContext().getMetricGroup().counter(UNPARSEABLE_METRIC);
        rulesApplied = getRuntimeContext().getMetricGroup().counter(RULES_APPLIED_METRIC);
        rulesRefused = getRuntimeContext().getMetricGroup().counter(RULES_REFUSED_METRIC);
        withheldCalls = getRuntimeContext().getMetricGroup().counter(WITHHELD_METRIC);
        invalidCallerIds = getRuntimeContext().getMetricGroup().counter(INVALID_CALLER_ID_METRIC);
    }

    @Override
    public void processElement(
            SourceRecord record, ReadOnlyContext ctx, Collector<CallerSignal> out)
            throws Exception {
        ImmunityRules current = rules.read(ctx.getBroadcastState(RULES_STATE));
        if (Topics.TELCO_CALLS.equals(record.topic())) {
            ParseResult<CallEvent> parsed = parse(callParser, record);
            if (parsed.accepted()) {
                screenCall(parsed.event(), current, ctx, out);
                return;
            }
            InvalidCallerId invalid =
                    InvalidCallerId.of(parsed.rejection(), record, callParser, pseudonymiser);
            if (invalid == null) {
                unparseable.inc();
                return;
            }
            invalidCallerIds.inc();
            screenPresented(
                    invalid.call(),
                    pseudonymiser.pseudonymiseCanonical(IdentifierKind.MSISDN, invalid.presented()),
                    NumberCategory.UNALLOCATED,
                    CallerIdCheck.assessInvalid(),
                    current,
                    ctx,
                    out);
        } else if (Topics.TELCO_NETWORK.equals(record.topic())) {
            ParseResult<NetworkEvent> parsed = parse(networkParser, record);
            if (!parsed.accepted()) {
                unparseable.inc();
                return;
            }
            roamingChange(ctx, roamingChange(parsed.event(), current));
            fraudEvent(ctx, SubscriberEvents.ofNetwork(parsed.event(), pseudonymiser));
        } else if (Topics.TELCO_DATA.equals(record.topic())) {
            if (!VisitedNetwork.mayBeNamedIn(record.value())) {
                // Most sessions are at home: not worth parsing here (the ingest checks them all).
                return;
            }
            ParseResult<DataSessionEvent> parsed = parse(dataParser, record);
            if (!parsed.accepted()) {
                unparseable.inc();
                return;
            }
            roamingChange(ctx, roamingChange(parsed.event(), current));
        } else if (Topics.BANK_SESSIONS.equals(record.topic())) {
            ParseResult<BankSessionEvent> parsed = parse(sessionParser, record);
            if (!parsed.accepted()) {
                unparseable.inc();
                return;
            }
            fraudEvent(ctx, SubscriberEvents.ofSession(parsed.event(), pseudonymiser));
        } else if (Topics.BANK_TRANSACTIONS.equals(record.topic())) {
            ParseResult<BankTransactionEvent> parsed = parse(transactionParser, record);
            if (!parsed.accepted()) {
                unparseable.inc();
                return;
            }
            fraudEvent(ctx, SubscriberEvents.ofTransaction(parsed.event(), pseudonymiser));
        } else if (Topics.TELCO_COMPLAINTS.equals(record.topic())) {
            ParseResult<ComplaintEvent> parsed = parse(complaintParser, record);
            if (!parsed.accepted()) {
                unparseable.inc();
                return;
            }
            ComplaintEvent complaint = parsed.event();
            // A complaint about a short number is about its forgeries as often as not: counted
            // against the real line, it would block the bank's own 900 (which keeps no
            // reputation).
            if (complaint.reportedNumber() != null
                    && complaint.category().isAboutACaller()
                    && !ServiceAddresses.isServiceAddress(complaint.reportedNumber())) {
                out.collect(
                        CallerSignal.ofComplaint(
                                pseudonymiser.pseudonymiseCanonical(
                                        IdentifierKind.MSISDN, complaint.reportedNumber()),
                                complaint.eventTime()));
            }
        }
    }

    private static void roamingChange(ReadOnlyContext ctx, RoamingChange change) {
        if (change != null) {
            ctx.output(ROAMING_CHANGES, change);
        }
    }

    private static void fraudEvent(ReadOnlyContext ctx, SubscriberEvent event) {
        if (event != null) {
            ctx.output(FRAUD_EVENTS, event);
        }
    }

    @Override
    public void processBroadcastElement(byte[] document, Context ctx, Collector<CallerSignal> out)
            throws Exception {
        RulesInForce.Offer offer = rules.offer(document, ctx.getBroadcastState(RULES_STATE));
        switch (offer.outcome()) {
            case REFUSED -> {
                rulesRefused.inc();
                LOG.warn(
                        "Refused an immunity rules document; the rules in force stay: {}",
                        // A value echoed in the problem may be a number published by mistake.
                        PayloadScrubber.redactDigits(offer.problem()));
            }
            case IGNORED ->
                    LOG.info(
                            "Ignored immunity rules version {}: version {} is in force",
                            offer.offered(),
                            offer.rules().version());
            case APPLIED -> {
                rulesApplied.inc();
                LOG.info(
                        "Applied immunity rules version {} ({} numbering ranges)",
                        offer.offered(),
                        offer.rules().numberingPlan().ranges().size());
            }
        }
    }

    /**
     * The parser promises never to throw; should it break that promise on odd bytes, the record is
     * counted as unparseable rather than failing the job. Only the exception's type could help, and
     * its message might quote the payload, so neither is logged.
     */
    private <T extends Record> ParseResult<T> parse(EventParser<T> parser, SourceRecord record) {
        try {
            return parser.parseKeepingIdentifiers(record.value(), pseudonymiser);
        } catch (RuntimeException e) {
            return ParseResult.rejected(
                    Rejection.of(RejectionReason.NOT_JSON, "the parser failed on this record"));
        }
    }

    private void screenCall(
            CallEvent call,
            ImmunityRules current,
            ReadOnlyContext ctx,
            Collector<CallerSignal> out) {
        if (call.callingNumber() == null) {
            screenWithheld(call, current, ctx, out);
            return;
        }
        NumberCategory category = current.numberingPlan().categoryOf(call.callingNumber());
        screenPresented(
                call,
                pseudonymiser.pseudonymiseCanonical(IdentifierKind.MSISDN, call.callingNumber()),
                category,
                null,
                current,
                ctx,
                out);
    }

    /**
     * Screens a call whose caller presented {@code caller} (a pseudonym) of {@code category}: the
     * caller-id check decides, unless {@code verdict} already has.
     */
    private void screenPresented(
            CallEvent call,
            String caller,
            NumberCategory category,
            CallerIdAssessment verdict,
            ImmunityRules current,
            ReadOnlyContext ctx,
            Collector<CallerSignal> out) {
        String callee =
                pseudonymiser.pseudonymiseCanonical(IdentifierKind.MSISDN, call.calledNumber());
        SubscriberEvents.ofCall(
                call,
                caller,
                category == NumberCategory.OURS,
                callee,
                current.numberingPlan().categoryOf(call.calledNumber()) == NumberCategory.OURS,
                event -> ctx.output(FRAUD_EVENTS, event));
        ScreenedCall screened =
                new ScreenedCall(
                        call.eventId(),
                        call.callId(),
                        caller,
                        callee,
                        category,
                        call.ingress(),
                        call.startTime(),
                        call.answerTime() != null,
                        call.talkMillis(),
                        neighbour(NumberSequence.predecessor(call.calledNumber())),
                        neighbour(NumberSequence.successor(call.calledNumber())));
        if (verdict == null && CallerIdCheck.needsRoamingState(category, call.ingress())) {
            ctx.output(ROAMING_CHECKS, screened);
            return;
        }
        ImmunityDecision callerIdVerdict =
                ImmunityDecision.ofCallerId(
                        call.eventId(),
                        call.callId(),
                        verdict != null
                                ? verdict
                                : CallerIdCheck.assess(category, call.ingress(), false),
                        caller,
                        callee,
                        category,
                        call.ingress(),
                        call.startTime(),
                        ctx.currentProcessingTime());
        // A short number is an organisation's line that calls many people by design: it keeps no
        // reputation (and under its one key every call from it would meet at one task).
        out.collect(
                category == NumberCategory.SERVICE
                        ? CallerSignal.ofVerdictOnly(callerIdVerdict)
                        : CallerSignal.ofCall(screened, callerIdVerdict));
    }

    /** The pseudonym of a callee's neighbouring number, if it has one. */
    private String neighbour(String e164) {
        return e164 == null
                ? null
                : pseudonymiser.pseudonymiseCanonical(IdentifierKind.MSISDN, e164);
    }

    /**
     * A call without a number: decided here, since there is nothing for the roaming check or the
     * reputation layer to work on (under one placeholder key, every withheld call would pile up as
     * one mass dialler); the reputation layer passes the verdict on. The callee still gets a
     * received call from a stranger for the fraud patterns.
     */
    private void screenWithheld(
            CallEvent call,
            ImmunityRules current,
            ReadOnlyContext ctx,
            Collector<CallerSignal> out) {
        String callee =
                pseudonymiser.pseudonymiseCanonical(IdentifierKind.MSISDN, call.calledNumber());
        SubscriberEvents.ofCall(
                call,
                null,
                false,
                callee,
                current.numberingPlan().categoryOf(call.calledNumber()) == NumberCategory.OURS,
                event -> ctx.output(FRAUD_EVENTS, event));
        withheldCalls.inc();
        out.collect(
                CallerSignal.ofVerdictOnly(
                        ImmunityDecision.ofWithheldCaller(
                                call.eventId(),
                                call.callId(),
                                callee,
                                call.ingress(),
                                call.startTime(),
                                ctx.currentProcessingTime())));
    }

    /** The change a network event makes to one of our subscribers' roaming, or {@code null}. */
    private RoamingChange roamingChange(NetworkEvent event, ImmunityRules current) {
        Boolean abroad = RoamingEvidence.abroad(event, current.homeMcc());
        if (abroad == null
                || current.numberingPlan().categoryOf(event.msisdn()) != NumberCategory.OURS) {
            return null;
        }
        return new RoamingChange(
                pseudonymiser.pseudonymiseCanonical(IdentifierKind.MSISDN, event.msisdn()),
                abroad,
                event.eventTime(),
                event.type() == NetworkEventType.ROAMING_EXIT);
    }

    /**
     * A data session in a foreign network puts one of our subscribers abroad at the session's end,
     * or {@code null}. The end, not the start: it is what the record's event time (and so the
     * watermark a held call waits for) follows, and a session begun before a border crossing may
     * carry the network it ended in.
     */
    private RoamingChange roamingChange(DataSessionEvent session, ImmunityRules current) {
        if (!RoamingEvidence.abroad(session, current.homeMcc())
                || current.numberingPlan().categoryOf(session.msisdn()) != NumberCategory.OURS) {
            return null;
        }
        return new RoamingChange(
                pseudonymiser.pseudonymiseCanonical(IdentifierKind.MSISDN, session.msisdn()),
                true,
                session.endTime());
    }
}
