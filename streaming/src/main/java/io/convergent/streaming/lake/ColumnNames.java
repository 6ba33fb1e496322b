package io.convergent.streaming.lake;

/** Wire field names (camelCase) as SQL column names (snake_case), the form analysts type. */
public final class ColumnNames {

    private ColumnNames() {}

    /** {@code eventId} → {@code event_id}; {@code visitedMcc} → {@code visited_mcc}. */
    public static String of(String fieldName) {
        StringBuilder column = new StringBuilder(fieldName.length() + 4);
        for (int i = 0; i < fieldName.length(); i++) {
            char c = fieldName.charAt(i);
            if (Character.isUpperCase(c)) {
                column.append('_').append(Character.toLowerCase(c));
            } else {
                column.append(c);
            }
        }
        return column.toString();
    }
}
