package io.convergent.infra.generator;

import io.convergent.common.event.BankProduct;
import java.util.List;
import java.util.Objects;

/**
 * The bank side of a subscriber who banks with us: identifiers, products held at the start, and the
 * accounts they pay regularly.
 */
record BankCustomer(
        String customerId,
        String accountNumber,
        String cardNumber,
        List<BankProduct> products,
        List<String> knownBeneficiaries) {

    BankCustomer {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(accountNumber, "accountNumber");
        Objects.requireNonNull(cardNumber, "cardNumber");
        products = List.copyOf(products);
        knownBeneficiaries = List.copyOf(knownBeneficiaries);
        if (knownBeneficiaries.isEmpty()) {
            throw new IllegalArgumentException("a customer needs at least one known beneficiary");
        }
    }

    @Override
    public String toString() {
        // Never print the identifiers.
        return "BankCustomer[products=" + products + "]";
    }
}
