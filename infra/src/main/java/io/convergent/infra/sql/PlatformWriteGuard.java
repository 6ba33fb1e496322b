package io.convergent.infra.sql;

import io.convergent.common.table.Tables;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps {@code convergent sql} from changing the platform's own tables: everything in the {@code
 * convergent} namespace is written by the jobs alone (the master dataset is the truth the batch
 * layer recomputes from), so a write, drop or alter there is refused unless the operator asked for
 * it. Analysts write to namespaces of their own ({@code analyst.churn_sample}).
 */
final class PlatformWriteGuard {

    private static final Pattern CHANGE =
            Pattern.compile(
                    "^\\s*(?:EXECUTE\\s+)?(?:INSERT\\s+(?:INTO|OVERWRITE)|DELETE\\s+FROM|UPDATE"
                            + "|TRUNCATE\\s+TABLE|ALTER\\s+TABLE|DROP\\s+TABLE(?:\\s+IF\\s+EXISTS)?"
                            + "|(?:CREATE\\s+OR\\s+REPLACE\\s+|REPLACE\\s+)TABLE"
                            + "|CREATE\\s+TABLE(?:\\s+IF\\s+NOT\\s+EXISTS)?)\\s+([`\\w.]+)",
                    Pattern.CASE_INSENSITIVE);
    private static final Pattern DROP_DATABASE =
            Pattern.compile(
                    "^\\s*(?:DROP|ALTER)\\s+DATABASE(?:\\s+IF\\s+EXISTS)?\\s+([`\\w.]+)",
                    Pattern.CASE_INSENSITIVE);

    private final Supplier<String> currentDatabase;

    /**
     * @param currentDatabase the session's current database as the SQL engine has it: asked at each
     *     statement, never inferred from a {@code USE}, which may fail (a namespace not yet
     *     created, a typo) and leave the session where it was
     */
    PlatformWriteGuard(Supplier<String> currentDatabase) {
        this.currentDatabase = currentDatabase;
    }

    /** Why {@code statement} may not run, or empty. */
    Optional<String> refusal(String written) {
        // Split from the text as written, by the splitter that made it one statement: the guard
        // then checks exactly the inserts Flink will run (stripping comments first could take a
        // literal '/*' for one and hide the inserts after it).
        Optional<List<String>> statementSet = SqlStatements.insideStatementSet(written);
        if (statementSet.isPresent()) {
            for (String inner : statementSet.get()) {
                Optional<String> refusal = refusal(inner);
                if (refusal.isPresent()) {
                    return refusal;
                }
            }
            return Optional.empty();
        }
        if (SqlStatements.beginsStatementSet(written)) {
            return Optional.of(
                    "refused: a statement set must end at its END (EXECUTE STATEMENT SET BEGIN"
                            + " INSERT ...; INSERT ...; END) to be checked");
        }
        String statement = code(written);
        Matcher change = CHANGE.matcher(statement);
        if (change.find() && inPlatformNamespace(name(change.group(1)))) {
            return Optional.of(refusalFor(change.group(1)));
        }
        Matcher database = DROP_DATABASE.matcher(statement);
        if (database.find()) {
            String[] parts = name(database.group(1));
            if (parts[parts.length - 1].equals(Tables.NAMESPACE)) {
                return Optional.of(refusalFor(database.group(1)));
            }
        }
        return Optional.empty();
    }

    /**
     * The statement as the parser reads it, for the patterns: its tokens without comments (a
     * script's header comment must not hide what follows it, and a comment marker in a literal is
     * none), and no space around a name's dots, since Flink reads {@code convergent . raw_calls},
     * or the same with a comment after the dot, as {@code convergent.raw_calls}.
     */
    private static String code(String written) {
        StringBuilder code = new StringBuilder();
        String previous = ".";
        for (String token : SqlStatements.tokens(written)) {
            if (!token.equals(".") && !previous.equals(".")) {
                code.append(' ');
            }
            code.append(token);
            previous = token;
        }
        return code.toString();
    }

    private boolean inPlatformNamespace(String[] table) {
        String database =
                table.length == 1
                        ? currentDatabase.get().toLowerCase(Locale.ROOT)
                        : table[table.length - 2];
        return database.equals(Tables.NAMESPACE);
    }

    private static String refusalFor(String target) {
        return "refused: "
                + target
                + " is in the platform's namespace '"
                + Tables.NAMESPACE
                + "', which only its jobs write; write to a namespace of your own (CREATE DATABASE"
                + " analyst, then analyst.my_table), or pass --allow-platform-writes if you"
                + " operate the platform";
    }

    private static String[] name(String raw) {
        return raw.replace("`", "").toLowerCase(Locale.ROOT).split("\\.");
    }
}
