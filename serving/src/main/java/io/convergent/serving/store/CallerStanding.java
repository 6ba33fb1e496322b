package io.convergent.serving.store;

import io.convergent.common.immunity.ReputationThresholds;
import java.time.LocalDate;
import java.util.List;

/**
 * A calling number's reputation as the batch view has it: 0 (nothing against it) to 1, and the
 * signals raised.
 */
public record CallerStanding(LocalDate asOfDay, double score, List<String> signals) {

    /**
     * At or above this score a caller counts as poorly reputed: the score from which the immunity
     * job shows the "possible spam" hint, so the hint and a held transfer agree.
     */
    public static final double POOR = ReputationThresholds.standard().hintScore();

    public CallerStanding {
        signals = List.copyOf(signals);
    }

    public boolean poor() {
        return score >= POOR;
    }
}
