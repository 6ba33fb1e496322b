package io.convergent.common.campaigns;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Who is held out of a campaign: a subscriber is in its control group when a hash of the campaign
 * and the subscriber falls below the control share. Deterministic, so a subscriber stays on one
 * side for the campaign's whole life (new versions included) and across restarts, replays and
 * replicas; independent between campaigns, so one campaign's control is not another's.
 */
public final class ControlGroup {

    private ControlGroup() {}

    /** Whether {@code subscriber} is held out of {@code campaignId} at {@code share}. */
    public static boolean holdsOut(String campaignId, String subscriber, double share) {
        return position(campaignId, subscriber) < share;
    }

    /** The subscriber's place in [0, 1) for the campaign, uniform over subscribers. */
    static double position(String campaignId, String subscriber) {
        byte[] digest = sha256("control|" + campaignId + "|" + subscriber);
        // The top 53 bits: as many as a double holds exactly.
        return (ByteBuffer.wrap(digest).getLong() >>> 11) / (double) (1L << 53);
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
