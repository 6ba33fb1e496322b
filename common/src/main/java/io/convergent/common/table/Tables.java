package io.convergent.common.table;

import io.convergent.common.topic.Topics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Iceberg table names of the public contract (ARCHITECTURE.md), all in the namespace {@link
 * #NAMESPACE}, and which input topic feeds which table of the master dataset.
 */
public final class Tables {

    public static final String NAMESPACE = "convergent";

    public static final String RAW_CALLS = "raw_calls";
    public static final String RAW_SMS = "raw_sms";
    public static final String RAW_DATA_SESSIONS = "raw_data_sessions";
    public static final String RAW_NETWORK_EVENTS = "raw_network_events";
    public static final String RAW_BILLING = "raw_billing";
    public static final String RAW_COMPLAINTS = "raw_complaints";
    public static final String RAW_BANK_TRANSACTIONS = "raw_bank_transactions";
    public static final String RAW_BANK_SESSIONS = "raw_bank_sessions";
    public static final String RAW_BANK_PRODUCTS = "raw_bank_products";
    public static final String REJECTED_EVENTS = "rejected_events";

    public static final String IMMUNITY_DECISIONS = "immunity_decisions";
    public static final String FRAUD_SIGNALS = "fraud_signals";
    public static final String IMMUNITY_DAILY_STATS = "immunity_daily_stats";
    public static final String IMMUNITY_HINTS_MONTHLY = "immunity_hints_monthly";
    public static final String FEATURES_DAILY = "features_daily";
    public static final String FEATURES_WINDOW = "features_window";
    public static final String CALLER_REPUTATION = "caller_reputation";
    public static final String MODEL_REGISTRY = "model_registry";
    public static final String MODEL_SCORES = "model_scores";
    public static final String BATCH_VIEWS = "batch_views";
    public static final String CAMPAIGN_TRIGGERS = "campaign_triggers";
    public static final String CAMPAIGN_OUTCOMES = "campaign_outcomes";

    private static final Map<String, String> RAW_TABLE_BY_TOPIC = rawTablesByTopic();

    private Tables() {}

    /** The master-dataset table that holds the valid events of input topic {@code topic}. */
    public static Optional<String> rawTableOf(String topic) {
        return Optional.ofNullable(RAW_TABLE_BY_TOPIC.get(topic));
    }

    /** The nine raw tables, in the contract's topic order. */
    public static List<String> rawTables() {
        return List.copyOf(RAW_TABLE_BY_TOPIC.values());
    }

    private static Map<String, String> rawTablesByTopic() {
        Map<String, String> tables = new LinkedHashMap<>();
        tables.put(Topics.TELCO_CALLS, RAW_CALLS);
        tables.put(Topics.TELCO_SMS, RAW_SMS);
        tables.put(Topics.TELCO_DATA, RAW_DATA_SESSIONS);
        tables.put(Topics.TELCO_NETWORK, RAW_NETWORK_EVENTS);
        tables.put(Topics.TELCO_BILLING, RAW_BILLING);
        tables.put(Topics.TELCO_COMPLAINTS, RAW_COMPLAINTS);
        tables.put(Topics.BANK_TRANSACTIONS, RAW_BANK_TRANSACTIONS);
        tables.put(Topics.BANK_SESSIONS, RAW_BANK_SESSIONS);
        tables.put(Topics.BANK_PRODUCTS, RAW_BANK_PRODUCTS);
        return java.util.Collections.unmodifiableMap(tables);
    }
}
