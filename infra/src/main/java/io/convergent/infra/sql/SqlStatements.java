package io.convergent.infra.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a script into statements at semicolons outside string literals, quoted identifiers and
 * comments, the way a SQL shell reads what is typed into it. A statement set ({@code EXECUTE
 * STATEMENT SET BEGIN INSERT ...; INSERT ...; END}) is one statement, its inner semicolons kept.
 */
final class SqlStatements {

    private static final Pattern STATEMENT_SET =
            Pattern.compile(
                    "^EXECUTE\\s+STATEMENT\\s+SET\\s+BEGIN\\b(.*?)\\bEND$",
                    Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern STATEMENT_SET_START =
            Pattern.compile("^EXECUTE\\s+STATEMENT\\s+SET\\s+BEGIN\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern ENDS_WITH_END =
            Pattern.compile("\\bEND$", Pattern.CASE_INSENSITIVE);

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
                if (STATEMENT_SET_START.matcher(statement).find()
                        && !ENDS_WITH_END.matcher(statement).find()) {
                    pending.append(c); // inside a statement set: its END is still to come
                    continue;
                }
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

    /**
     * The statements of a statement set ({@code EXECUTE STATEMENT SET BEGIN ... END}), or empty
     * when {@code statement} is none.
     */
    static Optional<List<String>> insideStatementSet(String statement) {
        Matcher set = STATEMENT_SET.matcher(statement.trim());
        if (!set.matches()) {
            return Optional.empty();
        }
        SqlStatements inner = new SqlStatements();
        List<String> statements = new ArrayList<>(inner.feed(set.group(1)));
        if (!inner.rest().isEmpty()) {
            statements.add(inner.rest());
        }
        return Optional.of(statements);
    }

    /** What was fed after the last complete statement, trimmed ({@code ""} when nothing). */
    String rest() {
        return pending.toString().trim();
    }
}
