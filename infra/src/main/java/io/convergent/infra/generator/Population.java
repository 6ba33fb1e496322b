package io.convergent.infra.generator;

import io.convergent.common.event.BankProduct;
import io.convergent.common.event.Ingress;
import io.convergent.common.numbering.NumberRange;
import io.convergent.common.numbering.NumberingPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The synthetic world of a run, deterministic for a seed: our subscribers with their profiles and
 * contact graph, the numbers outside our network they talk to, the spammers and the legitimate bulk
 * callers, and the schedules of trips and port-outs.
 */
final class Population {

    private static final Archetype[] ARCHETYPES = Archetype.values();
    private static final HomeRegion[] REGIONS = HomeRegion.values();
    private static final Tariff[] TARIFFS = Tariff.values();
    // How far away in the index order most contacts live: a crude community structure.
    private static final int NEIGHBOURHOOD = 200;

    private final Subscriber[] subscribers;
    private final String[] externalNumbers;
    private final Ingress[] externalIngress;
    private final List<Spammer> spammers;
    private final List<BulkCaller> bulkCallers;
    private final SyntheticNumbers numbers;
    private final TripSchedule trips;
    private final ChurnSchedule churn;

    private Population(
            Subscriber[] subscribers,
            String[] externalNumbers,
            Ingress[] externalIngress,
            List<Spammer> spammers,
            List<BulkCaller> bulkCallers,
            SyntheticNumbers numbers,
            TripSchedule trips,
            ChurnSchedule churn) {
        this.subscribers = subscribers;
        this.externalNumbers = externalNumbers;
        this.externalIngress = externalIngress;
        this.spammers = List.copyOf(spammers);
        this.bulkCallers = List.copyOf(bulkCallers);
        this.numbers = numbers;
        this.trips = trips;
        this.churn = churn;
    }

    static Population create(GeneratorConfig config, NumberingPlan plan) {
        long seed = config.seed();
        int size = config.subscribers();
        ScenarioRates rates = config.rates();
        SyntheticNumbers numbers = new SyntheticNumbers(plan, seed, size);

        int poolSize = (int) Math.min(2_000_000, Math.max(500, 2L * size));
        String[] external = new String[poolSize];
        Ingress[] ingress = new Ingress[poolSize];
        List<NumberRange> foreign = numbers.foreignRanges();
        double[] regionWeights = new double[REGIONS.length];
        for (int r = 0; r < REGIONS.length; r++) {
            regionWeights[r] = REGIONS[r].share;
        }
        double[] regionCumulative = Randoms.cumulative(regionWeights);
        for (int p = 0; p < poolSize; p++) {
            SplittableRandom rng = Seeds.random(seed, Seeds.POPULATION, -1, p);
            double kind = rng.nextDouble();
            if (kind < 0.80) {
                external[p] = numbers.domesticMobile(SyntheticNumbers.CONTACTS + rng.nextInt(5), p);
                ingress[p] = Ingress.INTERCONNECT;
            } else if (kind < 0.92) {
                HomeRegion region = REGIONS[Randoms.weighted(rng, regionCumulative)];
                external[p] =
                        numbers.fixedLine(
                                region.fixedLinePrefix,
                                SyntheticNumbers.CONTACTS + rng.nextInt(5),
                                p);
                ingress[p] = Ingress.INTERCONNECT;
            } else {
                external[p] = numbers.foreign(foreign.get(rng.nextInt(foreign.size())), p);
                ingress[p] = Ingress.INTERNATIONAL;
            }
        }

        double[] archetypeWeights = new double[ARCHETYPES.length];
        for (int a = 0; a < ARCHETYPES.length; a++) {
            archetypeWeights[a] = ARCHETYPES[a].share;
        }
        double[] archetypeCumulative = Randoms.cumulative(archetypeWeights);
        double[] tariffWeights = new double[TARIFFS.length];
        for (int t = 0; t < TARIFFS.length; t++) {
            tariffWeights[t] = TARIFFS[t].share;
        }
        double[] tariffCumulative = Randoms.cumulative(tariffWeights);

        Subscriber[] subscribers = new Subscriber[size];
        for (int i = 0; i < size; i++) {
            SplittableRandom rng = Seeds.random(seed, Seeds.POPULATION, i, 0);
            Archetype archetype =
                    rng.nextDouble() < rates.churnRate()
                            ? Archetype.FUTURE_CHURNER
                            : ARCHETYPES[Randoms.weighted(rng, archetypeCumulative)];
            HomeRegion region = REGIONS[Randoms.weighted(rng, regionCumulative)];
            Tariff tariff = TARIFFS[Randoms.weighted(rng, tariffCumulative)];
            double activity = Randoms.logNormal(rng, 100, 0.35, 30, 300) / 100.0;
            long balance =
                    tariff == Tariff.PAY_AS_YOU_GO
                            ? rng.nextLong(5_000, 60_000)
                            : rng.nextLong(20_000, 150_000);
            subscribers[i] =
                    new Subscriber(
                            i,
                            numbers.ourNumber(numbers.slotOf(i)),
                            archetype,
                            region,
                            tariff,
                            activity,
                            balance,
                            1 + rng.nextInt(28),
                            region.cell(10_000 + rng.nextInt(90_000)),
                            region.cell(1_000 + rng.nextInt(2_000)),
                            ourContacts(rng, i, size),
                            externalContacts(rng, poolSize, archetype),
                            rng.nextDouble() < rates.bankCustomerShare()
                                    ? bankCustomer(rng, numbers, i)
                                    : null);
        }

        long anchorDay = config.startDay();
        int horizon = Math.max(1, config.horizonDays());
        List<Spammer> spammers = new ArrayList<>();
        int spammerCount = count(rates.spammers(), size);
        for (int s = 0; s < spammerCount; s++) {
            SplittableRandom rng = Seeds.random(seed, Seeds.SPAMMER, s, 0);
            spammers.add(
                    new Spammer(
                            s,
                            numbers.domesticMobile(SyntheticNumbers.SPAMMERS, s),
                            anchorDay + rng.nextInt(Math.max(1, horizon / 3)),
                            150 + rng.nextInt(450)));
        }
        List<BulkCaller> bulkCallers = new ArrayList<>();
        int bulkCount = count(rates.bulkCallers(), size);
        for (int b = 0; b < bulkCount; b++) {
            SplittableRandom rng = Seeds.random(seed, Seeds.BULK_CALLER, b, 0);
            String number =
                    rng.nextBoolean()
                            ? numbers.fixedLine(
                                    REGIONS[Randoms.weighted(rng, regionCumulative)]
                                            .fixedLinePrefix,
                                    SyntheticNumbers.BULK_CALLERS,
                                    b)
                            : numbers.domesticMobile(SyntheticNumbers.BULK_CALLERS, b);
            bulkCallers.add(new BulkCaller(b, number, 60 + rng.nextInt(200)));
        }
        return new Population(
                subscribers,
                external,
                ingress,
                spammers,
                bulkCallers,
                numbers,
                new TripSchedule(seed, numbers.foreignRanges()),
                new ChurnSchedule(seed, anchorDay, horizon));
    }

