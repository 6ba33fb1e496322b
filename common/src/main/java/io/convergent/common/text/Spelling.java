package io.convergent.common.text;

/** Near misses of a name: what a refusal can point out ("not 'optedOutChannels'"). */
public final class Spelling {

    private Spelling() {}

    /** Whether {@code a} becomes {@code b} in at most two insertions, deletions or changes. */
    public static boolean withinTwoEdits(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 2) {
            return false;
        }
        // Levenshtein distance, two rows at a time: the names compared are short.
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()] <= 2;
    }
}
