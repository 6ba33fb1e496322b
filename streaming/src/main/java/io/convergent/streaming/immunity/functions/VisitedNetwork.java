package io.convergent.streaming.immunity.functions;

import io.convergent.common.event.DataSessionEvent;
import java.nio.charset.StandardCharsets;

/**
 * A look at a data session's raw bytes before parsing them: only a session that names a visited
 * network can tell the caller-id layer anything, and nearly every session is at home. A record that
 * spells the field name with JSON escapes is passed over, which loses roaming evidence only.
 */
final class VisitedNetwork {

    private static final byte[] FIELD =
            ("\"" + DataSessionEvent.VISITED_MCC + "\"").getBytes(StandardCharsets.UTF_8);

    private VisitedNetwork() {}

    /** Whether {@code json} may hold a visited network: it names the field, perhaps as null. */
    static boolean mayBeNamedIn(byte[] json) {
        if (json == null) {
            return false;
        }
        byte first = FIELD[0];
        int last = json.length - FIELD.length;
        outer:
        for (int i = 0; i <= last; i++) {
            if (json[i] != first) {
                continue;
            }
            for (int j = 1; j < FIELD.length; j++) {
                if (json[i + j] != FIELD[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
