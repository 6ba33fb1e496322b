package io.convergent.serving.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.convergent.common.features.DailyTile;
import io.convergent.common.features.FeatureWindows;
import io.convergent.common.identity.IdentifierKind;
import io.convergent.common.identity.Identifiers;
import io.convergent.common.identity.PseudonymKey;
import io.convergent.common.identity.PseudonymKeyRing;
import io.convergent.common.identity.Pseudonymiser;
import io.convergent.common.models.ScoringModel;
import io.convergent.common.numbering.NumberingPlan;
import io.convergent.common.risk.TransferRisk;
import io.convergent.common.state.SubscriberState;
import io.convergent.serving.api.AnswerCache;
import io.convergent.serving.api.SubscriberLookup;
import io.convergent.serving.http.Api;
import io.convergent.serving.http.Clients;
import io.convergent.serving.http.Health;
import io.convergent.serving.http.Metrics;
import io.convergent.serving.speed.SpeedViewStore;
import io.convergent.serving.store.BatchViewStore;
import io.convergent.serving.view.BatchViewSwitch;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * A serving stack on a temporary directory with a fixed clock: a batch view with two subscribers
 * and a caller, an empty speed view (followed: its tiles are merged), clients with known tokens,
 * and the {@link Api} over them. Reusable: tests add speed tiles and states through {@link
 * #speed()}.
 */
public final class ServingFixture implements AutoCloseable {

    public static final String ALICE_NUMBER = "+79580012345";
    public static final String BOB_NUMBER = "+79581234567";
    public static final String SPAMMER_NUMBER = "+79121234567";
    public static final String FOREIGN_NUMBER = "+4915112345678";
    public static final LocalDate CUTOFF = LocalDate.of(2026, 11, 24);

    /** The day after the cutoff, 10:00 UTC. */
    public static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    public static final String BANK_TOKEN = "bank-token";
    public static final String CAMARA_TOKEN = "camara-token";
    public static final String ALICE_APP_TOKEN = "alice-app-token";
    public static final String ADMIN_TOKEN = "admin-token";
    public static final String SLOW_TOKEN = "slow-token";

    /**
     * A bank system's token with no practical rate limit: for tests that load serving as hard as
     * they can, where the default 1,000 requests a second would answer some with 429.
     */
    public static final String LOAD_TOKEN = "load-token";

    public final Pseudonymiser pseudonymiser =
            new Pseudonymiser(
                    PseudonymKeyRing.of(new PseudonymKey(1, new byte[32])), Identifiers.russian());
    public final String alice = pseudonymiser.pseudonymise(IdentifierKind.MSISDN, ALICE_NUMBER);
    public final String bob = pseudonymiser.pseudonymise(IdentifierKind.MSISDN, BOB_NUMBER);
    public final String spammer = pseudonymiser.pseudonymise(IdentifierKind.MSISDN, SPAMMER_NUMBER);

    private final Path root;
    private final BatchViewSwitch views;
    private final SpeedViewStore speed;
    private final Api api;
    private final SubscriberLookup lookup;
    private final Metrics metrics = new Metrics();
    private final AnswerCache scoresCache = new AnswerCache(1000);
    private volatile String liveViewProblem;
    private volatile boolean speedViewFollowed = true;
    private volatile NumberingPlan plan = NumberingPlan.standard();

    public ServingFixture(Path root) throws IOException {
        this.root = root;
        writeView(root.resolve("views").resolve("1"), 1, CUTOFF);
        views = new BatchViewSwitch(root.resolve("views"));
        views.install(root.resolve("views").resolve("1"));
        speed = new SpeedViewStore(root.resolve("speed"));
        lookup =
                new SubscriberLookup(
                        views,
                        speed,
                        () -> speedViewFollowed,
                        Clock.fixed(NOW, ZoneOffset.UTC),
                        TransferRisk.standard());
        api =
                new Api(
                        lookup,
                        scoresCache,
                        pseudonymiser,
                        () -> plan,
                        Clients.parse(clientsYaml(alice), "clients.yaml"),
                        metrics,
                        () -> new Health(Health.Status.UP, true, null, null, null, null, null),
                        () -> Optional.ofNullable(liveViewProblem));
    }

    /** Puts {@code newPlan} in force, as a newer one published on {@code control.immunity}. */
    public void usePlan(NumberingPlan newPlan) {
        plan = newPlan;
    }

    /** Makes the live view one serving cannot vouch for, for {@code why}; {@code null}: current. */
    public void liveViewProblem(String why) {
        liveViewProblem = why;
    }

    /**
     * Whether the speed view has been current since start (as a follower that caught up), so its
     * tiles are merged; {@code true} unless told.
     */
    public void speedViewFollowed(boolean followed) {
        speedViewFollowed = followed;
    }

    public SubscriberLookup lookup() {
        return lookup;
    }

    public Api api() {
        return api;
    }

    public Metrics metrics() {
        return metrics;
    }

    public BatchViewSwitch views() {
        return views;
    }

    public SpeedViewStore speed() {
        return speed;
    }

    public Path root() {
        return root;
    }

    /** Puts a state into the speed view, as the follower would. */
    public void putState(SubscriberState state) throws IOException {
        try (SpeedViewStore.Update update = speed.update()) {
            update.state(state.subscriber, state.toJson());
            update.apply();
        }
    }

    /** Puts a tile into the speed view and tells the answer cache, as the follower does. */
    public void putTile(DailyTile tile) throws IOException {
        try (SpeedViewStore.Update update = speed.update()) {
            update.tile(tile);
            update.apply();
        }
        scoresCache.invalidate(tile.subscriber);
    }

    public AnswerCache scoresCache() {
        return scoresCache;
    }

    /**
     * Writes a view: Alice called 3 times a day for the 30 days up to the cutoff and topped up; Bob
     * only received calls (not one of ours); the spammer has a poor reputation.
     */
    public void writeView(Path directory, long version, LocalDate cutoff) throws IOException {
        try (BatchViewStore.Writer writer = BatchViewStore.write(directory)) {
            FeatureWindows[] folds = new FeatureWindows[3];
            for (int k = 0; k < 3; k++) {
                folds[k] = new FeatureWindows(alice, cutoff.toEpochDay() + k);
                for (int d = 0; d < 30; d++) {
                    DailyTile tile = new DailyTile(alice, cutoff.toEpochDay() - d);
                    tile.callsOut = 3;
                    tile.topUps = d == 0 ? 1 : 0;
                    tile.topUpMinor = d == 0 ? 50_000 : 0;
                    folds[k].add(tile);
                }
            }
            writer.putFolds(alice, folds);
            writer.putReputation(spammer, cutoff, 0.9, List.of("MASS_DIALLING", "COMPLAINTS"));
            writer.putModel(model(cutoff));
            writer.finish(
                    version,
                    cutoff,
                    OffsetDateTime.of(cutoff.plusDays(1).atStartOfDay(), ZoneOffset.UTC),
                    3,
                    List.of("calls_model@" + cutoff + ".abc"));
        }
    }

    /** A one-tree model trained at {@code cutoff}: more than 20 calls in 7 days scores high. */
    public static ScoringModel model(LocalDate cutoff) {
        try {
            JsonNode tree =
                    new ObjectMapper()
                            .readTree(
                                    "{\"nodeid\":0,\"depth\":0,\"split\":\"f0\",\"split_condition\":20.5,"
                                            + "\"yes\":1,\"no\":2,\"missing\":1,\"children\":["
                                            + "{\"nodeid\":1,\"leaf\":-1.0},{\"nodeid\":2,\"leaf\":1.0}]}");
            return new ScoringModel(
                    "calls_model", cutoff + ".abc", List.of("calls_out_7d"), List.of(tree), 0.0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String clientsYaml(String alice) {
        return "clients:\n"
                + client(
                        "bank",
                        BANK_TOKEN,
                        "[scores:read, features:read, transfers:risk, callers:read]",
                        null)
                + client(
                        "camara",
                        CAMARA_TOKEN,
                        "[sim-swap:check, sim-swap:retrieve-date, device-roaming-status:read,"
                                + " call-forwarding-signal:unconditional-call-forwardings:read]",
                        null)
                + client(
                        "alice-app",
                        ALICE_APP_TOKEN,
                        "[sim-swap:check, scores:read, transfers:risk]",
                        alice)
                + client("ops", ADMIN_TOKEN, "[admin]", null)
                + "  - name: slow\n    token-sha256: "
                + Clients.sha256(SLOW_TOKEN)
                + "\n    scopes: [scores:read]\n    requests-per-second: 1\n"
                + "  - name: load\n    token-sha256: "
                + Clients.sha256(LOAD_TOKEN)
                + "\n    scopes: [scores:read]\n    requests-per-second: 1000000\n";
    }

    private static String client(String name, String token, String scopes, String subject) {
        return "  - name: "
                + name
                + "\n    token-sha256: "
                + Clients.sha256(token)
                + "\n    scopes: "
                + scopes
                + "\n"
                + (subject == null ? "" : "    subject: " + subject + "\n");
    }

    @Override
    public void close() {
        speed.close();
        views.close();
    }
}
