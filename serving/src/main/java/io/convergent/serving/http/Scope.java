package io.convergent.serving.http;

import java.util.Arrays;
import java.util.Optional;

/** What a client may be allowed to call; each endpoint needs one. */
public enum Scope {
    SCORES_READ("scores:read"),
    FEATURES_READ("features:read"),
    TRANSFERS_RISK("transfers:risk"),
    CALLERS_READ("callers:read"),
    SIM_SWAP_CHECK("sim-swap:check"),
    SIM_SWAP_RETRIEVE_DATE("sim-swap:retrieve-date"),
    DEVICE_ROAMING_STATUS_READ("device-roaming-status:read"),
    CALL_FORWARDING_READ("call-forwarding-signal:unconditional-call-forwardings:read"),
    ADMIN("admin");

    private final String text;

    Scope(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public static Optional<Scope> parse(String text) {
        return Arrays.stream(values()).filter(s -> s.text.equals(text)).findFirst();
    }
}
