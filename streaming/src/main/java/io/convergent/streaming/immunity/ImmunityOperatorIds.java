package io.convergent.streaming.immunity;

import io.convergent.common.fraud.FraudPattern;
import java.util.Locale;

/**
 * Stable uids and display names of the immunity job's operators. A uid is how a checkpoint finds
 * its operator's state again: never change one without a state migration.
 */
public final class ImmunityOperatorIds {

    public static final String INPUT_SOURCE = "immunity-input-source";
    public static final String INPUT_SOURCE_NAME = "telco.calls, telco.network";
    public static final String DATA_SESSIONS_SOURCE = "immunity-data-sessions-source";
    public static final String DATA_SESSIONS_SOURCE_NAME = "telco.data";
    public static final String RULES_SOURCE = "immunity-rules-source";
    public static final String RULES_SOURCE_NAME = "control.immunity";
    public static final String SCREENING = "immunity-caller-id-screening";
    public static final String SCREENING_NAME =
            "Caller-id screening (numbering plan, pseudonymise)";
    public static final String SPOOFING = "immunity-spoofing-detector";
    public static final String SPOOFING_NAME = "Spoofing: our numbers from outside vs roaming";
    public static final String CONTACTS = "immunity-fraud-contacts";
    public static final String CONTACTS_NAME = "Fraud: mark calls from unknown numbers";
    public static final String FRAUD_EVENT_TIMES = "immunity-fraud-event-times";
    public static final String FRAUD_SIGNALS_ONCE = "immunity-fraud-signals-once";
    public static final String FRAUD_SIGNALS_ONCE_NAME = "Fraud: each signal once";
    public static final String FRAUD_EVENT_TIMES_NAME =
            "Fraud: order events as their records exist";
    public static final String FRAUD_SIGNALS_SINK = "immunity-fraud-signals-sink";
    public static final String FRAUD_SIGNALS_SINK_NAME = "bank.fraud-signals";
    public static final String FRAUD_SIGNAL_ROWS = "immunity-fraud-signal-rows";
    public static final String FRAUD_SIGNAL_ROWS_NAME = "Fraud signal rows";
    public static final String FRAUD_SIGNALS_TABLE = "immunity-iceberg-fraud-signals";
    public static final String REPUTATION = "immunity-caller-reputation";
    public static final String REPUTATION_NAME = "Caller reputation: mass dialling, complaints";
    public static final String DECISIONS_SINK = "immunity-decisions-sink";
    public static final String DECISIONS_SINK_NAME = "immunity.decisions";
    public static final String HINTS_FILTER = "immunity-hints-filter";
    public static final String HINTS_FILTER_NAME = "Flagged";
    public static final String HINTS = "immunity-hints";
    public static final String HINTS_NAME = "Hints for the called phone";
    public static final String HINTS_SINK = "immunity-hints-sink";
    public static final String HINTS_SINK_NAME = "immunity.hints";
    public static final String DECISION_ROWS_FILTER = "immunity-decision-rows-filter";
    public static final String DECISION_ROWS_FILTER_NAME = "Blocked or flagged";
    public static final String DECISION_ROWS = "immunity-decision-rows";
    public static final String DECISION_ROWS_NAME = "Decision rows";

    /** The uid suffix of the {@code immunity_decisions} Iceberg sink. */
    public static final String DECISIONS_TABLE = "immunity-iceberg-decisions";

    private ImmunityOperatorIds() {}

    /** The CEP operator of one fraud pattern. */
    /**
     * @param variant the name of one of the pattern's CEP variants, empty for its main one (whose
     *     id predates variants, so savepoints keep their state)
     */
    public static String fraudPattern(FraudPattern pattern, String variant) {
        String id = "immunity-fraud-" + pattern.name().toLowerCase(Locale.ROOT);
        return variant.isEmpty()
                ? id
                : id + "-" + variant.toLowerCase(Locale.ROOT).replace(' ', '-');
    }

    public static String fraudPatternName(FraudPattern pattern, String variant) {
        return "Fraud pattern: " + pattern.name() + (variant.isEmpty() ? "" : " (" + variant + ")");
    }
}
