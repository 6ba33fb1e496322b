package io.convergent.infra.generator;

/** The scheme behind a fraudulent transfer; the column {@code scenario} of the truth files. */
enum FraudScenario {
    /** A fake bank officer talks the victim into the transfer. */
    SOCIAL_ENGINEERING,
    /** A fraudster takes over the number by a SIM swap, then the bank account. */
    SIM_SWAP_TAKEOVER
}
