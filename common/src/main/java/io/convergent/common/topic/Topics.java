package io.convergent.common.topic;

import java.util.List;
import java.util.Optional;

/** The topic names of the public contract (ARCHITECTURE.md), and the layout each gets. */
public final class Topics {

    public static final String TELCO_CALLS = "telco.calls";
    public static final String TELCO_SMS = "telco.sms";
    public static final String TELCO_DATA = "telco.data";
    public static final String TELCO_NETWORK = "telco.network";
    public static final String TELCO_BILLING = "telco.billing";
    public static final String TELCO_COMPLAINTS = "telco.complaints";
    public static final String BANK_TRANSACTIONS = "bank.transactions";
    public static final String BANK_SESSIONS = "bank.sessions";
    public static final String BANK_PRODUCTS = "bank.products";

    public static final String EVENTS_DLQ = "events.dlq";
    public static final String IMMUNITY_DECISIONS = "immunity.decisions";
    public static final String IMMUNITY_HINTS = "immunity.hints";
    public static final String BANK_FRAUD_SIGNALS = "bank.fraud-signals";
    public static final String FEATURES_REALTIME = "features.realtime";
    public static final String SUBSCRIBER_STATE = "subscriber.state";
    public static final String SCORES_REALTIME = "scores.realtime";
    public static final String CRM_TRIGGERS = "crm.triggers";

    public static final String CONTROL_IMMUNITY = "control.immunity";
    public static final String CONTROL_CAMPAIGNS = "control.campaigns";

    /** Subscribers' marketing consent and opt-outs (key = pseudonym), as the CRM records them. */
    public static final String CONTROL_CONTACT_PREFERENCES = "control.contact-preferences";

    // Partition counts for one local broker: enough to run jobs at parallelism 2-4 and keep
    // per-key order; a production cluster sets its own.
    private static final int INPUT_PARTITIONS = 6;
    private static final int OUTPUT_PARTITIONS = 3;

    private static final List<TopicDefinition> ALL =
            List.of(
                    input(TELCO_CALLS),
                    input(TELCO_SMS),
                    input(TELCO_DATA),
                    input(TELCO_NETWORK),
                    input(TELCO_BILLING),
                    input(TELCO_COMPLAINTS),
                    input(BANK_TRANSACTIONS),
                    input(BANK_SESSIONS),
                    input(BANK_PRODUCTS),
                    output(EVENTS_DLQ),
                    output(IMMUNITY_DECISIONS),
                    output(IMMUNITY_HINTS),
                    output(BANK_FRAUD_SIGNALS),
                    output(FEATURES_REALTIME),
                    // Latest state per subscriber: compacted so a new reader sees everyone once.
                    new TopicDefinition(
                            SUBSCRIBER_STATE, TopicRole.OUTPUT, OUTPUT_PARTITIONS, true),
                    output(SCORES_REALTIME),
                    output(CRM_TRIGGERS),
                    control(CONTROL_IMMUNITY),
                    control(CONTROL_CAMPAIGNS),
                    // One record per subscriber who said something: partitioned like outputs.
                    new TopicDefinition(
                            CONTROL_CONTACT_PREFERENCES,
                            TopicRole.CONTROL,
                            OUTPUT_PARTITIONS,
                            true));

    private Topics() {}

    /** Every topic of the contract, inputs first. */
    public static List<TopicDefinition> all() {
        return ALL;
    }

    /** The topics of one role, in contract order. */
    public static List<TopicDefinition> withRole(TopicRole role) {
        return ALL.stream().filter(t -> t.role() == role).toList();
    }

    public static Optional<TopicDefinition> byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    private static TopicDefinition input(String name) {
        return new TopicDefinition(name, TopicRole.INPUT, INPUT_PARTITIONS, false);
    }

    private static TopicDefinition output(String name) {
        return new TopicDefinition(name, TopicRole.OUTPUT, OUTPUT_PARTITIONS, false);
    }

    private static TopicDefinition control(String name) {
        // One partition: control streams are small and their order matters globally.
        return new TopicDefinition(name, TopicRole.CONTROL, 1, true);
    }
}
