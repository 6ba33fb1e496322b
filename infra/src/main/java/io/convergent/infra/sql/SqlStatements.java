package io.convergent.infra.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a script into statements at semicolons outside string literals, quoted identifiers and
 * comments, the way a SQL shell reads what is typed into it.
 */
final class SqlStatements {

    private final StringBuilder pending = new StringBuilder();
    private char quote;
    private boolean lineComment;
    private boolean blockComment;

    /**
     * Feeds more text (e.g. one typed line with its line break) and returns the statements it
     * completed, trimmed, without their semicolons; an unfinished one waits for more text.
     */
    List<String> feed(String text) {
        List<String> complete = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            if (lineComment) {
                lineComment = c != '\n';
            } else if (blockComment) {
                if (c == '*' && next == '/') {
                    blockComment = false;
                    pending.append("*/");
                    i++;
                    continue;
                }
            } else if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '`' || c == '"') {
                quote = c;
            } else if (c == '-' && next == '-') {
                lineComment = true;
                i++;
                continue;
            } else if (c == '/' && next == '*') {
                blockComment = true;
                pending.append("/*");
                i++;
                continue;
            } else if (c == ';') {
                String statement = pending.toString().trim();
                if (!statement.isEmpty()) {
                    complete.add(statement);
                }
                pending.setLength(0);
                continue;
            }
            if (!lineComment) {
                pending.append(c);
            }
        }
        return complete;
    }

    /** What was fed after the last complete statement, trimmed ({@code ""} when nothing). */
    String rest() {
        return pending.toString().trim();
    }
}
