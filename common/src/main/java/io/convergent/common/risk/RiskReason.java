package io.convergent.common.risk;

/**
 * One reason behind a transfer decision: a stable code for machines, a sentence for the analyst,
 * and the decision this reason alone asks for.
 */
public record RiskReason(String code, String message, TransferDecision asks) {}
