package io.convergent.infra.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads SQL the way a SQL shell does: splits a script into statements at semicolons outside string
 * literals, quoted names and comments, and reads a statement's tokens (words, literals and quoted
 * names whole, each other character alone; comments left out). A statement set ({@code EXECUTE
 * STATEMENT SET BEGIN INSERT ...; INSERT ...; END}, or one after {@code EXPLAIN}) is one statement,
 * its inner semicolons kept: as in Flink's grammar, it ends at an {@code END} that is a statement
 * of its own, never at the {@code END} of a {@code CASE}, a quoted {@code `end`}, or one in a
 * literal or comment.
 */
final class SqlStatements {

    private static final List<String> STATEMENT_SET_HEADER =
            List.of("EXECUTE", "STATEMENT", "SET", "BEGIN");

    /** Whether a semicolon ends a statement (a script) or is one more token (one statement). */
    private final boolean splitting;

    private final StringBuilder pending = new StringBuilder();
    private final List<String> tokens = new ArrayList<>();
    private final List<String> setStatements = new ArrayList<>();

    /** Where in {@code pending} the word or quoted token being read began, or -1. */
    private int tokenStart = -1;

    private boolean statementSet;

    /** Where the statement set's current inner statement began, in {@code pending} and tokens. */
    private int innerStart;

    private int innerFirstToken;
    private char quote;
    private boolean lineComment;
    private boolean blockComment;

    SqlStatements() {
        this(true);
    }