    int size() {
        return subscribers.length;
    }

    Subscriber subscriber(int index) {
        return subscribers[index];
    }

    String externalNumber(int poolIndex) {
        return externalNumbers[poolIndex];
    }

    /** How calls from an external contact reach us: interconnect, or the international gateway. */
    Ingress externalIngress(int poolIndex) {
        return externalIngress[poolIndex];
    }

    List<Spammer> spammers() {
        return spammers;
    }

    List<BulkCaller> bulkCallers() {
        return bulkCallers;
    }

    SyntheticNumbers numbers() {
        return numbers;
    }

    TripSchedule trips() {
        return trips;
    }

    ChurnSchedule churn() {
        return churn;
    }

    /** At least one when the share is positive, so a small run still has the behaviour. */
    private static int count(double share, int size) {
        return share <= 0 ? 0 : (int) Math.max(1, Math.round(share * size));
    }

    private static int[] ourContacts(SplittableRandom rng, int self, int size) {
        int wanted = Math.min(size - 1, 2 + rng.nextInt(12));
        int[] contacts = new int[wanted];
        int found = 0;
        int attempts = 0;
        while (found < wanted && attempts++ < wanted * 20) {
            int candidate =
                    rng.nextDouble() < 0.7
                            ? Math.floorMod(
                                    self + rng.nextInt(-NEIGHBOURHOOD, NEIGHBOURHOOD + 1), size)
                            : rng.nextInt(size);
            if (candidate != self && !contains(contacts, found, candidate)) {
                contacts[found++] = candidate;
            }
        }
        return found == wanted ? contacts : java.util.Arrays.copyOf(contacts, found);
    }

    private static int[] externalContacts(SplittableRandom rng, int poolSize, Archetype archetype) {
        int wanted = 2 + rng.nextInt(archetype == Archetype.LOW_ACTIVITY ? 4 : 10);
        int[] contacts = new int[wanted];
        for (int k = 0; k < wanted; k++) {
            contacts[k] = rng.nextInt(poolSize);
        }
        return contacts;
    }

    private static boolean contains(int[] values, int count, int value) {
        for (int k = 0; k < count; k++) {
            if (values[k] == value) {
                return true;
            }
        }
        return false;
    }

    private static BankCustomer bankCustomer(
            SplittableRandom rng, SyntheticNumbers numbers, int index) {
        List<BankProduct> products = new ArrayList<>();
        products.add(BankProduct.DEBIT_CARD);
        addMaybe(rng, products, BankProduct.CREDIT_CARD, 0.30);
        addMaybe(rng, products, BankProduct.DEPOSIT, 0.20);
        addMaybe(rng, products, BankProduct.SAVINGS_ACCOUNT, 0.25);
        addMaybe(rng, products, BankProduct.LOAN, 0.10);
        addMaybe(rng, products, BankProduct.MORTGAGE, 0.05);
        addMaybe(rng, products, BankProduct.INSURANCE, 0.10);
        addMaybe(rng, products, BankProduct.INVESTMENT, 0.05);
        int beneficiaries = 1 + rng.nextInt(5);
        List<String> known = new ArrayList<>(beneficiaries);
        for (int k = 0; k < beneficiaries; k++) {
            known.add(numbers.otherAccount(((long) index << 8) | k));
        }
        return new BankCustomer(
                numbers.customerId(index),
                numbers.accountNumber(index),
                numbers.cardNumber(index),
                products,
                known);
    }

    private static void addMaybe(
            SplittableRandom rng, List<BankProduct> products, BankProduct product, double p) {
        if (rng.nextDouble() < p) {
            products.add(product);
        }
    }
}
