package io.convergent.common.campaigns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.convergent.common.campaigns.CampaignDefinition.Comparison;
import io.convergent.common.campaigns.CampaignDefinition.Condition;
import io.convergent.common.campaigns.CampaignDefinition.Conversion;
import io.convergent.common.campaigns.CampaignDefinition.ConversionEvent;
import io.convergent.common.campaigns.CampaignDefinition.Offer;
import io.convergent.common.campaigns.CampaignDefinition.OfferChannel;
import io.convergent.common.campaigns.CampaignDefinition.Step;
import io.convergent.common.campaigns.CampaignDefinition.Subject;
import io.convergent.common.campaigns.CampaignDefinition.Trigger;
import io.convergent.common.features.FeatureCatalog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads campaign definitions: YAML or JSON, one campaign a file, versioned.
 *
 * <pre>
 * id: roaming-welcome
 * version: 3
 * description: A roaming package when the subscriber lands abroad
 * trigger:
 *   event: roaming_entry              # or sequence: [{event: ...}, {event: ...}] with within: PT6H
 * eligibility:                        # all must hold
 *   - {score: roaming_package_14d, above: 0.3}
 *   - {feature: bank_products_opened_90d, equals: 0}
 * offer: {code: ROAM-7D, channel: push, message: "7 days of data abroad for 299 roubles"}
 * valid: {from: 2026-11-01, to: 2026-12-31}
 * control_share: 0.1                  # 0 to 0.5; default 0.1
 * priority: 60                        # 0 to 100, higher first; default 50
 * cooldown: P14D                      # silence after a contact; default P7D, at most P90D
 * conversion: {event: package_purchase, product: roaming_package, within: P7D}
 * </pre>
 *
 * Everything is checked, and a refusal names the source and the field: an unknown key, a missing
 * one, an unknown trigger event or feature, a parameter an event does not take, a window that ends
 * before it starts, a run of 10 or more digits, spaced or not (a phone or card number has no place
 * in a campaign). {@link #toJson} and {@link #fromJson} are the form on {@code control.campaigns}
 * (format {@value #FORMAT}), read back with the same checks.
 */
public final class CampaignDefinitions {

    public static final int FORMAT = 1;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{2,62}");
    private static final Pattern MODEL = Pattern.compile("[a-z][a-z0-9_]{1,62}");
    private static final Pattern OFFER_CODE = Pattern.compile("[A-Za-z0-9_-]{1,40}");

    /**
     * 10 or more digits in one run, written as people write numbers: "+7 (912) 345-67-89", "912 345
     * 67 89", "4276 1234 5678 9012" (up to three of a space of any kind, parentheses, a dot, a dash
     * or minus, or an invisible format character between digits; digits of any script; a date and a
     * time, "2026-12-01 09:00", stays under it).
     */
    private static final Pattern RAW_IDENTIFIER =
            Pattern.compile("\\p{Nd}(?:[\\p{Zs}\\p{Pd}\\p{Cf}().\\u2212]{0,3}\\p{Nd}){9,}");

    private static final int MAX_STEPS = 4;

    private static final Set<String> TOP_KEYS =
            Set.of(
                    "format",
                    "id",
                    "version",
                    "description",
                    "trigger",
                    "eligibility",
                    "offer",
                    "valid",
                    "control_share",
                    "priority",
                    "cooldown",
                    "conversion");

    private CampaignDefinitions() {}

    /** Reads a definition file's text; {@code source} names it in any refusal. */
    public static CampaignDefinition parse(String text, String source) {
        JsonNode root;
        try (com.fasterxml.jackson.core.JsonParser parser = YAML.createParser(text)) {
            root = YAML.readTree(parser);
            // readTree stops after the first document: a second campaign below a '---' would be
            // left out without a word.
            if (root != null && parser.nextToken() != null) {
                throw new InvalidCampaignException(
                        source + ": holds more than one document; one campaign a file");
            }
        } catch (JsonProcessingException e) {
            throw new InvalidCampaignException(
                    source + ": not YAML or JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidCampaignException(source + ": a campaign is a mapping of fields");
        }
        return read(root, source);
    }

    /**
     * Refuses a definition whose eligibility scores a model not among {@code knownModels}: such a
     * campaign is published and listed live, and never fires. Not part of {@link #parse} or {@link
     * #fromJson}: which models exist is known where the specifications are read ({@code campaigns
     * apply}), and the campaign job keeps reading what was published before.
     */
    public static void requireKnownModels(
            CampaignDefinition c, Collection<String> knownModels, String source) {
        List<Condition> eligibility = c.eligibility();
        for (int i = 0; i < eligibility.size(); i++) {
            Condition condition = eligibility.get(i);
            if (condition.subject() == Subject.SCORE && !knownModels.contains(condition.name())) {
                throw new InvalidCampaignException(
                        source
                                + ": eligibility["
                                + i
                                + "].score: unknown model '"
                                + condition.name()
                                + "'; known: "
                                + knownModels.stream().sorted().toList());
            }
        }
    }

    /**
     * Refuses a definition whose validity has ended everywhere by {@code now} ({@link
     * CampaignDefinition#endedBy}): published, it is listed and never fires on live events, which
     * is most often a mistyped year. Not part of {@link #parse} or {@link #fromJson}: the campaign
     * job keeps reading definitions that ended after they were published, and a history replayed
     * from before the end fires them in event time ({@code campaigns apply --allow-ended}).
     */
    public static void requireNotEnded(CampaignDefinition c, Instant now, String source) {
        if (c.endedBy(now)) {
            throw new InvalidCampaignException(
                    source
                            + ": valid.to: campaign '"
                            + c.id()
                            + "' ended on "
                            + c.validTo()
                            + " (its last day anywhere, at UTC-12, is past): it would never fire"
                            + " on live events");
        }
    }

    /** The definition as its {@code control.campaigns} record. */
    public static byte[] toJson(CampaignDefinition c) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("id", c.id());
        root.put("version", c.version());
        if (c.description() != null) {
            root.put("description", c.description());
        }
        ObjectNode trigger = root.putObject("trigger");
        if (c.trigger().isSequence()) {
            ArrayNode steps = trigger.putArray("sequence");
            c.trigger().steps().forEach(s -> writeStep(steps.addObject(), s));
            trigger.put("within", c.trigger().within().toString());
        } else {
            writeStep(trigger, c.trigger().steps().get(0));
        }
        ArrayNode eligibility = root.putArray("eligibility");
        for (Condition condition : c.eligibility()) {
            ObjectNode node = eligibility.addObject();
            node.put(condition.subject().name().toLowerCase(Locale.ROOT), condition.name());
            node.put(condition.comparison().name().toLowerCase(Locale.ROOT), condition.value());
        }
        ObjectNode offer = root.putObject("offer");
        offer.put("code", c.offer().code());
        offer.put("channel", c.offer().channel().name().toLowerCase(Locale.ROOT));
        if (c.offer().message() != null) {
            offer.put("message", c.offer().message());
        }
        ObjectNode valid = root.putObject("valid");
        valid.put("from", c.validFrom().toString());
        valid.put("to", c.validTo().toString());
        root.put("control_share", c.controlShare());
        root.put("priority", c.priority());
        root.put("cooldown", c.cooldown().toString());
        if (c.conversion() != null) {
            ObjectNode conversion = root.putObject("conversion");
            conversion.put("event", c.conversion().event().key());
            if (c.conversion().product() != null) {
                conversion.put("product", c.conversion().product().toLowerCase(Locale.ROOT));
            }
            conversion.put("within", c.conversion().within().toString());
        }
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads a {@code control.campaigns} record, with the same checks as a file. */
    public static CampaignDefinition fromJson(byte[] json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new InvalidCampaignException(source + ": not JSON");
        }
        if (root == null || root.path("format").asInt() != FORMAT) {
            throw new InvalidCampaignException(source + ": not a campaign of format " + FORMAT);
        }
        return read(root, source);
    }

    private static CampaignDefinition read(JsonNode root, String source) {
        refuseUnknown(root, TOP_KEYS, source);
        String id = text(root, "id", source);
        if (!ID.matcher(id).matches()) {
            throw new InvalidCampaignException(
                    source + ": id: '" + id + "' must be 3-63 of a-z, 0-9 and '-', from a letter");
        }
        JsonNode versionNode = required(root, "version", source);
        if (!versionNode.isInt() || versionNode.asInt() < 1) {
            throw new InvalidCampaignException(source + ": version: a whole number from 1");
        }
        String description = optionalText(root, "description", source);
        Trigger trigger = trigger(required(root, "trigger", source), source + ": trigger");
        List<Condition> eligibility = new ArrayList<>();
        JsonNode conditions = root.get("eligibility");
        if (conditions != null) {
            if (!conditions.isArray()) {
                throw new InvalidCampaignException(source + ": eligibility: a list of conditions");
            }
            for (int i = 0; i < conditions.size(); i++) {
                eligibility.add(condition(conditions.get(i), source + ": eligibility[" + i + "]"));
            }
        }
        Offer offer = offer(required(root, "offer", source), source + ": offer");
        JsonNode valid = required(root, "valid", source);
        refuseUnknown(valid, Set.of("from", "to"), source + ": valid");
        LocalDate from = date(valid, "from", source + ": valid");
        LocalDate to = date(valid, "to", source + ": valid");
        if (to.isBefore(from)) {
            throw new InvalidCampaignException(
                    source + ": valid: to (" + to + ") is before from (" + from + ")");
        }
        double controlShare = number(root, "control_share", 0.1, 0, 0.5, source);
        double priority = number(root, "priority", 50, 0, 100, source);
        if (priority != Math.rint(priority)) {
            throw new InvalidCampaignException(source + ": priority: a whole number");
        }
        Duration cooldown = CampaignDefinition.DEFAULT_COOLDOWN;
        if (root.has("cooldown")) {
            cooldown = duration(root, "cooldown", Duration.ofDays(90), source);
        }
        Conversion conversion = null;
        if (root.has("conversion")) {
            conversion = conversion(root.get("conversion"), source + ": conversion");
        }
        return new CampaignDefinition(
                id,
                versionNode.asInt(),
                description,
                trigger,
                eligibility,
                offer,
                from,
                to,
                controlShare,
                (int) priority,
                cooldown,
                conversion);
    }

    private static Conversion conversion(JsonNode node, String at) {
        if (!node.isObject()) {
            throw new InvalidCampaignException(at + ": a mapping with event and within");
        }
        refuseUnknown(node, Set.of("event", "product", "within"), at);
        String key = text(node, "event", at);
        ConversionEvent event =
                java.util.Arrays.stream(ConversionEvent.values())
                        .filter(e -> e.key().equals(key))
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        new InvalidCampaignException(
                                                at
                                                        + ".event: unknown conversion '"
                                                        + key
                                                        + "'; known: "
                                                        + java.util.Arrays.stream(
                                                                        ConversionEvent.values())
                                                                .map(ConversionEvent::key)
                                                                .toList()));
        String product = optionalText(node, "product", at);
        if (product != null) {
            product = product.toUpperCase(Locale.ROOT);
            Set<String> products = productsOf(event);
            if (!products.contains(product)) {
                throw new InvalidCampaignException(
                        at
                                + ".product: '"
                                + product.toLowerCase(Locale.ROOT)
                                + "' is not a product of "
                                + key
                                + "; known: "
                                + products.stream()
                                        .map(p -> p.toLowerCase(Locale.ROOT))
                                        .sorted()
                                        .toList());
            }
        }
        return new Conversion(event, product, duration(node, "within", Duration.ofDays(90), at));
    }

    private static Set<String> productsOf(ConversionEvent event) {
        Class<? extends Enum<?>> type =
                switch (event) {
                    case PACKAGE_PURCHASE -> io.convergent.common.event.BillingProduct.class;
                    case BANK_PRODUCT_OPENED -> io.convergent.common.event.BankProduct.class;
                    case TOP_UP -> null;
                };
        if (type == null) {
            return Set.of();
        }
        return java.util.Arrays.stream(type.getEnumConstants())
                .map(Enum::name)
                .collect(java.util.stream.Collectors.toSet());
    }

    private static final java.util.regex.Pattern WEEKS =
            java.util.regex.Pattern.compile(
                    "P(\\d{1,4})W", java.util.regex.Pattern.CASE_INSENSITIVE);

    /**
     * An ISO-8601 duration as {@link Duration#parse} reads it ({@code P7D}, {@code PT6H}), or in
     * weeks ({@code P1W}, which it does not read but ISO-8601 allows).
     */
    static Duration isoDuration(String text) {
        java.util.regex.Matcher weeks = WEEKS.matcher(text.trim());
        if (weeks.matches()) {
            return Duration.ofDays(7L * Integer.parseInt(weeks.group(1)));
        }
        return Duration.parse(text);
    }

    /** An ISO-8601 duration, more than zero and at most {@code max}. */
    private static Duration duration(JsonNode node, String key, Duration max, String at) {
        String text = text(node, key, at);
        Duration value;
        try {
            value = isoDuration(text);
        } catch (DateTimeParseException e) {
            throw new InvalidCampaignException(
                    at + ": " + key + ": an ISO-8601 duration such as P7D, got '" + text + "'");
        }
        if (value.isNegative() || value.isZero() || value.compareTo(max) > 0) {
            throw new InvalidCampaignException(
                    at + ": " + key + ": more than 0 and at most " + max.toDays() + " days");
        }
        return value;
    }

    private static Trigger trigger(JsonNode node, String at) {
        if (!node.isObject()) {
            throw new InvalidCampaignException(at + ": an event or a sequence");
        }
        if (node.has("sequence")) {
            refuseUnknown(node, Set.of("sequence", "within"), at);
            JsonNode steps = node.get("sequence");
            if (!steps.isArray() || steps.size() < 2 || steps.size() > MAX_STEPS) {
                throw new InvalidCampaignException(
                        at + ".sequence: a list of 2 to " + MAX_STEPS + " events");
            }
            List<Step> list = new ArrayList<>();
            for (int i = 0; i < steps.size(); i++) {
                list.add(step(steps.get(i), at + ".sequence[" + i + "]"));
            }
            Duration within;
            try {
                within = isoDuration(text(node, "within", at));
            } catch (DateTimeParseException e) {
                throw new InvalidCampaignException(
                        at + ".within: an ISO-8601 duration such as PT6H");
            }
            if (within.isNegative()
                    || within.isZero()
                    || within.compareTo(Duration.ofDays(31)) > 0) {
                throw new InvalidCampaignException(at + ".within: more than 0 and at most 31 days");
            }
            return new Trigger(list, within);
        }
        return new Trigger(List.of(step(node, at)), null);
    }

    private static Step step(JsonNode node, String at) {
        if (!node.isObject()) {
            throw new InvalidCampaignException(at + ": a mapping with an event");
        }
        String key = text(node, "event", at);
        if (TriggerEvent.NOT_YET.containsKey(key)) {
            throw new InvalidCampaignException(
                    at + ".event: '" + key + "' cannot fire yet: " + TriggerEvent.NOT_YET.get(key));
        }
        TriggerEvent event =
                TriggerEvent.byKey(key)
                        .orElseThrow(
                                () ->
                                        new InvalidCampaignException(
                                                at
                                                        + ".event: unknown event '"
                                                        + key
                                                        + "'; known: "
                                                        + java.util.Arrays.stream(
                                                                        TriggerEvent.values())
                                                                .map(TriggerEvent::key)
                                                                .toList()));
        Map<String, Double> parameters = new LinkedHashMap<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (name.equals("event")) {
                continue;
            }
            if (!event.required().contains(name) && !event.optional().contains(name)) {
                throw new InvalidCampaignException(
                        at + "." + name + ": " + key + " takes no parameter '" + name + "'");
            }
            JsonNode value = node.get(name);
            if (!value.isNumber() || value.asDouble() <= 0) {
                throw new InvalidCampaignException(at + "." + name + ": a positive number");
            }
            if (name.equals("dormant_days") && value.asDouble() > TriggerEvent.MAX_DORMANT_DAYS) {
                throw new InvalidCampaignException(
                        at
                                + ".dormant_days: at most "
                                + TriggerEvent.MAX_DORMANT_DAYS
                                + ", got "
                                + value.asText()
                                + ": the campaign job forgets a subscriber silent for longer, so"
                                + " the campaign could never fire");
            }
            parameters.put(name, value.asDouble());
        }
        for (String name : event.required()) {
            if (!parameters.containsKey(name)) {
                throw new InvalidCampaignException(at + "." + name + ": required by " + key);
            }
        }
        return new Step(event, parameters);
    }

    private static Condition condition(JsonNode node, String at) {
        if (!node.isObject()) {
            throw new InvalidCampaignException(at + ": a mapping such as {score: m, above: 0.7}");
        }
        refuseUnknown(node, Set.of("score", "feature", "above", "below", "equals"), at);
        Subject subject;
        String name;
        if (node.has("score") == node.has("feature")) {
            throw new InvalidCampaignException(at + ": either score or feature");
        } else if (node.has("score")) {
            subject = Subject.SCORE;
            name = text(node, "score", at);
            if (!MODEL.matcher(name).matches()) {
                throw new InvalidCampaignException(
                        at + ".score: '" + name + "' is not a model name");
            }
        } else {
            subject = Subject.FEATURE;
            name = text(node, "feature", at);
            if (!FeatureCatalog.names().contains(name)) {
                throw new InvalidCampaignException(
                        at
                                + ".feature: unknown feature '"
                                + name
                                + "' (docs/tables.md lists them)");
            }
        }
        List<Comparison> given = new ArrayList<>();
        for (Comparison c : Comparison.values()) {
            if (node.has(c.name().toLowerCase(Locale.ROOT))) {
                given.add(c);
            }
        }
        if (given.size() != 1) {
            throw new InvalidCampaignException(at + ": exactly one of above, below, equals");
        }
        Comparison comparison = given.get(0);
        JsonNode value = node.get(comparison.name().toLowerCase(Locale.ROOT));
        if (!value.isNumber()) {
            throw new InvalidCampaignException(
                    at + "." + comparison.name().toLowerCase(Locale.ROOT) + ": a number");
        }
        if (subject == Subject.SCORE && (value.asDouble() < 0 || value.asDouble() > 1)) {
            throw new InvalidCampaignException(
                    at + "." + comparison.name().toLowerCase(Locale.ROOT) + ": a score is 0 to 1");
        }
        if (subject == Subject.SCORE
                && ((comparison == Comparison.ABOVE && value.asDouble() >= 1)
                        || (comparison == Comparison.BELOW && value.asDouble() <= 0))) {
            // Accepted, the campaign would wait for ever for a subscriber it can never have.
            throw new InvalidCampaignException(
                    at
                            + "."
                            + comparison.name().toLowerCase(Locale.ROOT)
                            + ": no score is "
                            + comparison.name().toLowerCase(Locale.ROOT)
                            + " "
                            + value.asText()
                            + " (scores are 0 to 1)");
        }
        return new Condition(subject, name, comparison, value.asDouble());
    }

    private static Offer offer(JsonNode node, String at) {
        if (!node.isObject()) {
            throw new InvalidCampaignException(at + ": a mapping with code and channel");
        }
        refuseUnknown(node, Set.of("code", "channel", "message"), at);
        String code = text(node, "code", at);
        if (!OFFER_CODE.matcher(code).matches()) {
            throw new InvalidCampaignException(at + ".code: 1-40 of letters, digits, '_' and '-'");
        }
        String channel = text(node, "channel", at);
        OfferChannel parsed;
        try {
            parsed = OfferChannel.valueOf(channel.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidCampaignException(
                    at + ".channel: '" + channel + "' is not one of push, sms, email, call_centre");
        }
        String message = optionalText(node, "message", at);
        if (message != null && message.length() > 500) {
            throw new InvalidCampaignException(at + ".message: at most 500 characters");
        }
        return new Offer(code, parsed, message);
    }

    private static void writeStep(ObjectNode node, Step step) {
        node.put("event", step.event().key());
        step.parameters().forEach(node::put);
    }

    private static JsonNode required(JsonNode node, String key, String at) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            throw new InvalidCampaignException(at + ": " + key + ": required");
        }
        return value;
    }

    private static String text(JsonNode node, String key, String at) {
        JsonNode value = required(node, key, at);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new InvalidCampaignException(at + ": " + key + ": a text is required");
        }
        return checked(value.asText(), at + ": " + key);
    }

    private static String optionalText(JsonNode node, String key, String at) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidCampaignException(at + ": " + key + ": a text");
        }
        return checked(value.asText(), at + ": " + key);
    }

    /**
     * Dates and times, as an offer's text gives a period ("01.12.2026-31.12.2026", "2026-12-01",
     * "2026.12.01") or opening hours ("10:00 - 22:00", "10.00-22.00"): not identifiers, and left
     * out of the check so their digits do not add up to one.
     */
    private static final Pattern DATE =
            Pattern.compile(
                    "\\b(?:\\d{1,2}[./]\\d{1,2}[./]\\d{2,4}|\\d{4}[-./]\\d{1,2}[-./]\\d{1,2}"
                            + "|\\d{1,2}[:.]\\d{2})\\b");

    /** A run of 10+ digits is a phone, card or account number: never in a campaign. */
    private static String checked(String text, String at) {
        if (RAW_IDENTIFIER.matcher(DATE.matcher(text).replaceAll(" ")).find()) {
            throw new InvalidCampaignException(
                    at + ": holds a run of 10 or more digits (an identifier has no place here)");
        }
        return text;
    }

    private static LocalDate date(JsonNode node, String key, String at) {
        String text = text(node, key, at);
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidCampaignException(
                    at + "." + key + ": a date YYYY-MM-DD, got '" + text + "'");
        }
    }

    private static double number(
            JsonNode node, String key, double fallback, double min, double max, String at) {
        JsonNode value = node.get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isNumber() || value.asDouble() < min || value.asDouble() > max) {
            throw new InvalidCampaignException(
                    at + ": " + key + ": a number from " + min + " to " + max);
        }
        return value.asDouble();
    }

    private static void refuseUnknown(JsonNode node, Set<String> known, String at) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw new InvalidCampaignException(at + ": unknown field '" + key + "'");
            }
        }
    }
}
