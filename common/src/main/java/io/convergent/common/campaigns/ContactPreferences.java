package io.convergent.common.campaigns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.convergent.common.campaigns.CampaignDefinition.OfferChannel;
import io.convergent.common.identity.Pseudonymiser;
import io.convergent.common.text.Spelling;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A subscriber's say on marketing, as the CRM records it: on {@code control.contact-preferences}
 * (compacted, key = the subscriber's pseudonym; a tombstone forgets it). Format {@value #FORMAT}.
 *
 * <pre>{"format":1,"subscriber":"k1.…","marketing":false,"optedOutChannels":["sms"],
 *  "updatedAt":1790000000000}</pre>
 *
 * @param marketing {@code true}: consented; {@code false}: opted out of all marketing; {@code
 *     null}: never said (what the policy then assumes is {@link ContactPolicy#consentRequired})
 * @param optedOutChannels channels refused even where marketing is allowed
 */
public record ContactPreferences(
        String subscriber, Boolean marketing, Set<OfferChannel> optedOutChannels, long updatedAt) {

    public static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    public ContactPreferences {
        Objects.requireNonNull(subscriber, "subscriber");
        if (!Pseudonymiser.isPseudonym(subscriber)) {
            throw new IllegalArgumentException(
                    "contact preferences: subscriber is not a pseudonym");
        }
        optedOutChannels =
                optedOutChannels.isEmpty()
                        ? Set.of()
                        : Set.copyOf(EnumSet.copyOf(optedOutChannels));
    }

    /**
     * What a subscriber's preferences become when they opt in (to all marketing, every refusal
     * cleared) or opt out: of all marketing when {@code channels} is empty, keeping the channels
     * refused before; of {@code channels} otherwise, on top of what they said before. A record on
     * the compacted topic is the whole of what the subscriber said, so an opt-out of one channel
     * must not undo an earlier opt-out of everything.
     *
     * @param before the latest record for the subscriber, or {@code null}
     */
    public static ContactPreferences after(
            ContactPreferences before,
            String subscriber,
            boolean optIn,
            Set<OfferChannel> channels,
            long at) {
        if (optIn) {
            if (!channels.isEmpty()) {
                throw new IllegalArgumentException("an opt-in is for every channel");
            }
            return new ContactPreferences(subscriber, Boolean.TRUE, Set.of(), at);
        }
        EnumSet<OfferChannel> refused = EnumSet.noneOf(OfferChannel.class);
        if (before != null) {
            refused.addAll(before.optedOutChannels());
        }
        refused.addAll(channels);
        Boolean marketing =
                channels.isEmpty() ? Boolean.FALSE : before == null ? null : before.marketing();
        return new ContactPreferences(subscriber, marketing, refused, at);
    }

    public byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("subscriber", subscriber);
        if (marketing != null) {
            root.put("marketing", marketing);
        }
        var channels = root.putArray("optedOutChannels");
        EnumSet<OfferChannel> sorted =
                optedOutChannels.isEmpty()
                        ? EnumSet.noneOf(OfferChannel.class)
                        : EnumSet.copyOf(optedOutChannels);
        sorted.forEach(c -> channels.add(c.name().toLowerCase(Locale.ROOT)));
        root.put("updatedAt", updatedAt);
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The fields of the record; others a producer adds are ignored, and not kept. */
    private static final java.util.Set<String> FIELDS =
            java.util.Set.of("format", "subscriber", "marketing", "optedOutChannels", "updatedAt");

    /**
     * Refuses a field that is not one of the record's but a near miss of one of its preferences
     * ({@code optedOutChannel}, {@code opted_out_channels}, {@code marketting}): ignored, it would
     * leave the subscriber's refusal untaken without a word. Any other field a producer adds
     * ({@code consentSource}, {@code salesChannel}) is ignored, and not kept.
     */
    private static void refuseMisspeltPreferences(JsonNode root) {
        for (java.util.Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (FIELDS.contains(name)) {
                continue;
            }
            String folded = folded(name);
            for (String preference : new String[] {"optedOutChannels", "marketing"}) {
                if (Spelling.withinTwoEdits(folded, folded(preference))) {
                    throw new IllegalArgumentException(
                            "contact preferences: unknown field '"
                                    + name.replaceAll("\\p{Nd}", "#")
                                    + "', not '"
                                    + preference
                                    + "'");
                }
            }
        }
    }

    /** A field name without case, underscores, hyphens or spaces. */
    private static String folded(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[_\\-\\s]", "");
    }

    /**
     * Reads {@link #toJson}'s record.
     *
     * @throws IllegalArgumentException naming what is wrong, never quoting the record
     */
    public static ContactPreferences fromJson(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("contact preferences are not JSON");
        }
        if (root == null || root.path("format").asInt() != FORMAT) {
            throw new IllegalArgumentException("not contact preferences of format " + FORMAT);
        }
        JsonNode marketing = root.get("marketing");
        if (marketing != null && !marketing.isNull() && !marketing.isBoolean()) {
            throw new IllegalArgumentException("contact preferences: marketing is true or false");
        }
        refuseMisspeltPreferences(root);
        JsonNode optedOut = root.get("optedOutChannels");
        if (optedOut != null && !optedOut.isNull() && !optedOut.isArray()) {
            // "sms" or "sms,push" read as a list would be no opt-out at all.
            throw new IllegalArgumentException(
                    "contact preferences: optedOutChannels is a list of channels");
        }
        EnumSet<OfferChannel> channels = EnumSet.noneOf(OfferChannel.class);
        for (JsonNode channel : root.path("optedOutChannels")) {
            if (!channel.isTextual()) {
                throw new IllegalArgumentException(
                        "contact preferences: each of optedOutChannels is a channel's name");
            }
            try {
                channels.add(OfferChannel.valueOf(channel.asText().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                // The channel is not quoted: the reason must name no value of the record.
                throw new IllegalArgumentException(
                        "contact preferences: an unknown channel in optedOutChannels (known: "
                                + java.util.Arrays.stream(OfferChannel.values())
                                        .map(c -> c.name().toLowerCase(Locale.ROOT))
                                        .collect(java.util.stream.Collectors.joining(", "))
                                + ")");
            }
        }
        return new ContactPreferences(
                root.path("subscriber").asText(""),
                marketing == null || marketing.isNull() ? null : marketing.asBoolean(),
                channels,
                root.path("updatedAt").asLong());
    }
}
