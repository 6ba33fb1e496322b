package io.convergent.common.numbering;

import io.convergent.common.identity.ServiceAddresses;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The national numbering plan plus the foreign country codes we know: which range a number falls
 * in, by longest matching prefix. Shipped as {@code numbering-plan.csv}; a deployment can load its
 * regulator's published ranges with {@link #parse}.
 */
public final class NumberingPlan {

    private static final String RESOURCE = "numbering-plan.csv";
    private static final String HEADER = "prefix,category,operator,country,mcc,mnc";
    private static final int MAX_PREFIX_DIGITS = 9;

    private final List<NumberRange> ranges;
    private final Map<String, NumberRange> byPrefix;
    private final NumberRange unallocated;

    public NumberingPlan(List<NumberRange> ranges) {
        this.ranges = List.copyOf(Objects.requireNonNull(ranges, "ranges"));
        this.byPrefix = new HashMap<>();
        for (NumberRange range : this.ranges) {
            NumberRange previous = byPrefix.put(range.prefix(), range);
            if (previous != null) {
                throw new IllegalArgumentException(
                        "numbering plan lists prefix " + range.prefix() + " twice");
            }
        }
        this.unallocated = new NumberRange("+9", NumberCategory.UNALLOCATED, "", "", 0, -1);
    }

    /** The plan shipped with Convergent. */
    public static NumberingPlan standard() {
        try (InputStream in = NumberingPlan.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("numbering plan resource " + RESOURCE + " missing");
            }
            return parse(in, RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /**
     * Reads a plan in the CSV form {@code prefix,category,operator,country,mcc,mnc} (a header row,
     * {@code #} comments). A malformed row is refused with its line number.
     */
    public static NumberingPlan parse(InputStream in, String source) throws IOException {
        BufferedReader reader =
                new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        List<NumberRange> ranges = new ArrayList<>();
        String line;
        int number = 0;
        boolean headerSeen = false;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (!headerSeen) {
                if (!line.trim().equals(HEADER)) {
                    throw new IllegalArgumentException(
                            source + ":" + number + ": expected header '" + HEADER + "'");
                }
                headerSeen = true;
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length != 6) {
                throw new IllegalArgumentException(
                        source + ":" + number + ": expected 6 columns, got " + cells.length);
            }
            try {
                ranges.add(
                        new NumberRange(
                                cells[0].trim(),
                                NumberCategory.valueOf(cells[1].trim()),
                                cells[2].trim(),
                                cells[3].trim(),
                                cells[4].isBlank() ? 0 : Integer.parseInt(cells[4].trim()),
                                cells[5].isBlank() ? -1 : Integer.parseInt(cells[5].trim())));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        source + ":" + number + ": " + e.getMessage(), e);
            }
        }
        return new NumberingPlan(ranges);
    }

    /**
     * The range {@code e164} falls in; a number under no listed prefix, or anything that is not an
     * E.164 number, is {@link NumberCategory#UNALLOCATED}.
     */
    public NumberRange lookup(String e164) {
        if (e164 == null || e164.length() < 2 || e164.charAt(0) != '+') {
            return unallocated;
        }
        for (int length = Math.min(e164.length(), MAX_PREFIX_DIGITS + 1); length >= 2; length--) {
            NumberRange range = byPrefix.get(e164.substring(0, length));
            if (range != null) {
                return range;
            }
        }
        return unallocated;
    }

    /**
     * Who {@code address} belongs to: a canonical phone number's range, or {@link
     * NumberCategory#SERVICE} for a short number or sender name (see {@link ServiceAddresses}).
     */
    public NumberCategory categoryOf(String address) {
        return ServiceAddresses.isServiceAddress(address)
                ? NumberCategory.SERVICE
                : lookup(address).category();
    }

    public List<NumberRange> ranges() {
        return ranges;
    }

    public List<NumberRange> ranges(NumberCategory category) {
        return ranges.stream().filter(r -> r.category() == category).toList();
    }
}
