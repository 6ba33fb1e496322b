package io.convergent.batch.imports;

import java.util.Locale;
import java.util.Set;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * The type a CSV column is imported as, inferred from every value it holds: the narrowest kind all
 * its non-missing values fit. A column of phone numbers is never stored as they are: its values are
 * pseudonymised, so they join with every other table's subscriber pseudonyms.
 */
public enum ColumnKind {
    IDENTIFIER(Types.StringType.get()),
    LONG(Types.LongType.get()),
    DOUBLE(Types.DoubleType.get()),
    BOOLEAN(Types.BooleanType.get()),
    STRING(Types.StringType.get());

    /** Cells that mean "no value": stored as null. */
    static final Set<String> MISSING = Set.of("", "na", "n/a", "null", "none", "nan");

    private static final Set<String> TRUE = Set.of("true", "yes", "y");
    private static final Set<String> FALSE = Set.of("false", "no", "n");

    private final Type icebergType;

    ColumnKind(Type icebergType) {
        this.icebergType = icebergType;
    }

    Type icebergType() {
        return icebergType;
    }

    static boolean isMissing(String cell) {
        return MISSING.contains(cell.trim().toLowerCase(Locale.ROOT));
    }

    /** Whether {@code cell} (not missing) can be a value of this kind. */
    boolean accepts(String cell) {
        String value = cell.trim();
        return switch (this) {
            case IDENTIFIER -> false; // decided by the column's name or IdentifierKind checks
            case LONG -> parses(value, true);
            case DOUBLE -> parses(value, false);
            case BOOLEAN ->
                    TRUE.contains(value.toLowerCase(Locale.ROOT))
                            || FALSE.contains(value.toLowerCase(Locale.ROOT));
            case STRING -> true;
        };
    }

    /** {@code cell}'s value as the Java type Iceberg's generic records hold for this kind. */
    Object value(String cell) {
        String value = cell.trim();
        return switch (this) {
            case LONG -> Long.parseLong(value);
            case DOUBLE -> Double.parseDouble(value);
            case BOOLEAN -> TRUE.contains(value.toLowerCase(Locale.ROOT));
            case IDENTIFIER, STRING -> cell;
        };
    }

    private static boolean parses(String value, boolean whole) {
        try {
            if (whole) {
                Long.parseLong(value);
            } else {
                double d = Double.parseDouble(value);
                return !Double.isNaN(d)
                        && !Double.isInfinite(d)
                        && !value.endsWith("d")
                        && !value.endsWith("f")
                        && !value.endsWith("D")
                        && !value.endsWith("F");
            }
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
