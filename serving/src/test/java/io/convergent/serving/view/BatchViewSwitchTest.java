package io.convergent.serving.view;

import static io.convergent.serving.testing.ServingFixture.CUTOFF;
import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.serving.testing.ServingFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Swapping batch views: atomic, a bad version refused while the old one serves, restartable. */
class BatchViewSwitchTest {

    @TempDir Path dir;

    @Test
    void aNewViewSwapsInAndThePreviousIsKeptForRollback() throws IOException {
        try (ServingFixture fixture = new ServingFixture(dir)) {
            BatchViewSwitch views = fixture.views();
            fixture.writeView(dir.resolve("views").resolve("2"), 2, CUTOFF.plusDays(1));
            assertThat(views.install(dir.resolve("views").resolve("2"))).isTrue();
            assertThat(views.current().info().version()).isEqualTo(2);
            assertThat(views.current().info().cutoff()).isEqualTo(CUTOFF.plusDays(1));
            assertThat(views.previousInfo().orElseThrow().version()).isEqualTo(1);
            // The speed view keeps the days after the older cutoff, for a rollback to find.
            assertThat(views.coveredThroughDay()).isEqualTo(CUTOFF.toEpochDay());
            assertThat(views.rollback()).isTrue();
            assertThat(views.current().info().version()).isEqualTo(1);
            assertThat(views.coveredThroughDay()).isEqualTo(CUTOFF.toEpochDay());
            assertThat(Files.readString(dir.resolve("views").resolve("CURRENT"))).isEqualTo("1");
        }
    }

    @Test
    void viewsSharingABlockCacheAnswerAsViewsWithoutOneAcrossASwapAndARollback()
            throws IOException {
        String alice;
        String spammer;
        try (ServingFixture fixture = new ServingFixture(dir)) {
            fixture.writeView(dir.resolve("views").resolve("2"), 2, CUTOFF.plusDays(1));
            alice = fixture.alice;
            spammer = fixture.spammer;
        }
        Path views = dir.resolve("views");
        try (BatchViewSwitch plain = new BatchViewSwitch(views);
                BatchViewSwitch cached = new BatchViewSwitch(views, 1 << 20)) {
            plain.install(views.resolve("2"));
            cached.install(views.resolve("2"));
            assertSameAnswers(plain, cached, alice, spammer);
            plain.rollback();
            cached.rollback();
            assertThat(cached.current().info().version()).isEqualTo(1);
            assertSameAnswers(plain, cached, alice, spammer);
        }
    }

    private static void assertSameAnswers(
            BatchViewSwitch plain, BatchViewSwitch cached, String alice, String spammer) {
        long day = plain.current().info().cutoff().toEpochDay();
        assertThat(cached.current().fold(alice, day).orElseThrow().vector())
                .containsExactly(plain.current().fold(alice, day).orElseThrow().vector());
        assertThat(cached.current().reputation(spammer))
                .isEqualTo(plain.current().reputation(spammer));
        assertThat(cached.current().reputation(spammer)).isPresent();
    }

    @Test
    void aRolledBackVersionIsNotLoadedAgainEvenAfterARestartButANewerOneIs() throws IOException {
        try (ServingFixture fixture = new ServingFixture(dir)) {
            BatchViewSwitch views = fixture.views();
            fixture.writeView(dir.resolve("views").resolve("2"), 2, CUTOFF.plusDays(1));
            views.install(dir.resolve("views").resolve("2"));
            assertThat(views.rollback()).isTrue();
            // Version 2 is still the newest published: the next poll must not bring it back.
            assertThat(views.wanted(2)).isFalse();
            assertThat(views.wanted(3)).isTrue();
            // A failed load of something else does not make it forget.
            Path damaged = dir.resolve("views").resolve("9");
            Files.createDirectories(damaged);
            assertThat(views.install(damaged)).isFalse();
            assertThat(views.wanted(2)).isFalse();
        }
        try (BatchViewSwitch reopened = new BatchViewSwitch(dir.resolve("views"))) {
            assertThat(reopened.current().info().version()).isEqualTo(1);
            assertThat(reopened.wanted(2)).isFalse();
            assertThat(reopened.wanted(3)).isTrue();
        }
    }

    @Test
    void aPartialViewIsRefusedAndTheCurrentOneKeepsServing() throws IOException {
        try (ServingFixture fixture = new ServingFixture(dir)) {
            BatchViewSwitch views = fixture.views();
            Path partial = dir.resolve("views").resolve("2");
            try (var writer = io.convergent.serving.store.BatchViewStore.write(partial)) {
                writer.putModel(ServingFixture.model(CUTOFF));
                // Abandoned without finish(): the load died.
            }
            assertThat(Files.exists(partial)).isFalse();
            assertThat(Files.exists(dir.resolve("views").resolve("2.partial"))).isFalse();
            assertThat(views.install(partial)).isFalse();
            assertThat(views.lastRefusal().orElseThrow().reason()).contains("no batch view");
            assertThat(views.current().info().version()).isEqualTo(1);
        }
    }

    @Test
    void aDamagedViewIsRefusedWithTheReason() throws IOException {
        try (ServingFixture fixture = new ServingFixture(dir)) {
            Path damaged = dir.resolve("views").resolve("2");
            fixture.writeView(damaged, 2, CUTOFF.plusDays(1));
            try (Stream<Path> files = Files.list(damaged)) {
                for (Path sst : files.filter(p -> p.toString().endsWith(".sst")).toList()) {
                    Files.write(sst, new byte[] {1, 2, 3});
                }
            }
            assertThat(fixture.views().install(damaged)).isFalse();
            assertThat(fixture.views().lastRefusal().orElseThrow().reason())
                    .contains(damaged.toString());
            assertThat(fixture.views().current().info().version()).isEqualTo(1);
        }
    }

    @Test
    void aRestartServesTheViewCurrentNamesWithoutTheLake() throws IOException {
        try (ServingFixture fixture = new ServingFixture(dir)) {
            fixture.writeView(dir.resolve("views").resolve("2"), 2, CUTOFF.plusDays(1));
            fixture.views().install(dir.resolve("views").resolve("2"));
        }
        try (BatchViewSwitch reopened = new BatchViewSwitch(dir.resolve("views"))) {
            assertThat(reopened.current().info().version()).isEqualTo(2);
            assertThat(reopened.previousInfo().orElseThrow().version()).isEqualTo(1);
        }
    }
}
