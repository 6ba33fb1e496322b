/**
 * The scenario generator: a deterministic, labelled synthetic population of a mobile operator owned
 * by a bank, and its events on the nine input topics.
 *
 * <h2>What it makes</h2>
 *
 * <p>A {@link io.convergent.infra.generator.Population} of subscribers with archetypes (commuters,
 * travellers, heavy data users, the barely active, future churners), home regions in four time
 * zones, numbers from our ranges of the numbering plan, SIMs, handsets, tariffs, balances, a
 * contact graph and, for most, a bank relationship. Each simulated day they call, text, browse,
 * move, pay and log in by their archetype's local-time rhythm; around them run the labelled
 * scenarios: mass diallers and the legitimate bulk callers that look like them, spoofed caller ids
 * (our numbers from outside while their owners are at home, domestic numbers through the
 * international gateway, unallocated numbers) next to genuine calls home from roaming subscribers,
 * fake bank officers followed by transfers to new beneficiaries, SIM-swap takeovers next to genuine
 * SIM replacements, churners fading out to a port-out request, roaming packages, product openings,
 * low balances and top-ups.
 *
 * <h2>How</h2>
 *
 * <p>A {@link io.convergent.infra.generator.Simulation} plans one UTC day at a time ({@link
 * io.convergent.infra.generator.DayPlanner}, in parallel blocks of subscribers) into a compact
 * {@link io.convergent.infra.generator.DayPlan} sorted by event time; everyday events are only
 * materialised, on worker threads, just before they are written. Every random choice comes from a
 * {@link java.util.SplittableRandom} seeded from the run's seed and the coordinates of the choice
 * (subscriber, day, event), so the same seed and arguments give a byte-identical stream whatever
 * the threads do. {@link io.convergent.infra.generator.HistoryGenerator} writes back-dated days as
 * fast as the sink takes them; {@link io.convergent.infra.generator.LiveGenerator} plays the
 * following days back in real time at a set rate.
 *
 * <h2>Ground truth</h2>
 *
 * <p>{@link io.convergent.infra.generator.GroundTruth} writes the answer key to a directory of its
 * own, never to the topics: {@code spammers.csv}, {@code bulk_callers.csv}, {@code
 * spoofed_calls.csv}, {@code social_engineering_calls.csv}, {@code fraud_transfers.csv}, {@code
 * sim_swaps.csv}, {@code churners.csv}, {@code subscribers.csv}, {@code malformed.csv} and {@code
 * summary.json}. Rows are written as events are emitted, so the key names only events the topics
 * hold; labelled events are never replaced by malformed records.
 *
 * <h2>Entry points</h2>
 *
 * <p>{@link io.convergent.infra.generator.GenerateCommand} is {@code convergent generate}; the
 * launcher starts {@link io.convergent.infra.generator.LiveGenerator#start} with a {@link
 * io.convergent.infra.generator.KafkaEventSink}. Tests use {@link
 * io.convergent.infra.generator.CollectingEventSink}.
 */
package io.convergent.infra.generator;
