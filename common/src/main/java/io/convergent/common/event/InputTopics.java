package io.convergent.common.event;

import java.util.List;
import java.util.Optional;

/** The nine input topics of the contract, each bound to its event type. */
public final class InputTopics {

    public static final InputTopic<CallEvent> CALLS = new InputTopic<>(CallEvent.SCHEMA);
    public static final InputTopic<SmsEvent> SMS = new InputTopic<>(SmsEvent.SCHEMA);
    public static final InputTopic<DataSessionEvent> DATA =
            new InputTopic<>(DataSessionEvent.SCHEMA);
    public static final InputTopic<NetworkEvent> NETWORK = new InputTopic<>(NetworkEvent.SCHEMA);
    public static final InputTopic<BillingEvent> BILLING = new InputTopic<>(BillingEvent.SCHEMA);
    public static final InputTopic<ComplaintEvent> COMPLAINTS =
            new InputTopic<>(ComplaintEvent.SCHEMA);
    public static final InputTopic<BankTransactionEvent> BANK_TRANSACTIONS =
            new InputTopic<>(BankTransactionEvent.SCHEMA);
    public static final InputTopic<BankSessionEvent> BANK_SESSIONS =
            new InputTopic<>(BankSessionEvent.SCHEMA);
    public static final InputTopic<BankProductEvent> BANK_PRODUCTS =
            new InputTopic<>(BankProductEvent.SCHEMA);

    private static final List<InputTopic<?>> ALL =
            List.of(
                    CALLS,
                    SMS,
                    DATA,
                    NETWORK,
                    BILLING,
                    COMPLAINTS,
                    BANK_TRANSACTIONS,
                    BANK_SESSIONS,
                    BANK_PRODUCTS);

    private InputTopics() {}

    public static List<InputTopic<?>> all() {
        return ALL;
    }

    public static Optional<InputTopic<?>> byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The topic that carries events of {@code event}'s type. */
    @SuppressWarnings("unchecked")
    public static <T extends Record & InputEvent> InputTopic<T> of(T event) {
        for (InputTopic<?> topic : ALL) {
            if (topic.type() == event.getClass()) {
                return (InputTopic<T>) topic;
            }
        }
        throw new IllegalArgumentException("no input topic carries " + event.getClass());
    }
}
