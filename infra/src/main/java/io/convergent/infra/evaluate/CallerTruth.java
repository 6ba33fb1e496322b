package io.convergent.infra.evaluate;

import io.convergent.common.identity.IdentifierKind;
import io.convergent.common.identity.Pseudonymiser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The generator's mass diallers and legitimate bulk callers ({@code spammers.csv}, {@code
 * bulk_callers.csv}), as the pseudonyms the jobs publish: the truth lists raw numbers, which are
 * pseudonymised here with the platform's key and never printed.
 */
public record CallerTruth(Set<String> spammers, Set<String> bulkCallers) {

    public static final String SPAMMERS_FILE = "spammers.csv";
    public static final String BULK_CALLERS_FILE = "bulk_callers.csv";
    private static final String HEADER = "number,first_seen";

    public CallerTruth {
        spammers = Set.copyOf(Objects.requireNonNull(spammers, "spammers"));
        bulkCallers = Set.copyOf(Objects.requireNonNull(bulkCallers, "bulkCallers"));
    }

    public static CallerTruth read(Path truthDirectory, Pseudonymiser pseudonymiser)
            throws IOException {
        return new CallerTruth(
                numbers(truthDirectory.resolve(SPAMMERS_FILE), pseudonymiser),
                numbers(truthDirectory.resolve(BULK_CALLERS_FILE), pseudonymiser));
    }

    private static Set<String> numbers(Path file, Pseudonymiser pseudonymiser) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    "no "
                            + file.getFileName()
                            + " in "
                            + file.getParent()
                            + ": is it a generator's --truth dir?");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !HEADER.equals(lines.get(0))) {
            throw new IllegalArgumentException(file + ":1: expected header '" + HEADER + "'");
        }
        Set<String> pseudonyms = new HashSet<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length != 2 || cells[0].isBlank()) {
                // The line holds a raw number: name the line, not its content.
                throw new IllegalArgumentException(
                        file + ":" + (i + 1) + ": expected number,first_seen");
            }
            pseudonyms.add(pseudonymiser.pseudonymise(IdentifierKind.MSISDN, cells[0]));
        }
        return pseudonyms;
    }
}
