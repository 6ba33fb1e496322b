package io.convergent.infra.generator;

/**
 * Where a subscriber lives: the time zone their day follows, the fixed-line prefix of local
 * businesses (a range of the numbering plan), and the code in their cell identifiers.
 */
enum HomeRegion {
    MOSCOW(3, "+7495", 0.40, 77),
    SAINT_PETERSBURG(3, "+7812", 0.15, 78),
    KAZAN(3, "+7843", 0.07, 16),
    KRASNODAR(3, "+7861", 0.06, 23),
    YEKATERINBURG(5, "+7343", 0.13, 66),
    NOVOSIBIRSK(7, "+7383", 0.11, 54),
    VLADIVOSTOK(10, "+7423", 0.08, 25);

    final int utcOffsetHours;
    final String fixedLinePrefix;
    final double share;
    final int code;

    HomeRegion(int utcOffsetHours, String fixedLinePrefix, double share, int code) {
        this.utcOffsetHours = utcOffsetHours;
        this.fixedLinePrefix = fixedLinePrefix;
        this.share = share;
        this.code = code;
    }

    /** A cell identifier of this region (ECGI-like: MCC, MNC, region, cell). */
    String cell(int cellNumber) {
        return "25062-" + code + "-" + cellNumber;
    }
}
