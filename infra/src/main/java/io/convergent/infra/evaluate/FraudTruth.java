package io.convergent.infra.evaluate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The generator's fraudulent transfers ({@code fraud_transfers.csv}): event id to scheme. */
public record FraudTruth(Map<String, String> scenarioByTransfer) {

    public static final String FILE = "fraud_transfers.csv";
    private static final String HEADER = "event_id,scenario,lead_event_id,time";

    public FraudTruth {
        scenarioByTransfer = Map.copyOf(Objects.requireNonNull(scenarioByTransfer));
    }

    public static FraudTruth read(Path truthDirectory) throws IOException {
        Path file = truthDirectory.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    "no " + FILE + " in " + truthDirectory + ": is it a generator's --truth dir?");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !HEADER.equals(lines.get(0))) {
            throw new IllegalArgumentException(file + ":1: expected header '" + HEADER + "'");
        }
        Map<String, String> scenarios = new HashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",", -1);
            if (lines.get(i).isBlank()) {
                continue;
            }
            if (cells.length != 4 || cells[0].isBlank()) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected " + HEADER);
            }
            scenarios.put(cells[0], cells[1]);
        }
        return new FraudTruth(scenarios);
    }

    public boolean fraudulent(String transferEventId) {
        return scenarioByTransfer.containsKey(transferEventId);
    }
}
