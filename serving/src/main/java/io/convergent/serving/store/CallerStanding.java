package io.convergent.serving.store;

import java.time.LocalDate;
import java.util.List;

/**
 * A calling number's reputation as the batch view has it: 0 (nothing against it) to 1, and the
 * signals raised.
 */
public record CallerStanding(LocalDate asOfDay, double score, List<String> signals) {

    /** At or above this score a caller counts as poorly reputed (a hint shows, transfers wait). */
    public static final double POOR = 0.5;

    public CallerStanding {
        signals = List.copyOf(signals);
    }

    public boolean poor() {
        return score >= POOR;
    }
}
