package io.convergent.common.campaigns;

import io.convergent.common.campaigns.CampaignDefinition.OfferChannel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
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
 * progress of sequence triggers, the offers held over quiet hours or awaiting a conversion, and
 * their contact preferences. Held as one binary value per subscriber ({@link #toBytes}, format
 * {@value #FORMAT}: a new field means a new format, read beside the old). Pseudonyms and campaign
 * ids only.
 */
public final class CampaignMemory {

    /**
     * 3: a sequence's progress is the step matches seen, in event time. 2: a held trigger keeps its
     * offer. 1 and 2 are still read (their progress as its first step's time; 1's held triggers
     * without an offer), and still written when they say all, so a rollback reads most memories.
     */
    public static final int FORMAT = 3;

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

    public Set<OfferChannel> optedOutChannels = EnumSet.noneOf(OfferChannel.class);

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
     * A sequence trigger's steps seen so far, for the campaign version {@code version}: each event
     * that matched a step, by its event time, in the order they arrived. The engine looks for the
     * steps in event-time order among them (see {@link SequenceChain}), so a step read before the
     * one it follows (topics read at different paces) still completes the sequence.
     */
    public static final class Progress {
        /** Matches kept per campaign: the newest, enough for any sequence of up to four steps. */
        public static final int MAX_SEEN = 16;

        public int version;
        public List<Seen> seen = new ArrayList<>();

        public Progress() {}

        public Progress(int version) {
            this.version = version;
        }

        /**
         * Adds a match, and drops those too old to be part of any chain with an event up to {@code
         * within} behind the newest seen (two windows back), and the oldest beyond {@link
         * #MAX_SEEN}.
         */
        public void add(Seen match, long within) {
            add(match, within, Long.MAX_VALUE);
        }

        /**
         * As {@link #add(Seen, long)}, with the two windows counted back from the lower of the
         * newest seen and {@code readUpTo}, the time every input has been read up to.
         */
        public void add(Seen match, long within, long readUpTo) {
            seen.add(match);
            long newest = Long.MIN_VALUE;
            for (Seen s : seen) {
                newest = Math.max(newest, s.time());
            }
            long horizon = horizon(Math.min(newest, readUpTo), within);
            seen.removeIf(s -> s.time() < horizon);
            while (seen.size() > MAX_SEEN) {
                seen.remove(oldestOfTheCommonestStep());
            }
        }

        /**
         * Two windows before {@code at}: the oldest step a chain ending at {@code at} or later can
         * use. Saturates, so a watermark not yet set ({@link Long#MIN_VALUE}) forgets nothing.
         */
        static long horizon(long at, long within) {
            return at < Long.MIN_VALUE + 2 * within ? Long.MIN_VALUE : at - 2 * within;
        }

        /**
         * The match to drop when there are too many: the oldest in event time of the step matched
         * most often, so a burst of one step (every top-up) never pushes out the only match of
         * another.
         */
        private Seen oldestOfTheCommonestStep() {
            int[] counts = new int[8];
            for (Seen s : seen) {
                counts[s.step()]++;
            }
            int commonest = 0;
            for (int step = 1; step < counts.length; step++) {
                if (counts[step] > counts[commonest]) {
                    commonest = step;
                }
            }
            Seen oldest = null;
            for (Seen s : seen) {
                if (s.step() == commonest && (oldest == null || s.time() < oldest.time())) {
                    oldest = s;
                }
            }
            return oldest;
        }
    }

    /**
     * One event that matched step {@code step} of a sequence, at event time {@code time}; {@code
     * event} tells events apart (a hash of the event id), so one event never fills two steps.
     */
    public record Seen(int step, long time, int event) {}

    /** A campaign that fired on {@code eventId} during quiet hours, due when they end. */
    public static final class Deferred {
        public String campaign;
        public int version;
        public String eventId;
        public long triggeredAt;
        public long due;

        /**
         * The offer as it fired, so that a trigger whose campaign is gone by {@link #due} can still
         * be recorded; null in a memory of format 1.
         */
        public String offerCode;

        public OfferChannel channel;
        public int priority;

        public Deferred() {}

        public Deferred(
                String campaign,
                int version,
                String eventId,
                long triggeredAt,
                long due,
                String offerCode,
                OfferChannel channel,
                int priority) {
            this.campaign = campaign;
            this.version = version;
            this.eventId = eventId;
            this.triggeredAt = triggeredAt;
            this.due = due;
            this.offerCode = offerCode;
            this.channel = channel;
            this.priority = priority;
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

    /**
     * The memory as its state value: a compact binary form, read and written for every event of the
     * subscriber (a JSON form cost a tenth of the job's time in a profile).
     */
    public byte[] toBytes() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
            DataOutputStream out = new DataOutputStream(bytes);
            // Format 1 whenever it says all: a build before format 2 still reads every memory
            // without a held offer (a rollback then loses only those, not every subscriber's).
            boolean offersHeld = deferred.stream().anyMatch(d -> d.offerCode != null);
            int format = !progress.isEmpty() ? FORMAT : offersHeld ? 2 : 1;
            out.writeByte(format);
            writeNullableLong(out, balanceMinor);
            writeNullableLong(out, lastBillingAt);
            writeNullableLong(out, homeRegion == null ? null : homeRegion.longValue());
            writeNullableLong(out, roamingMcc == null ? null : roamingMcc.longValue());
            out.writeByte(marketing == null ? 2 : marketing ? 1 : 0);
            int channels = 0;
            for (OfferChannel channel : optedOutChannels) {
                channels |= 1 << channel.ordinal();
            }
            out.writeByte(channels);
            out.writeShort(contacts.size());
            for (Contact c : contacts) {
                out.writeUTF(c.campaign);
                out.writeLong(c.at);
            }
            out.writeShort(lastFired.size());
            for (Map.Entry<String, Long> e : lastFired.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue());
            }
            out.writeShort(progress.size());
            for (Map.Entry<String, Progress> e : progress.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().version);
                out.writeByte(e.getValue().seen.size());
                for (Seen seen : e.getValue().seen) {
                    out.writeByte(seen.step());
                    out.writeLong(seen.time());
                    out.writeInt(seen.event());
                }
            }
            out.writeShort(deferred.size());
            for (Deferred d : deferred) {
                out.writeUTF(d.campaign);
                out.writeInt(d.version);
                out.writeUTF(d.eventId);
                out.writeLong(d.triggeredAt);
                out.writeLong(d.due);
                if (format < 2) {
                    continue;
                }
                out.writeBoolean(d.offerCode != null);
                if (d.offerCode != null) {
                    out.writeUTF(d.offerCode);
                    out.writeByte(d.channel.ordinal());
                    out.writeInt(d.priority);
                }
            }
            out.writeShort(open.size());
            for (OpenOffer o : open) {
                out.writeUTF(o.triggerId);
                out.writeUTF(o.campaign);
                out.writeInt(o.version);
                out.writeByte(o.group.ordinal());
                out.writeLong(o.triggeredAt);
                out.writeLong(o.until);
                out.writeByte(o.conversion.ordinal());
                out.writeUTF(o.product == null ? "" : o.product);
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads {@link #toBytes}'s value.
     *
     * @throws IllegalArgumentException if it is not one
     */
    public static CampaignMemory fromBytes(byte[] bytes) {
        CampaignMemory m = new CampaignMemory();
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            int format = in.readByte();
            if (format < 1 || format > FORMAT) {
                throw new IllegalArgumentException("campaign memory of format " + format);
            }
            m.balanceMinor = readNullableLong(in);
            m.lastBillingAt = readNullableLong(in);
            Long region = readNullableLong(in);
            m.homeRegion = region == null ? null : region.intValue();
            Long mcc = readNullableLong(in);
            m.roamingMcc = mcc == null ? null : mcc.intValue();
            int marketing = in.readByte();
            m.marketing = marketing == 2 ? null : marketing == 1;
            int channels = in.readByte();
            for (OfferChannel channel : OfferChannel.values()) {
                if ((channels & (1 << channel.ordinal())) != 0) {
                    m.optedOutChannels.add(channel);
                }
            }
            for (int i = in.readShort(); i > 0; i--) {
                m.contacts.add(new Contact(in.readUTF(), in.readLong()));
            }
            for (int i = in.readShort(); i > 0; i--) {
                m.lastFired.put(in.readUTF(), in.readLong());
            }
            for (int i = in.readShort(); i > 0; i--) {
                String campaign = in.readUTF();
                Progress progress = new Progress(in.readInt());
                if (format >= 3) {
                    for (int j = in.readByte(); j > 0; j--) {
                        progress.seen.add(new Seen(in.readByte(), in.readLong(), in.readInt()));
                    }
                } else {
                    // Formats 1 and 2 kept how many steps had matched and the first one's time:
                    // those steps, at that time (their order kept, their own times unknown).
                    int matched = in.readByte();
                    long since = in.readLong();
                    for (int step = 0; step < matched; step++) {
                        progress.seen.add(new Seen(step, since, -1 - step));
                    }
                }
                m.progress.put(campaign, progress);
            }
            for (int i = in.readShort(); i > 0; i--) {
                Deferred d = new Deferred();
                d.campaign = in.readUTF();
                d.version = in.readInt();
                d.eventId = in.readUTF();
                d.triggeredAt = in.readLong();
                d.due = in.readLong();
                if (format >= 2 && in.readBoolean()) {
                    d.offerCode = in.readUTF();
                    d.channel = OfferChannel.values()[in.readByte()];
                    d.priority = in.readInt();
                }
                m.deferred.add(d);
            }
            for (int i = in.readShort(); i > 0; i--) {
                OpenOffer o = new OpenOffer();
                o.triggerId = in.readUTF();
                o.campaign = in.readUTF();
                o.version = in.readInt();
                o.group = CampaignTrigger.Status.values()[in.readByte()];
                o.triggeredAt = in.readLong();
                o.until = in.readLong();
                o.conversion = CampaignDefinition.ConversionEvent.values()[in.readByte()];
                String product = in.readUTF();
                o.product = product.isEmpty() ? null : product;
                m.open.add(o);
            }
            if (in.available() != 0) {
                throw new IllegalArgumentException("campaign memory with trailing bytes");
            }
        } catch (IOException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("campaign memory is not readable");
        }
        return m;
    }

    private static void writeNullableLong(DataOutputStream out, Long value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeLong(value);
        }
    }

    private static Long readNullableLong(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readLong() : null;
    }
}
