package io.convergent.infra.generator;

/**
 * How much of each labelled behaviour a run holds. Shares are of the population; rates are
 * probabilities per subscriber (or bank customer) per day.
 *
 * @param spammers mass diallers, as a share of the number of subscribers (at least one when
 *     positive)
 * @param bulkCallers legitimate high-volume callers (shops, delivery services), as a share of the
 *     number of subscribers
 * @param spoofedCallRate probability that a subscriber receives a call with a spoofed caller id on
 *     a given day
 * @param socialEngineeringRate probability that a bank customer is worked by a fake bank officer on
 *     a given day
 * @param simSwapRate probability of a fraudulent SIM swap followed by an account takeover, per bank
 *     customer per day
 * @param genuineSimSwapRate probability of a genuine SIM replacement (lost or broken phone), per
 *     subscriber per day
 * @param churnRate share of subscribers who will port their number out (FUTURE_CHURNER)
 * @param bankCustomerShare share of subscribers who bank with us
 */
public record ScenarioRates(
        double spammers,
        double bulkCallers,
        double spoofedCallRate,
        double socialEngineeringRate,
        double simSwapRate,
        double genuineSimSwapRate,
        double churnRate,
        double bankCustomerShare) {

    public static final ScenarioRates DEFAULTS =
            new ScenarioRates(0.001, 0.0005, 0.004, 0.0005, 0.0003, 0.0008, 0.05, 0.8);

    public ScenarioRates {
        check("spammers", spammers, 0.05);
        check("bulkCallers", bulkCallers, 0.05);
        check("spoofedCallRate", spoofedCallRate, 0.5);
        check("socialEngineeringRate", socialEngineeringRate, 0.1);
        check("simSwapRate", simSwapRate, 0.1);
        check("genuineSimSwapRate", genuineSimSwapRate, 0.1);
        check("churnRate", churnRate, 0.5);
        check("bankCustomerShare", bankCustomerShare, 1.0);
    }

    public ScenarioRates withSpammers(double value) {
        return new ScenarioRates(
                value,
                bulkCallers,
                spoofedCallRate,
                socialEngineeringRate,
                simSwapRate,
                genuineSimSwapRate,
                churnRate,
                bankCustomerShare);
    }

    public ScenarioRates withBulkCallers(double value) {
        return new ScenarioRates(
                spammers,
                value,
                spoofedCallRate,
                socialEngineeringRate,
                simSwapRate,
                genuineSimSwapRate,
                churnRate,
                bankCustomerShare);
    }

    public ScenarioRates withSpoofedCallRate(double value) {
        return new ScenarioRates(
                spammers,
                bulkCallers,
                value,
                socialEngineeringRate,
                simSwapRate,
                genuineSimSwapRate,
                churnRate,
                bankCustomerShare);
    }

    public ScenarioRates withSocialEngineeringRate(double value) {
        return new ScenarioRates(
                spammers,
                bulkCallers,
                spoofedCallRate,
                value,
                simSwapRate,
                genuineSimSwapRate,
                churnRate,
                bankCustomerShare);
    }

    public ScenarioRates withSimSwapRate(double value) {
        return new ScenarioRates(
                spammers,
                bulkCallers,
                spoofedCallRate,
                socialEngineeringRate,
                value,
                genuineSimSwapRate,
                churnRate,
                bankCustomerShare);
    }

    public ScenarioRates withGenuineSimSwapRate(double value) {
        return new ScenarioRates(
                spammers,
                bulkCallers,
                spoofedCallRate,
                socialEngineeringRate,
                simSwapRate,
                value,
                churnRate,
                bankCustomerShare);
    }

    public ScenarioRates withChurnRate(double value) {
        return new ScenarioRates(
                spammers,
                bulkCallers,
                spoofedCallRate,
                socialEngineeringRate,
                simSwapRate,
                genuineSimSwapRate,
                value,
                bankCustomerShare);
    }

    public ScenarioRates withBankCustomerShare(double value) {
        return new ScenarioRates(
                spammers,
                bulkCallers,
                spoofedCallRate,
                socialEngineeringRate,
                simSwapRate,
                genuineSimSwapRate,
                churnRate,
                value);
    }

    private static void check(String name, double value, double max) {
        // NaN fails both comparisons' complements, so test for the valid range.
        if (!(value >= 0 && value <= max)) {
            throw new IllegalArgumentException(name + " must be in [0, " + max + "], got " + value);
        }
    }
}
