package io.convergent.common.campaigns;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the campaign job remembers of one subscriber, across all campaigns: the context triggers
 * read (balance, last billing activity, where they are), the contacts the policy counts, the
 * progress of sequence triggers, the offers awaiting a conversion, and their contact preferences.
 * Held as one JSON value per subscriber (format {@value #FORMAT}), so it can grow a field without a
 * state migration. Pseudonyms and campaign ids only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class CampaignMemory {

    public static final int FORMAT = 1;

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public int format = FORMAT;

    /** The last balance billing reported, in minor units. */
    public Long balanceMinor;

    /** The last top-up, charge or purchase (what ends a dormant spell). */
    public Long lastBillingAt;

    /** The home region of the last home cell seen. */
    public Integer homeRegion;

    /** The visited country while roaming, {@code null} at home. */
    public Integer roamingMcc;

    /** {@link ContactPreferences#marketing()}: true, false or never said. */
    public Boolean marketing;

    public Set<CampaignDefinition.OfferChannel> optedOutChannels =
            EnumSet.noneOf(CampaignDefinition.OfferChannel.class);

    /** Offers sent in the last 30 days, oldest first: the caps count them. */
    public List<Contact> contacts = new ArrayList<>();

    /** Each campaign's last firing that passed the policy (sent or control): its cooldown. */
    public Map<String, Long> lastFired = new HashMap<>();

    /** Sequence triggers part-way through, by campaign. */
    public Map<String, Progress> progress = new HashMap<>();

    /** Triggers held over the subscriber's quiet hours, to be judged again when they end. */
    public List<Deferred> deferred = new ArrayList<>();

    /** Sent and control triggers whose conversion window is open. */
    public List<OpenOffer> open = new ArrayList<>();

    public CampaignMemory() {}

    /** One offer sent. */
    public static final class Contact {
        public String campaign;
        public long at;

        public Contact() {}

        public Contact(String campaign, long at) {
            this.campaign = campaign;
            this.at = at;
        }
    }

    /**
     * A sequence trigger that has matched {@code next} of its steps, the first at {@code since}.
     */
    public static final class Progress {
        public int version;
        public int next;
        public long since;

        public Progress() {}

        public Progress(int version, int next, long since) {
            this.version = version;
            this.next = next;
            this.since = since;
        }
    }

    /** A campaign that fired on {@code eventId} during quiet hours, due when they end. */
    public static final class Deferred {
        public String campaign;
        public int version;
        public String eventId;
        public long triggeredAt;
        public long due;

        public Deferred() {}

        public Deferred(String campaign, int version, String eventId, long triggeredAt, long due) {
            this.campaign = campaign;
            this.version = version;
            this.eventId = eventId;
            this.triggeredAt = triggeredAt;
            this.due = due;
        }
    }

    /** A trigger awaiting its conversion until {@code until}. */
    public static final class OpenOffer {
        public String triggerId;
        public String campaign;
        public int version;
        public CampaignTrigger.Status group;
        public long triggeredAt;
        public long until;
        public CampaignDefinition.ConversionEvent conversion;
        public String product;

        public OpenOffer() {}
    }

    /** Whether nothing is remembered (the state can be cleared). */
    public boolean isEmpty() {
        return balanceMinor == null
                && lastBillingAt == null
                && homeRegion == null
                && roamingMcc == null
                && marketing == null
                && optedOutChannels.isEmpty()
                && contacts.isEmpty()
                && lastFired.isEmpty()
                && progress.isEmpty()
                && deferred.isEmpty()
                && open.isEmpty();
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads {@link #toJson}'s value.
     *
     * @throws IllegalArgumentException if it is not one (never quoting it)
     */
    public static CampaignMemory fromJson(byte[] json) {
        CampaignMemory memory;
        try {
            memory = JSON.readValue(json, CampaignMemory.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("campaign memory is not readable JSON");
        }
        if (memory.format != FORMAT) {
            throw new IllegalArgumentException("campaign memory of format " + memory.format);
        }
        return memory;
    }
}
