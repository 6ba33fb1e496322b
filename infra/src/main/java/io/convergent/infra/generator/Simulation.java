package io.convergent.infra.generator;

import io.convergent.common.numbering.NumberingPlan;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The synthetic world of a run and its evolution day by day: the population, the state that carries
 * from one day to the next, the planner, and the materialiser that turns planned entries into
 * events. Owns the worker threads. Days must be planned in order; a day's events must be
 * materialised before the next day is planned.
 */
final class Simulation implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Simulation.class);

    private final GeneratorConfig config;
    private final Population population;
    private final SubscriberState state;
    private final DayPlanner planner;
    private final EventMaterialiser materialiser;
    private final ForkJoinPool pool;

    Simulation(GeneratorConfig config) {
        this.config = config;
        long started = System.nanoTime();
        NumberingPlan plan = NumberingPlan.standard();
        this.population = Population.create(config, plan);
        this.state = new SubscriberState(population);
        this.pool = new ForkJoinPool(config.threads());
        this.planner =
                new DayPlanner(
                        config.seed(),
                        population,
                        state,
                        config.rates(),
                        new ChurnScenario(plan),
                        pool);
        this.materialiser = new EventMaterialiser(config.seed(), population, state);
        LOG.info(
                "Population of {} subscribers, {} spammers, {} bulk callers built in {} ms",
                population.size(),
                population.spammers().size(),
                population.bulkCallers().size(),
                (System.nanoTime() - started) / 1_000_000);
    }

    GeneratorConfig config() {
        return config;
    }

    Population population() {
        return population;
    }

    EventMaterialiser materialiser() {
        return materialiser;
    }

    ForkJoinPool pool() {
        return pool;
    }

    DayPlan plan(long epochDay, EventIds ids) {
        return planner.plan(epochDay, ids);
    }

    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Generator worker threads did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
