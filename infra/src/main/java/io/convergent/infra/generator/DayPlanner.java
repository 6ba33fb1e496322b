package io.convergent.infra.generator;

import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Plans a day of the whole world: every subscriber's everyday life and scenarios, every spammer's
 * and bulk caller's calls. Subscribers are planned in blocks on a pool of threads; each block
 * writes its own fragment and the fragments are joined in block order, so the plan does not depend
 * on scheduling.
 */
final class DayPlanner {

    private static final int BLOCK = 1_024;

    private final long seed;
    private final Population population;
    private final SubscriberState state;
    private final ScenarioRates rates;
    private final ChurnScenario churn;
    private final ForkJoinPool pool;

    DayPlanner(
            long seed,
            Population population,
            SubscriberState state,
            ScenarioRates rates,
            ChurnScenario churn,
            ForkJoinPool pool) {
        this.seed = seed;
        this.population = population;
        this.state = state;
        this.rates = rates;
        this.churn = churn;
        this.pool = pool;
    }

    /** Plans {@code epochDay}; must be called for consecutive days, as state carries over. */
    DayPlan plan(long epochDay, EventIds ids) {
        String dayPrefix = ids.dayPrefix(epochDay);
        DayContext day = new DayContext(seed, epochDay, dayPrefix, population, state, rates);
        int subscriberBlocks = (population.size() + BLOCK - 1) / BLOCK;
        DayPlanFragment[] fragments = new DayPlanFragment[subscriberBlocks + 1];
        pool.submit(
                        () ->
                                IntStream.range(0, fragments.length)
                                        .parallel()
                                        .forEach(
                                                b ->
                                                        fragments[b] =
                                                                b < subscriberBlocks
                                                                        ? planSubscribers(day, b)
                                                                        : planCallers(day)))
                .join();
        return DayPlan.of(epochDay, dayPrefix, List.of(fragments));
    }

    private DayPlanFragment planSubscribers(DayContext day, int block) {
        DayPlanFragment out = new DayPlanFragment(day.epochDay);
        int end = Math.min(population.size(), (block + 1) * BLOCK);
        for (int i = block * BLOCK; i < end; i++) {
            planSubscriber(day, population.subscriber(i), out);
        }
        return out;
    }

    private void planSubscriber(DayContext day, Subscriber subscriber, DayPlanFragment out) {
        SubscriberDay d = new SubscriberDay(day, subscriber, out);
        if (!d.activeToday()) {
            return;
        }
        RoamingScenario.plan(d);
        EverydayLife.Usage usage = EverydayLife.plan(d);

        // Scenarios that change the SIM or stage a fraud stay off days abroad and the port-out day,
        // so their chains are never cut and the SIM in use abroad is never in question.
        boolean eligible =
                !d.portOutToday() && !population.trips().roamingOnDay(subscriber, day.epochDay);
        boolean takeover =
                eligible && subscriber.banksWithUs() && Randoms.chance(d.rng, rates.simSwapRate());
        if (takeover) {
            SimSwapTakeover.plan(d);
        } else if (eligible && Randoms.chance(d.rng, rates.genuineSimSwapRate())) {
            LostPhoneSimSwap.plan(d);
        }
        if (eligible
                && !takeover
                && subscriber.banksWithUs()
                && Randoms.chance(d.rng, rates.socialEngineeringRate())) {
            SocialEngineeringScenario.plan(d);
        }
        if (Randoms.chance(d.rng, rates.spoofedCallRate())) {
            SpoofedCalls.plan(d);
        }
        BillingModel.plan(d, usage);
        churn.plan(d);
    }

    private DayPlanFragment planCallers(DayContext day) {
        DayPlanFragment out = new DayPlanFragment(day.epochDay);
        for (Spammer spammer : population.spammers()) {
            SpamCampaign.plan(day, spammer, out);
        }
        for (BulkCaller caller : population.bulkCallers()) {
            BulkCallerDay.plan(day, caller, out);
        }
        return out;
    }
}
