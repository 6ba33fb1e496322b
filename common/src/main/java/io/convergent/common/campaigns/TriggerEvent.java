package io.convergent.common.campaigns;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The events a campaign can be triggered by, each with the parameters it takes (required ones
 * first) and where the platform sees it.
 */
public enum TriggerEvent {
    /** A roaming entry ({@code telco.network}); optional {@code mcc}: one visited country only. */
    ROAMING_ENTRY("roaming_entry", Set.of(), Set.of("mcc")),
    /** A balance reading below {@code threshold_rub} ({@code telco.billing}). */
    BALANCE_BELOW("balance_below", Set.of("threshold_rub"), Set.of()),
    /** A port-out request ({@code telco.network}): the last chance to keep the subscriber. */
    PORT_OUT_REQUEST("port_out_request", Set.of(), Set.of()),
    /** A new handset in the network ({@code telco.network}). */
    NEW_DEVICE("new_device", Set.of(), Set.of()),
    /** A top-up ({@code telco.billing}); optional {@code min_rub}. */
    TOP_UP("top_up", Set.of(), Set.of("min_rub")),
    /**
     * A top-up after {@code dormant_days} (at most {@link #MAX_DORMANT_DAYS}) without any own
     * activity.
     */
    TOP_UP_AFTER_DORMANCY("top_up_after_dormancy", Set.of("dormant_days"), Set.of()),
    /** A package bought ({@code telco.billing}). */
    PACKAGE_PURCHASE("package_purchase", Set.of(), Set.of()),
    /** A bank product opened ({@code bank.products}). */
    BANK_PRODUCT_OPENED("bank_product_opened", Set.of(), Set.of());

    /**
     * The longest dormant spell a campaign may wait for: the campaign job must still remember the
     * subscriber's last top-up at its end, and its memory of a silent subscriber lasts at least
     * this long and a day (the job's {@code memory-ttl} is refused below that).
     */
    public static final int MAX_DORMANT_DAYS = 90;

    private final String key;
    private final Set<String> required;
    private final Set<String> optional;

    TriggerEvent(String key, Set<String> required, Set<String> optional) {
        this.key = key;
        this.required = required;
        this.optional = optional;
    }

    /** The name in a definition file. */
    public String key() {
        return key;
    }

    public Set<String> required() {
        return required;
    }

    public Set<String> optional() {
        return optional;
    }

    public static Optional<TriggerEvent> byKey(String key) {
        return Arrays.stream(values()).filter(e -> e.key.equals(key)).findFirst();
    }

    /**
     * Trigger kinds users ask for that the event model cannot show yet, and why: refused with the
     * reason rather than accepted and never fired.
     */
    public static final Map<String, String> NOT_YET =
            Map.of(
                    "salary_credited",
                    "bank.transactions carries card payments and outgoing transfers only: no"
                            + " incoming credit to see a salary in",
                    "data_quota_above",
                    "telco.billing carries no data quota: no usage share to compare");
}
