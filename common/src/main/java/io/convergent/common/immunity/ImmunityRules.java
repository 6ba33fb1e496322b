package io.convergent.common.immunity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.convergent.common.numbering.NumberCategory;
import io.convergent.common.numbering.NumberRange;
import io.convergent.common.numbering.NumberingPlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the Digital Immunity jobs decide by, replaceable at runtime through {@code
 * control.immunity}: the numbering plan (which operator holds which range, and so which numbers are
 * ours and which are unallocated) and the reputation layer's thresholds.
 *
 * <p>On the wire a JSON document: {@code {"format": 1, "version": N, "numberingPlan": [{"prefix":
 * "+79580", "category": "OURS", "operator": "...", "country": "RU", "mcc": 250, "mnc": 62}, ...],
 * "reputation": {"massDialAttemptsPerHour": 20, ...}}}; {@code reputation} is optional, and any of
 * its fields left out keeps the {@linkplain ReputationThresholds#standard() shipped} value. A job
 * applies a document only if its {@code version} is higher than the one it runs, so an old document
 * replayed from the compacted topic never undoes a newer one. A document that cannot be used is
 * refused whole with a message naming the field; the rules in force stay.
 *
 * @param version increases with every published change
 * @param homeMcc the mobile country code of our own network: registered under any other, one of our
 *     subscribers is roaming
 */
public record ImmunityRules(
        long version, NumberingPlan numberingPlan, int homeMcc, ReputationThresholds reputation) {

    /** The document format this class reads and writes. */
    public static final int FORMAT = 1;

    /** The key the current rules are published under on the compacted control topic. */
    public static final String CONTROL_KEY = "rules";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS =
            Set.of("format", "version", "numberingPlan", "reputation");
    private static final Set<String> REPUTATION_FIELDS =
            Set.of(
                    "massDialAttemptsPerHour",
                    "massDialAttemptsPerDay",
                    "newCalleeShare",
                    "answerRatio",
                    "sequentialShare",
                    "complaintsPerDay",
                    "hintScore",
                    "massDialMemoryDays");
    private static final Set<String> RANGE_FIELDS =
            Set.of("prefix", "category", "operator", "country", "mcc", "mnc");

    public ImmunityRules {
        Objects.requireNonNull(numberingPlan, "numberingPlan");
        Objects.requireNonNull(reputation, "reputation");
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative, got " + version);
        }
    }

    /** The rules shipped with Convergent (version 0): the standard numbering plan. */
    public static ImmunityRules standard() {
        try {
            return of(0, NumberingPlan.standard());
        } catch (InvalidRulesException e) {
            throw new IllegalStateException("the shipped numbering plan is unusable", e);
        }
    }

    /** Rules over {@code plan} with the shipped reputation thresholds. */
    public static ImmunityRules of(long version, NumberingPlan plan) throws InvalidRulesException {
        return of(version, plan, ReputationThresholds.standard());
    }

    /** Rules over {@code plan}, whose own ranges must all carry the same, known country code. */
    public static ImmunityRules of(
            long version, NumberingPlan plan, ReputationThresholds reputation)
            throws InvalidRulesException {
        Set<Integer> ourMccs = new TreeSet<>();
        for (NumberRange range : plan.ranges(NumberCategory.OURS)) {
            ourMccs.add(range.mcc());
        }
        if (ourMccs.size() != 1 || ourMccs.contains(0)) {
            throw new InvalidRulesException(
                    "numberingPlan: our own (OURS) ranges must share one mobile country code, got "
                            + ourMccs);
        }
        return new ImmunityRules(version, plan, ourMccs.iterator().next(), reputation);
    }

    public static ImmunityRules fromJson(byte[] document) throws InvalidRulesException {
        if (document == null || document.length == 0) {
            throw new InvalidRulesException("empty rules document");
        }
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (IOException e) {
            throw new InvalidRulesException("rules document is not well-formed JSON");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRulesException("rules document must be a JSON object");
        }
        refuseUnknown(root, FIELDS, "");
        int format = requiredInt(root, "format", "format");
        if (format != FORMAT) {
            throw new InvalidRulesException(
                    "format: this version reads format " + FORMAT + ", got " + format);
        }
        long version = requiredLong(root, "version", "version");
        if (version < 1) {
            throw new InvalidRulesException("version: must be at least 1, got " + version);
        }
        JsonNode plan = root.get("numberingPlan");
        if (plan == null || !plan.isArray() || plan.isEmpty()) {
            throw new InvalidRulesException("numberingPlan: must be a non-empty array of ranges");
        }
        List<NumberRange> ranges = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            ranges.add(range(plan.get(i), "numberingPlan[" + i + "]"));
        }
        NumberingPlan numberingPlan;
        try {
            numberingPlan = new NumberingPlan(ranges);
        } catch (IllegalArgumentException e) {
            throw new InvalidRulesException("numberingPlan: " + e.getMessage(), e);
        }
        return of(version, numberingPlan, reputation(root.get("reputation")));
    }

    public byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", version);
        ArrayNode plan = root.putArray("numberingPlan");
        for (NumberRange range : numberingPlan.ranges()) {
            ObjectNode node = plan.addObject();
            node.put("prefix", range.prefix());
            node.put("category", range.category().name());
            node.put("operator", range.operator());
            node.put("country", range.country());
            node.put("mcc", range.mcc());
            node.put("mnc", range.mnc());
        }
        ObjectNode thresholds = root.putObject("reputation");
        thresholds.put("massDialAttemptsPerHour", reputation.massDialAttemptsPerHour());
        thresholds.put("massDialAttemptsPerDay", reputation.massDialAttemptsPerDay());
        thresholds.put("newCalleeShare", reputation.newCalleeShare());
        thresholds.put("answerRatio", reputation.answerRatio());
        thresholds.put("sequentialShare", reputation.sequentialShare());
        thresholds.put("complaintsPerDay", reputation.complaintsPerDay());
        thresholds.put("hintScore", reputation.hintScore());
        thresholds.put("massDialMemoryDays", reputation.massDialMemoryDays());
        try {
            return JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write rules", e);
        }
    }

    /** The same rules under another version, as a publisher bumps it. */
    public ImmunityRules withVersion(long newVersion) {
        return new ImmunityRules(newVersion, numberingPlan, homeMcc, reputation);
    }

    private static ReputationThresholds reputation(JsonNode node) throws InvalidRulesException {
        ReputationThresholds standard = ReputationThresholds.standard();
        if (node == null || node.isNull()) {
            return standard;
        }
        if (!node.isObject()) {
            throw new InvalidRulesException("reputation: must be an object");
        }
        refuseUnknown(node, REPUTATION_FIELDS, "reputation.");
        try {
            return new ReputationThresholds(
                    number(node, "massDialAttemptsPerHour", standard.massDialAttemptsPerHour()),
                    number(node, "massDialAttemptsPerDay", standard.massDialAttemptsPerDay()),
                    number(node, "newCalleeShare", standard.newCalleeShare()),
                    number(node, "answerRatio", standard.answerRatio()),
                    number(node, "sequentialShare", standard.sequentialShare()),
                    number(node, "complaintsPerDay", standard.complaintsPerDay()),
                    number(node, "hintScore", standard.hintScore()),
                    number(node, "massDialMemoryDays", standard.massDialMemoryDays()));
        } catch (IllegalArgumentException e) {
            // The record's own check names the field: "answerRatio must be in [0, 1], got 7.0".
            throw new InvalidRulesException("reputation." + e.getMessage(), e);
        }
    }

    private static double number(JsonNode node, String field, double absent)
            throws InvalidRulesException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.isNumber()) {
            throw new InvalidRulesException("reputation." + field + ": must be a number");
        }
        return value.doubleValue();
    }

    private static NumberRange range(JsonNode node, String path) throws InvalidRulesException {
        if (node == null || !node.isObject()) {
            throw new InvalidRulesException(path + ": must be an object");
        }
        refuseUnknown(node, RANGE_FIELDS, path + ".");
        String categoryName = requiredText(node, "category", path + ".category");
        NumberCategory category;
        try {
            category = NumberCategory.valueOf(categoryName);
        } catch (IllegalArgumentException e) {
            throw new InvalidRulesException(
                    path + ".category: unknown category '" + categoryName + "'");
        }
        JsonNode mcc = node.get("mcc");
        JsonNode mnc = node.get("mnc");
        try {
            return new NumberRange(
                    requiredText(node, "prefix", path + ".prefix"),
                    category,
                    optionalText(node, "operator", path + ".operator"),
                    optionalText(node, "country", path + ".country"),
                    mcc == null || mcc.isNull() ? 0 : requiredInt(node, "mcc", path + ".mcc"),
                    mnc == null || mnc.isNull() ? -1 : requiredInt(node, "mnc", path + ".mnc"));
        } catch (IllegalArgumentException e) {
            throw new InvalidRulesException(path + ": " + e.getMessage(), e);
        }
    }

    private static void refuseUnknown(JsonNode node, Set<String> known, String prefix)
            throws InvalidRulesException {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new InvalidRulesException(prefix + name + ": unknown field");
            }
        }
    }

    private static String requiredText(JsonNode node, String field, String path)
            throws InvalidRulesException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new InvalidRulesException(path + ": required text");
        }
        return value.asText();
    }

    private static String optionalText(JsonNode node, String field, String path)
            throws InvalidRulesException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isTextual()) {
            throw new InvalidRulesException(path + ": must be text");
        }
        return value.asText();
    }

    private static int requiredInt(JsonNode node, String field, String path)
            throws InvalidRulesException {
        JsonNode value = node.get(field);
        if (value == null || !value.isInt()) {
            throw new InvalidRulesException(path + ": required integer");
        }
        return value.intValue();
    }

    private static long requiredLong(JsonNode node, String field, String path)
            throws InvalidRulesException {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToLong() || !value.isIntegralNumber()) {
            throw new InvalidRulesException(path + ": required integer");
        }
        return value.longValue();
    }
}
