package io.convergent.common.campaigns;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.convergent.common.campaigns.CampaignDefinition.OfferChannel;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * What became of one campaign firing for one subscriber: sent (to {@code crm.triggers}, for the CRM
 * to deliver), held out as control, or suppressed by the contact policy and why. Every one is
 * recorded in {@code campaign_triggers}; the id is a function of the campaign, its version, the
 * subscriber and the event that fired it, so a replay repeats an id instead of inventing one.
 *
 * @param triggeredAt the firing event's time
 * @param judgedAt when the policy judged it: {@code triggeredAt}, or for a trigger held over the
 *     subscriber's quiet hours, the end of those hours (when a sent offer goes out)
 * @param localTime the subscriber's local time at {@code judgedAt}, ISO-8601 with offset
 * @param reason why it was suppressed; {@code null} unless {@link Status#SUPPRESSED}
 */
public record CampaignTrigger(
        String triggerId,
        String campaignId,
        int campaignVersion,
        String subscriber,
        String triggerEventId,
        long triggeredAt,
        long judgedAt,
        String localTime,
        Status status,
        SuppressionReason reason,
        String offerCode,
        OfferChannel channel,
        String message,
        int priority) {

    public static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    public CampaignTrigger {
        Objects.requireNonNull(triggerId, "triggerId");
        Objects.requireNonNull(status, "status");
        if ((status == Status.SUPPRESSED) != (reason != null)) {
            throw new IllegalArgumentException("a reason is given exactly when suppressed");
        }
    }

    public enum Status {
        /** The offer goes to the CRM. */
        SENT,
        /** It would have gone, but the subscriber is in the campaign's control group. */
        CONTROL,
        /** The contact policy stopped it. */
        SUPPRESSED
    }

    /**
     * The deterministic id of the campaign firing on {@code eventId} for a subscriber. Not of its
     * version: a job restored from a checkpoint judges the events since again, and a version
     * published meanwhile is usually read before them; the offer judged again must keep the id the
     * CRM has, so that it drops the repeat.
     */
    public static String idOf(String campaignId, String subscriber, String eventId) {
        byte[] digest = ControlGroup.sha256(campaignId + "|" + subscriber + "|" + eventId);
        return HexFormat.of().formatHex(digest, 0, 16);
    }

    /** The {@code crm.triggers} record (key = subscriber). Format {@value #FORMAT}. */
    public byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("triggerId", triggerId);
        root.put("campaign", campaignId);
        root.put("campaignVersion", campaignVersion);
        root.put("subscriber", subscriber);
        root.put("status", status.name().toLowerCase(Locale.ROOT));
        if (reason != null) {
            root.put("reason", reason.key());
        }
        ObjectNode offer = root.putObject("offer");
        offer.put("code", offerCode);
        offer.put("channel", channel.name().toLowerCase(Locale.ROOT));
        if (message != null) {
            offer.put("message", message);
        }
        root.put("priority", priority);
        root.put("triggerEventId", triggerEventId);
        root.put("triggeredAt", triggeredAt);
        root.put("judgedAt", judgedAt);
        root.put("localTime", localTime);
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }
}
