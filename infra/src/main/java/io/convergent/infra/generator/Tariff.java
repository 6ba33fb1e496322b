package io.convergent.infra.generator;

/** A mobile tariff: a monthly fee for bundles, or pay-as-you-go prices (kopecks). */
enum Tariff {
    PAY_AS_YOU_GO(0.25, 0, 250, 200, 15),
    SMART_S(0.30, 35_000, 0, 0, 0),
    SMART_M(0.30, 60_000, 0, 0, 0),
    UNLIMITED(0.15, 95_000, 0, 0, 0);

    final double share;
    final long monthlyFeeMinor;
    final long perMinuteMinor;
    final long perSmsMinor;
    final long perMegabyteMinor;

    Tariff(
            double share,
            long monthlyFeeMinor,
            long perMinuteMinor,
            long perSmsMinor,
            long perMegabyteMinor) {
        this.share = share;
        this.monthlyFeeMinor = monthlyFeeMinor;
        this.perMinuteMinor = perMinuteMinor;
        this.perSmsMinor = perSmsMinor;
        this.perMegabyteMinor = perMegabyteMinor;
    }
}
