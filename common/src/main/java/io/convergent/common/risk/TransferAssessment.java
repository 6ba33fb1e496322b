package io.convergent.common.risk;

import java.util.List;

/** The decision for a transfer and every reason that moved it off {@code ALLOW}. */
public record TransferAssessment(TransferDecision decision, List<RiskReason> reasons) {

    public TransferAssessment {
        reasons = List.copyOf(reasons);
    }
}