    private SqlStatements(boolean splitting) {
        this.splitting = splitting;
    }

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
                // Dropped: a one-line query ends with the comment, and its ';' must not be in it.
                lineComment = c != '\n';
                if (!lineComment) {
                    pending.append(c);
                }
                continue;
            }
            if (blockComment) {
                // Kept: a /*+ OPTIONS(...) */ hint is a comment that Flink reads.
                if (c == '*' && next == '/') {
                    blockComment = false;
                    pending.append('*');
                    c = '/';
                    i++;
                }
                pending.append(c);
                continue;
            }
            if (quote != 0) {
                pending.append(c);
                if (c == quote) {
                    quote = 0;
                    endToken();
                }
                continue;
            }
            if (Character.isLetterOrDigit(c) || c == '_' || c == '$') {
                if (tokenStart < 0) {
                    tokenStart = pending.length();
                }
                pending.append(c);
                continue;
            }
            endToken();
            if (c == '\'' || c == '`' || c == '"') {
                quote = c;
                tokenStart = pending.length();
                pending.append(c);
            } else if (c == '-' && next == '-') {
                lineComment = true;
                i++;
            } else if (c == '/' && next == '*') {
                blockComment = true;
                pending.append("/*");
                i++;
            } else if (c == ';' && splitting) {
                semicolon(complete);
            } else {
                if (!Character.isWhitespace(c)) {
                    addToken(String.valueOf(c));
                }
                pending.append(c);
            }
        }
        return complete;
    }

    /** What was fed after the last complete statement, trimmed ({@code ""} when nothing). */
    String rest() {
        return pending.toString().trim();
    }

    /**
     * What the text fed so far is still inside, so that a semicolon could not end it (a string
     * literal, a quoted name, a comment, a statement set whose {@code END} is to come), or empty.
     */
    Optional<String> unclosed() {
        if (quote == '\'') {
            return Optional.of("a string literal");
        }
        if (quote != 0) {
            return Optional.of("a quoted name (" + quote + "...)");
        }
        if (blockComment) {
            return Optional.of("a /* comment */");
        }
        if (statementSet) {
            return Optional.of(
                    "a statement set (EXECUTE STATEMENT SET BEGIN ...; END; its END is missing)");
        }
        return Optional.empty();
    }

    /**
     * The statements of a statement set ({@code EXECUTE STATEMENT SET BEGIN ...; END}, read as
     * {@link #feed} reads it), or empty when {@code statement} is not one whole set and nothing
     * else.
     */
    static Optional<List<String>> insideStatementSet(String statement) {
        SqlStatements scanner = new SqlStatements(true);
        // The line break ends a last word and a trailing line comment; no ';', so that a whole set
        // is left pending, its inner statements read and its END the last token.
        if (!scanner.feed(statement + "\n").isEmpty()
                || !scanner.statementSet
                || !isWord(scanner.tokens, 0, "EXECUTE")
                || scanner.unclosedQuoteOrComment()
                || !scanner.innerStatementIsEnd()) {
            return Optional.empty();
        }
        return Optional.of(List.copyOf(scanner.setStatements));
    }

    /** Whether a statement (or what is left of one) begins as a statement set does. */
    static boolean beginsStatementSet(String statement) {
        List<String> tokens = tokens(statement);
        return tokens.size() >= 3 && startsWith(tokens, STATEMENT_SET_HEADER.subList(0, 3));
    }

    /**
     * Whether {@code statement} writes through a job that must be awaited: an {@code INSERT}, an
     * {@code EXECUTE} (a statement set) or a table created from a query ({@code CREATE [OR REPLACE]
     * TABLE ... AS query}, {@code REPLACE TABLE ... AS query}). Read from its tokens, so a comment
     * before it or between {@code AS} and the query hides nothing, and an {@code AS SELECT} inside
     * a literal (a table option) or inside parentheses (a computed column {@code AS (...)}) fakes
     * nothing.
     */
    static boolean isWrite(String statement) {
        List<String> tokens = tokens(statement);
        if (tokens.isEmpty()) {
            return false;
        }
        String first = tokens.get(0);
        if (first.equalsIgnoreCase("INSERT") || first.equalsIgnoreCase("EXECUTE")) {
            return true;
        }
        int table;
        if (first.equalsIgnoreCase("REPLACE")) {
            table = 1;
        } else if (!first.equalsIgnoreCase("CREATE")) {
            return false;
        } else if (isWord(tokens, 1, "OR") && isWord(tokens, 2, "REPLACE")) {
            table = 3;
        } else {
            table = 1;
        }
        if (!isWord(tokens, table, "TABLE")) {
            return false;
        }
        int depth = 0;
        for (int i = table + 1; i < tokens.size() - 1; i++) {
            String token = tokens.get(i);
            if (token.equals("(")) {
                depth++;
            } else if (token.equals(")")) {
                depth--;
            } else if (depth == 0 && token.equalsIgnoreCase("AS")) {
                String query = tokens.get(i + 1);
                if (query.equalsIgnoreCase("SELECT")
                        || query.equalsIgnoreCase("WITH")
                        || query.equalsIgnoreCase("VALUES")
                        || query.equals("(")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The tokens of {@code text}, as the splitter reads them, semicolons included. */
    static List<String> tokens(String text) {
        SqlStatements scanner = new SqlStatements(false);
        scanner.feed(text + "\n");
        return List.copyOf(scanner.tokens);
    }

    private void semicolon(List<String> complete) {
        if (statementSet && !innerStatementIsEnd()) {
            String inner = pending.substring(innerStart).trim();
            if (!inner.isEmpty()) {
                setStatements.add(inner);
            }
            pending.append(';');
            tokens.add(";");
            innerStart = pending.length();
            innerFirstToken = tokens.size();
            return;
        }
        String statement = rest();
        if (!statement.isEmpty()) {
            complete.add(statement);
        }
        pending.setLength(0);
        tokens.clear();
        setStatements.clear();
        statementSet = false;
    }

    /** Whether the statement set's current inner statement is its {@code END}. */
    private boolean innerStatementIsEnd() {
        return tokens.size() == innerFirstToken + 1
                && tokens.get(innerFirstToken).equalsIgnoreCase("END");
    }

    private boolean unclosedQuoteOrComment() {
        return quote != 0 || blockComment;
    }

    private void endToken() {
        if (tokenStart >= 0) {
            addToken(pending.substring(tokenStart));
            tokenStart = -1;
        }
    }

    private void addToken(String token) {
        tokens.add(token);
        // EXPLAIN [details | PLAN FOR] [EXECUTE] STATEMENT SET BEGIN ... END is a set too: cut at
        // its first ';', the shell would run the inserts after it for real.
        if (!statementSet
                && tokens.size() >= STATEMENT_SET_HEADER.size()
                && (isWord(tokens, 0, "EXECUTE") || isWord(tokens, 0, "EXPLAIN"))
                && startsWith(
                        tokens.subList(tokens.size() - 3, tokens.size()),
                        STATEMENT_SET_HEADER.subList(1, 4))) {
            statementSet = true;
            innerStart = pending.length();
            innerFirstToken = tokens.size();
        }
    }

    private static boolean isWord(List<String> tokens, int index, String word) {
        return index < tokens.size() && tokens.get(index).equalsIgnoreCase(word);
    }

    /** Compares words: a quoted {@code `END`} keeps its quotes, so it is no keyword. */
    private static boolean startsWith(List<String> tokens, List<String> words) {
        for (int i = 0; i < words.size(); i++) {
            if (!tokens.get(i).equalsIgnoreCase(words.get(i))) {
                return false;
            }
        }
        return true;
    }
}
