package io.convergent.serving.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.features.DailyTile;
import io.convergent.common.scores.RealtimeScores;
import io.convergent.serving.speed.SpeedViewStore;
import io.convergent.serving.testing.HandClock;
import io.convergent.serving.testing.ServingFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScorePublisherTest {

    @TempDir Path dir;

    @Test
    void closeWaitsForADrainUnderWayAndStopsItBeforeTheStoresClose() throws Exception {
        try (ServingFixture fixture = new ServingFixture(dir)) {
            CountDownLatch inSink = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            List<RealtimeScores> sink = new CopyOnWriteArrayList<>();
            ScorePublisher publisher =
                    new ScorePublisher(
                            fixture.lookup(),
                            scores -> {
                                sink.add(scores);
                                inSink.countDown();
                                // Deaf to interrupts, as a native RocksDB read is.
                                boolean interrupted = false;
                                while (release.getCount() > 0) {
                                    try {
                                        release.await(10, TimeUnit.SECONDS);
                                    } catch (InterruptedException e) {
                                        interrupted = true;
                                    }
                                }
                                if (interrupted) {
                                    Thread.currentThread().interrupt();
                                }
                            },
                            Duration.ZERO,
                            new HandClock(),
                            Duration.ofMillis(5));
            publisher.changed(fixture.alice);
            // Two more pending: a drain that went on after close would publish them.
            publisher.changed(fixture.bob);
            publisher.changed(fixture.alice + "x");
            assertThat(inSink.await(10, TimeUnit.SECONDS)).isTrue();

            Thread closing = new Thread(publisher::close);
            closing.start();
            closing.join(300);
            assertThat(closing.isAlive()).as("close waits for the drain in the sink").isTrue();

            release.countDown();
            closing.join(10_000);
            assertThat(closing.isAlive()).isFalse();
            assertThat(sink).hasSize(1);
        }
    }

    @Test
    void changesWaitUntilTheSpeedViewHasCaughtUp() throws Exception {
        try (ServingFixture fixture = new ServingFixture(dir)) {
            fixture.speedViewFollowed(false);
            List<RealtimeScores> sink = new ArrayList<>();
            try (ScorePublisher publisher =
                    new ScorePublisher(
                            fixture.lookup(),
                            sink::add,
                            Duration.ofMinutes(1),
                            new HandClock(),
                            Duration.ofHours(1))) {
                DailyTile today =
                        new DailyTile(fixture.alice, ServingFixture.CUTOFF.toEpochDay() + 1);
                today.callsOut = 5;
                fixture.putTile(today);
                publisher.changed(fixture.alice);
                publisher.drain();
                // As of the cutoff they would be the batch layer's own scores, already published.
                assertThat(sink).isEmpty();

                fixture.speedViewFollowed(true);
                publisher.drain();
                assertThat(sink).hasSize(1);
                assertThat(sink.get(0).asOfDay()).isEqualTo(ServingFixture.CUTOFF.plusDays(1));
                assertThat(sink.get(0).features().get("calls_out_7d")).isEqualTo(18 + 5);
            }
        }
    }

    @Test
    void withoutABatchViewTheFeaturesArePublishedWithoutScores() throws Exception {
        assertThat(publishedWithoutAView(true))
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.scores()).isEmpty();
                            assertThat(r.batchView()).isZero();
                            assertThat(r.features()).containsEntry("top_ups_30d", 1.0);
                            // What the campaign job reads: the features travel, no score.
                            RealtimeScores read = RealtimeScores.fromJson(r.toJson());
                            assertThat(read.features()).containsEntry("top_ups_30d", 1.0);
                            assertThat(read.scores()).isEmpty();
                        });
    }

    @Test
    void withoutALoadedViewNothingIsPublishedWhileTheLakeHasOne() throws Exception {
        // A view published but not loaded yet: the live days are not all the history.
        assertThat(publishedWithoutAView(false)).isEmpty();
    }

    /** What a publisher with no batch view loaded sends for a subscriber who topped up today. */
    private List<RealtimeScores> publishedWithoutAView(boolean noViewPublished) throws Exception {
        io.convergent.serving.view.BatchViewSwitch views =
                new io.convergent.serving.view.BatchViewSwitch(dir.resolve("no-views"));
        try (SpeedViewStore speed = new SpeedViewStore(dir.resolve("speed"))) {
            SubscriberLookup lookup =
                    new SubscriberLookup(
                            views,
                            speed,
                            () -> true,
                            Clock.fixed(ServingFixture.NOW, ZoneOffset.UTC),
                            io.convergent.common.risk.TransferRisk.standard());
            DailyTile today =
                    new DailyTile(
                            "k1.CAROLCAROLCAROLCAROLCA",
                            ServingFixture.NOW.atZone(ZoneOffset.UTC).toLocalDate().toEpochDay());
            today.topUps = 1;
            today.topUpMinor = 30_000;
            try (SpeedViewStore.Update update = speed.update()) {
                update.tile(today);
                update.apply();
            }
            List<RealtimeScores> sink = new ArrayList<>();
            try (ScorePublisher publisher =
                    new ScorePublisher(
                            lookup,
                            sink::add,
                            Duration.ofMinutes(1),
                            new HandClock(),
                            Duration.ofHours(1),
                            () -> noViewPublished)) {
                publisher.changed("k1.CAROLCAROLCAROLCAROLCA");
                publisher.drain();
            }
            return sink;
        } finally {
            views.close();
        }
    }

    @Test
    void aDrainPublishesAtMostItsCapAndLeavesTheRestForTheNext() throws Exception {
        try (ServingFixture fixture = new ServingFixture(dir)) {
            List<RealtimeScores> sink = new ArrayList<>();
            try (ScorePublisher publisher =
                    new ScorePublisher(
                            fixture.lookup(),
                            sink::add,
                            Duration.ofMinutes(1),
                            new HandClock(),
                            Duration.ofHours(1),
                            1)) {
                // A second subscriber of ours, new since the cutoff: a day of data sessions.
                String carol = "k1.carol-carol-carol-carol";
                DailyTile newcomer = new DailyTile(carol, ServingFixture.CUTOFF.toEpochDay() + 1);
                newcomer.dataSessions = 3;
                fixture.putTile(newcomer);
                publisher.changed(fixture.alice);
                publisher.changed(carol);
                publisher.drain();
                assertThat(sink).hasSize(1);
                publisher.drain();
                assertThat(sink).hasSize(2);
                assertThat(sink)
                        .extracting(RealtimeScores::subscriber)
                        .containsExactlyInAnyOrder(fixture.alice, carol);
            }
        }
    }

    @Test
    void aMovedSubscriberIsPublishedOncePerIntervalAndTheLastChangeIsNotLost() throws Exception {
        try (ServingFixture fixture = new ServingFixture(dir)) {
            List<RealtimeScores> sink = new ArrayList<>();
            HandClock clock = new HandClock();
            try (ScorePublisher publisher =
                    new ScorePublisher(
                            fixture.lookup(),
                            sink::add,
                            Duration.ofMinutes(1),
                            clock,
                            Duration.ofHours(1))) {
                publisher.changed(fixture.alice);
                publisher.drain();
                assertThat(sink).hasSize(1);
                assertThat(sink.get(0).subscriber()).isEqualTo(fixture.alice);
                assertThat(sink.get(0).batchView()).isEqualTo(1);
                assertThat(sink.get(0).scores().get("calls_model")).isLessThan(0.5);

                DailyTile today =
                        new DailyTile(fixture.alice, ServingFixture.CUTOFF.toEpochDay() + 1);
                today.callsOut = 5;
                fixture.putTile(today);
                publisher.changed(fixture.alice);
                publisher.drain();
                assertThat(sink).as("within the interval").hasSize(1);
                clock.advance(Duration.ofSeconds(61));
                publisher.drain();
                assertThat(sink).hasSize(2);
                assertThat(sink.get(1).scores().get("calls_model")).isGreaterThan(0.5);
                // The merged features the scores came from travel with them (campaign
                // eligibility reads them): today's five calls are in the week's count.
                assertThat(sink.get(1).features())
                        .hasSize(io.convergent.common.features.FeatureCatalog.names().size());
                assertThat(sink.get(1).features().get("calls_out_7d"))
                        .isEqualTo(sink.get(0).features().get("calls_out_7d") + 5);

                // Not one of ours: nothing to score, nothing published.
                publisher.changed(fixture.bob);
                publisher.drain();
                assertThat(sink).hasSize(2);
                assertThat(publisher.published()).isEqualTo(2);
            }
        }
    }

    @Test
    void subscribersBeyondTheCapThatChangeContinuouslyAreAllPublishedInTurn() throws Exception {
        try (ServingFixture fixture = new ServingFixture(dir)) {
            // Twice what a drain publishes, each changing again before every drain: a drain that
            // starts from the same place each time publishes the same half for ever.
            List<String> subscribers = newcomers(fixture, 2 * ScorePublisher.MAX_PER_DRAIN);
            List<RealtimeScores> sink = new ArrayList<>();
            try (ScorePublisher publisher =
                    new ScorePublisher(
                            fixture.lookup(),
                            sink::add,
                            Duration.ZERO,
                            new HandClock(),
                            Duration.ofHours(1))) {
                for (int drain = 0; drain < 4; drain++) {
                    subscribers.forEach(publisher::changed);
                    publisher.drain();
                    assertThat(sink).hasSize((drain + 1) * ScorePublisher.MAX_PER_DRAIN);
                }
            }
            Map<String, Long> timesPublished =
                    sink.stream()
                            .collect(
                                    Collectors.groupingBy(
                                            RealtimeScores::subscriber, Collectors.counting()));
            assertThat(timesPublished.keySet())
                    .as("no subscriber starved")
                    .containsExactlyInAnyOrderElementsOf(subscribers);
            assertThat(timesPublished.values()).as("in turn").containsOnly(2L);
        }
    }

    @Test
    void theOldestPendingChangeGoesFirstAndOneHeldBackByItsIntervalKeepsItsTurn() throws Exception {
        try (ServingFixture fixture = new ServingFixture(dir)) {
            List<String> subscribers = newcomers(fixture, 3);
            String a = subscribers.get(0);
            String b = subscribers.get(1);
            String c = subscribers.get(2);
            List<RealtimeScores> sink = new ArrayList<>();
            HandClock clock = new HandClock();
            try (ScorePublisher publisher =
                    new ScorePublisher(
                            fixture.lookup(),
                            sink::add,
                            Duration.ofMinutes(1),
                            clock,
                            Duration.ofHours(1),
                            1)) {
                publisher.changed(a);
                publisher.drain();
                // a again within its interval, b, and a once more: a keeps its first place.
                publisher.changed(a);
                publisher.changed(b);
                publisher.changed(a);
                publisher.drain();
                assertThat(sink).extracting(RealtimeScores::subscriber).containsExactly(a, b);

                clock.advance(Duration.ofSeconds(61));
                publisher.changed(c);
                publisher.changed(b);
                for (int drain = 0; drain < 4; drain++) {
                    publisher.drain();
                }
                // a changed before c and b did; one entry each, so nothing is published twice.
                assertThat(sink)
                        .extracting(RealtimeScores::subscriber)
                        .containsExactly(a, b, a, c, b);
            }
        }
    }

    /** New subscribers of ours since the cutoff, a day of data sessions each. */
    private static List<String> newcomers(ServingFixture fixture, int count) throws IOException {
        List<String> subscribers = new ArrayList<>();
        try (SpeedViewStore.Update update = fixture.speed().update()) {
            for (int i = 0; i < count; i++) {
                String subscriber = String.format("k1.newcomer-%06d", i);
                DailyTile tile = new DailyTile(subscriber, ServingFixture.CUTOFF.toEpochDay() + 1);
                tile.dataSessions = 1;
                update.tile(tile);
                subscribers.add(subscriber);
            }
            update.apply();
        }
        return subscribers;
    }
}
