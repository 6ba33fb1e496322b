package io.convergent.serving.http;

import static io.convergent.serving.testing.ServingFixture.ADMIN_TOKEN;
import static io.convergent.serving.testing.ServingFixture.ALICE_APP_TOKEN;
import static io.convergent.serving.testing.ServingFixture.ALICE_NUMBER;
import static io.convergent.serving.testing.ServingFixture.BANK_TOKEN;
import static io.convergent.serving.testing.ServingFixture.CAMARA_TOKEN;
import static io.convergent.serving.testing.ServingFixture.CUTOFF;
import static io.convergent.serving.testing.ServingFixture.FOREIGN_NUMBER;
import static io.convergent.serving.testing.ServingFixture.NOW;
import static io.convergent.serving.testing.ServingFixture.SLOW_TOKEN;
import static io.convergent.serving.testing.ServingFixture.SPAMMER_NUMBER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.convergent.common.features.DailyTile;
import io.convergent.common.identity.IdentifierKind;
import io.convergent.common.state.AnsweredCall;
import io.convergent.common.state.SubscriberState;
import io.convergent.common.testing.SampleRules;
import io.convergent.serving.api.MergedFeatures;
import io.convergent.serving.api.SubscriberLookup;
import io.convergent.serving.testing.ServingFixture;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every endpoint of the API and every refusal, through {@link Api#handle}. */
class ApiTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final long HOUR = 3_600_000L;
    static final long MINUTE = 60_000L;

    @TempDir Path dir;
    ServingFixture fixture;
    final List<String> bodies = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        fixture = new ServingFixture(dir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void featuresMergeTheBatchFoldWithTodaysSpeedTilesAndScoresFollow() throws Exception {
        String path = "/v1/subscribers/" + fixture.alice;
        JsonNode before = ok(get(path + "/features", BANK_TOKEN));
        assertThat(before.path("asOfDay").asText()).isEqualTo(CUTOFF.plusDays(1).toString());
        assertThat(before.path("batchView").path("version").asLong()).isEqualTo(1);
        // As of the day after the cutoff the 7-day window holds six batch days of 3 calls.
        assertThat(before.path("features").path("calls_out_7d").asDouble()).isEqualTo(18);
        assertThat(before.path("features").path("top_ups_30d").asDouble()).isEqualTo(1);
        double low =
                ok(get(path + "/scores", BANK_TOKEN))
                        .path("scores")
                        .path("calls_model")
                        .path("score")
                        .asDouble();
        assertThat(low).isCloseTo(1 / (1 + Math.exp(1)), org.assertj.core.data.Offset.offset(1e-9));

        DailyTile today = new DailyTile(fixture.alice, CUTOFF.toEpochDay() + 1);
        today.callsOut = 5;
        fixture.putTile(today);
        assertThat(
                        ok(get(path + "/features", BANK_TOKEN))
                                .path("features")
                                .path("calls_out_7d")
                                .asDouble())
                .isEqualTo(23);
        JsonNode scores = ok(get(path + "/scores", BANK_TOKEN));
        assertThat(scores.path("scores").path("calls_model").path("score").asDouble())
                .isCloseTo(1 / (1 + Math.exp(-1)), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(scores.path("scores").path("calls_model").path("version").asText())
                .isEqualTo(CUTOFF + ".abc");
        // The scores answer is written field by field, the features one as a tree: the same head.
        com.fasterxml.jackson.databind.node.ObjectNode scoresHead = scores.deepCopy();
        scoresHead.remove("scores");
        com.fasterxml.jackson.databind.node.ObjectNode featuresHead =
                ok(get(path + "/features", BANK_TOKEN)).deepCopy();
        featuresHead.remove("features");
        assertThat(scoresHead).isEqualTo(featuresHead);
        assertThat(scoresHead.fieldNames())
                .toIterable()
                .containsExactly("subscriber", "asOfDay", "batchView");
        assertThat(scores.path("scores").path("calls_model").fieldNames())
                .toIterable()
                .containsExactly("score", "version");
    }

    @Test
    void withoutAFollowedSpeedViewAnswersAreTheBatchViewAsOfItsCutoffAndSaySo() throws Exception {
        // No broker, or a follower that has not caught up since start: the tile it stored may be
        // one of many it has not applied yet.
        fixture.speedViewFollowed(false);
        DailyTile afterCutoff = new DailyTile(fixture.alice, CUTOFF.toEpochDay() + 1);
        afterCutoff.callsOut = 5;
        fixture.putTile(afterCutoff);
        String path = "/v1/subscribers/" + fixture.alice;

        JsonNode features = ok(get(path + "/features", BANK_TOKEN));
        assertThat(features.path("asOfDay").asText()).isEqualTo(CUTOFF.toString());
        assertThat(features.path("batchView").path("cutoffDay").asText())
                .isEqualTo(CUTOFF.toString());
        assertThat(features.path("batchView").path("stale").asBoolean()).isTrue();
        // The week up to the cutoff: seven batch days of 3 calls, not six and a day of none.
        assertThat(features.path("features").path("calls_out_7d").asDouble()).isEqualTo(21);
        JsonNode scores = ok(get(path + "/scores", BANK_TOKEN));
        assertThat(scores.path("asOfDay").asText()).isEqualTo(CUTOFF.toString());
        assertThat(scores.path("batchView").path("stale").asBoolean()).isTrue();
        // The score the batch layer gave at the cutoff: the model over the fold as of the cutoff.
        double atCutoff =
                ServingFixture.model(CUTOFF)
                        .score(
                                fixture.views()
                                        .current()
                                        .fold(fixture.alice, CUTOFF.toEpochDay())
                                        .orElseThrow()
                                        .vector());
        assertThat(scores.path("scores").path("calls_model").path("score").asDouble())
                .isEqualTo(atCutoff)
                .isGreaterThan(0.5);

        // Bob is new since the cutoff, or unknown: only the speed view could tell, and it is
        // not followed yet, so no "not found".
        error(get("/v1/subscribers/" + fixture.bob + "/scores", BANK_TOKEN), 503, "UNAVAILABLE");

        // Caught up: as of today with the speed tiles, and not the answer given before.
        fixture.speedViewFollowed(true);
        error(get("/v1/subscribers/" + fixture.bob + "/scores", BANK_TOKEN), 404, "NOT_FOUND");
        JsonNode followed = ok(get(path + "/scores", BANK_TOKEN));
        assertThat(followed.path("asOfDay").asText()).isEqualTo(CUTOFF.plusDays(1).toString());
        assertThat(followed.path("batchView").path("stale").asBoolean()).isFalse();
        assertThat(
                        ok(get(path + "/features", BANK_TOKEN))
                                .path("features")
                                .path("calls_out_7d")
                                .asDouble())
                .isEqualTo(18 + 5);
    }

    @Test
    void aSpeedTileTheBatchViewCoversIsNotCountedTwice() throws Exception {
        DailyTile cutoffDay = new DailyTile(fixture.alice, CUTOFF.toEpochDay());
        cutoffDay.callsOut = 100;
        fixture.putTile(cutoffDay);
        assertThat(
                        ok(get("/v1/subscribers/" + fixture.alice + "/features", BANK_TOKEN))
                                .path("features")
                                .path("calls_out_7d")
                                .asDouble())
                .isEqualTo(18);
    }

    @Test
    void subscriberLookupsRefuseWhatTheyCannotAnswer() throws Exception {
        error(get("/v1/subscribers/" + fixture.bob + "/scores", BANK_TOKEN), 404, "NOT_FOUND");
        error(get("/v1/subscribers/12345/scores", BANK_TOKEN), 400, "INVALID_ARGUMENT");
        error(get("/v1/subscribers/" + fixture.alice + "/scores", null), 401, "UNAUTHENTICATED");
        error(
                get("/v1/subscribers/" + fixture.alice + "/scores", "not-a-token"),
                401,
                "UNAUTHENTICATED");
        error(
                get("/v1/subscribers/" + fixture.alice + "/scores", CAMARA_TOKEN),
                403,
                "PERMISSION_DENIED");
        error(
                call("POST", "/v1/subscribers/" + fixture.alice + "/scores", BANK_TOKEN, "{}"),
                405,
                "METHOD_NOT_ALLOWED");
        error(get("/v2/nothing", BANK_TOKEN), 404, "NOT_FOUND");
        // A token issued for Alice reads Alice, and no one else, whatever its scopes.
        assertThat(
                        ok(get("/v1/subscribers/" + fixture.alice + "/scores", ALICE_APP_TOKEN))
                                .has("scores"))
                .isTrue();
        error(
                get("/v1/subscribers/" + fixture.bob + "/scores", ALICE_APP_TOKEN),
                403,
                "PERMISSION_DENIED");
        error(
                post(
                        "/v1/transfers/risk",
                        ALICE_APP_TOKEN,
                        "{\"subscriber\":\"" + fixture.bob + "\",\"newBeneficiary\":false}"),
                403,
                "PERMISSION_DENIED");
        // A path parameter left out: the route's two ends overlap, and nothing matches.
        error(get("/v1/subscribers/scores", BANK_TOKEN), 404, "NOT_FOUND");
        error(get("/v1/subscribers/features", null), 404, "NOT_FOUND");
        error(get("/v1/callers/reputation", BANK_TOKEN), 405, "METHOD_NOT_ALLOWED");
        // A 405 names what the path takes, in the Allow header HTTP requires of it.
        assertThat(get("/v1/callers/reputation", BANK_TOKEN).allow()).isEqualTo("POST");
        // A body is JSON: another type is refused, none is read as JSON.
        String risk = "{\"subscriber\":\"" + fixture.alice + "\",\"newBeneficiary\":false}";
        Response form =
                fixture.api()
                        .handle(
                                "POST",
                                "/v1/transfers/risk",
                                "Bearer " + BANK_TOKEN,
                                "application/x-www-form-urlencoded",
                                risk.getBytes(StandardCharsets.UTF_8));
        error(form, 415, "UNSUPPORTED_MEDIA_TYPE");
        for (String json :
                new String[] {null, "application/json", "Application/JSON; charset=UTF-8"}) {
            assertThat(
                            fixture.api()
                                    .handle(
                                            "POST",
                                            "/v1/transfers/risk",
                                            "Bearer " + BANK_TOKEN,
                                            json,
                                            risk.getBytes(StandardCharsets.UTF_8))
                                    .status())
                    .as(json)
                    .isEqualTo(200);
        }
        // A field given as null is a field left out.
        ok(
                post(
                        "/v1/transfers/risk",
                        BANK_TOKEN,
                        "{\"subscriber\":\""
                                + fixture.alice
                                + "\",\"newBeneficiary\":false,\"amountMinor\":null}"));
        error(
                post("/sim-swap/v2/check", CAMARA_TOKEN, "{\"phoneNumber\":null}"),
                422,
                "MISSING_IDENTIFIER");
        // HEAD is answered wherever GET is (a load balancer's health check), and allowed there.
        assertThat(call("HEAD", "/health/live", null, null).status()).isEqualTo(200);
        assertThat(call("HEAD", "/v1/subscribers/" + fixture.alice + "/scores", BANK_TOKEN, null))
                .extracting(Response::status)
                .isEqualTo(200);
        Response deleted =
                call("DELETE", "/v1/subscribers/" + fixture.alice + "/scores", BANK_TOKEN, null);
        assertThat(deleted.status()).isEqualTo(405);
        assertThat(deleted.allow()).isEqualTo("GET, HEAD");
        assertThat(get("/v1/subscribers/" + fixture.alice + "/scores", BANK_TOKEN).allow())
                .isNull();
    }

    @Test
    void aClientOverItsRateIsRefusedWith429() throws Exception {
        ok(get("/v1/subscribers/" + fixture.alice + "/scores", SLOW_TOKEN));
        error(
                get("/v1/subscribers/" + fixture.alice + "/scores", SLOW_TOKEN),
                429,
                "TOO_MANY_REQUESTS");
    }

    @Test
    void aTransferDuringALongCallWithAStrangerIsHeldWithTheReason() throws Exception {
        SubscriberState state = new SubscriberState(fixture.alice);
        AnsweredCall call =
                new AnsweredCall(
                        "k1.ZZZZZZZZZZZZZZZZZZZZZZ",
                        true,
                        false,
                        NOW.toEpochMilli() - 12 * MINUTE,
                        NOW.toEpochMilli() + 10 * MINUTE,
                        false);
        state.calls = new AnsweredCall[] {call};
        fixture.putState(state);
        JsonNode held =
                ok(
                        post(
                                "/v1/transfers/risk",
                                BANK_TOKEN,
                                "{\"phoneNumber\":\""
                                        + ALICE_NUMBER
                                        + "\",\"amountMinor\":5000000,\"newBeneficiary\":true,\"transferId\":\"t-1\"}"));
        assertThat(held.path("decision").asText()).isEqualTo("HOLD");
        assertThat(held.path("transferId").asText()).isEqualTo("t-1");
        assertThat(held.path("subscriber").asText()).isEqualTo(fixture.alice);
        assertThat(held.path("reasons").get(0).path("message").asText())
                .isEqualTo("on a call with an unknown number for 12 minutes");

        // The same call with the spammer, whom Alice knows: held for the reputation instead.
        call.counterpart = fixture.spammer;
        call.counterpartKnown = true;
        fixture.putState(state);
        JsonNode reputed =
                ok(
                        post(
                                "/v1/transfers/risk",
                                BANK_TOKEN,
                                "{\"subscriber\":\""
                                        + fixture.alice
                                        + "\",\"newBeneficiary\":false}"));
        assertThat(reputed.path("reasons").get(0).path("message").asText())
                .isEqualTo("on a call with a number with a poor reputation for 12 minutes");
    }

    @Test
    void aTransferBySomeoneTheNetworkCannotSpeakForIsNotAllowedSilently() throws Exception {
        // Alice is in the batch view, with no live state: nothing against the transfer, and the
        // answer says the live network had nothing to say.
        JsonNode batchOnly =
                ok(
                        post(
                                "/v1/transfers/risk",
                                BANK_TOKEN,
                                "{\"subscriber\":\""
                                        + fixture.alice
                                        + "\",\"newBeneficiary\":false}"));
        assertThat(batchOnly.path("decision").asText()).isEqualTo("ALLOW");
        assertThat(batchOnly.path("networkKnown").asBoolean()).isFalse();
        // Bob is one of our numbers that neither view has heard of.
        error(
                post(
                        "/v1/transfers/risk",
                        BANK_TOKEN,
                        "{\"subscriber\":\"" + fixture.bob + "\",\"newBeneficiary\":false}"),
                404,
                "IDENTIFIER_NOT_FOUND");
        // Another operator's number: nothing to assess it from.
        error(
                post(
                        "/v1/transfers/risk",
                        BANK_TOKEN,
                        "{\"phoneNumber\":\"+14155550100\",\"newBeneficiary\":false}"),
                422,
                "SERVICE_NOT_APPLICABLE");
        // A token issued for Alice learns nothing of another number, not even that it is not
        // one of ours.
        error(
                post(
                        "/v1/transfers/risk",
                        ALICE_APP_TOKEN,
                        "{\"phoneNumber\":\"+14155550100\",\"newBeneficiary\":false}"),
                403,
                "PERMISSION_DENIED");
        // A pseudonym neither view has heard of: a typo, or a subscriber long gone.
        error(
                post(
                        "/v1/transfers/risk",
                        BANK_TOKEN,
                        "{\"subscriber\":\"k1.QQQQQQQQQQQQQQQQQQQQQQ\",\"newBeneficiary\":false}"),
                404,
                "IDENTIFIER_NOT_FOUND");
    }

    @Test
    void answersFromLiveStateAreRefusedWhileTheLiveViewCannotBeVouchedFor() throws Exception {
        SubscriberState swapped = new SubscriberState(fixture.alice);
        swapped.lastSimSwapAt = NOW.toEpochMilli() - MINUTE;
        fixture.putState(swapped);
        String risk = "{\"subscriber\":\"" + fixture.alice + "\",\"newBeneficiary\":true}";
        String simSwap = "{\"phoneNumber\":\"" + ALICE_NUMBER + "\",\"maxAge\":24}";
        assertThat(ok(post("/v1/transfers/risk", BANK_TOKEN, risk)).path("decision").asText())
                .isEqualTo("HOLD");

        fixture.liveViewProblem("the live view has not reached its topics for 42 s");

        Response refused = post("/v1/transfers/risk", BANK_TOKEN, risk);
        error(refused, 503, "UNAVAILABLE");
        assertThat(JSON.readTree(refused.body()).path("message").asText())
                .isEqualTo(
                        "the live view has not reached its topics for 42 s: no answer rather"
                                + " than one from an outdated view");
        error(post("/sim-swap/v2/check", CAMARA_TOKEN, simSwap), 503, "UNAVAILABLE");
        // Scores come from the batch view and tiles, and are still answered.
        ok(get("/v1/subscribers/" + fixture.alice + "/scores", BANK_TOKEN));

        fixture.liveViewProblem(null);
        assertThat(
                        ok(post("/sim-swap/v2/check", CAMARA_TOKEN, simSwap))
                                .path("swapped")
                                .asBoolean())
                .isTrue();
    }

    @Test
    void aNumberPortedInOrInARangeAllocatedSinceIsOursOnceOurTilesShowItsOwnActivity()
            throws Exception {
        // Another operator's range: by default not ours.
        String ported = "+79161234567";
        String subscriber = fixture.pseudonymiser.pseudonymise(IdentifierKind.MSISDN, ported);
        String check = "{\"phoneNumber\":\"" + ported + "\"}";
        String risk = "{\"phoneNumber\":\"" + ported + "\",\"newBeneficiary\":true}";
        error(post("/sim-swap/v2/check", CAMARA_TOKEN, check), 422, "SERVICE_NOT_APPLICABLE");
        error(post("/v1/transfers/risk", BANK_TOKEN, risk), 422, "SERVICE_NOT_APPLICABLE");
        // Unsure while the live view, which knows subscribers new since the cutoff, is not current.
        fixture.liveViewProblem("the live view has not reached its topics for 42 s");
        error(post("/sim-swap/v2/check", CAMARA_TOKEN, check), 503, "UNAVAILABLE");
        fixture.liveViewProblem(null);

        // Another operator's customer who called ours: the live view keeps their state too
        // (both parties of every call), and they are still not ours.
        SubscriberState state = new SubscriberState(subscriber);
        state.lastSimSwapAt = NOW.toEpochMilli() - MINUTE;
        fixture.putState(state);
        error(post("/sim-swap/v2/check", CAMARA_TOKEN, check), 422, "SERVICE_NOT_APPLICABLE");
        error(post("/v1/transfers/risk", BANK_TOKEN, risk), 422, "SERVICE_NOT_APPLICABLE");

        // The subscriber ported the number in: their own activity (data) is in our tiles.
        DailyTile own = new DailyTile(subscriber, CUTOFF.toEpochDay() + 1);
        own.dataSessions = 1;
        fixture.putTile(own);
        assertThat(ok(post("/sim-swap/v2/check", CAMARA_TOKEN, check)).path("swapped").asBoolean())
                .isTrue();
        assertThat(ok(post("/v1/transfers/risk", BANK_TOKEN, risk)).path("decision").asText())
                .isEqualTo("HOLD");
        // A range the shipped plan shows unallocated, allocated to us since: the same.
        String newRange = "+79584123456";
        String newSubscriber = fixture.pseudonymiser.pseudonymise(IdentifierKind.MSISDN, newRange);
        String newCheck = "{\"phoneNumber\":\"" + newRange + "\"}";
        fixture.putState(new SubscriberState(newSubscriber));
        error(post("/sim-swap/v2/check", CAMARA_TOKEN, newCheck), 422, "SERVICE_NOT_APPLICABLE");
        DailyTile topUp = new DailyTile(newSubscriber, CUTOFF.toEpochDay() + 1);
        topUp.topUps = 1;
        fixture.putTile(topUp);
        assertThat(
                        ok(post("/sim-swap/v2/check", CAMARA_TOKEN, newCheck))
                                .path("swapped")
                                .asBoolean())
                .isFalse();
        // A foreign number stays out, known or not.
        error(
                post(
                        "/sim-swap/v2/check",
                        CAMARA_TOKEN,
                        "{\"phoneNumber\":\"" + FOREIGN_NUMBER + "\"}"),
                422,
                "SERVICE_NOT_APPLICABLE");
    }

    @Test
    void anUnknownNumberIsUnavailableNotUnknownWhileTheLiveViewCannotBeVouchedFor()
            throws Exception {
        // Ours, but in neither view: perhaps a subscriber since the cutoff whom only the live
        // view would know.
        String unknown = "{\"phoneNumber\":\"+79580099999\"}";
        List<String> signals =
                List.of(
                        "/sim-swap/v2/check",
                        "/sim-swap/v2/retrieve-date",
                        "/device-roaming-status/v1/retrieve",
                        "/call-forwarding-signal/v0.4/unconditional-call-forwardings");
        for (String path : signals) {
            error(post(path, CAMARA_TOKEN, unknown), 404, "IDENTIFIER_NOT_FOUND");
        }

        fixture.liveViewProblem("the live view is still catching up with its topics");

        for (String path : signals) {
            Response refused = post(path, CAMARA_TOKEN, unknown);
            error(refused, 503, "UNAVAILABLE");
            assertThat(JSON.readTree(refused.body()).path("message").asText())
                    .as(path)
                    .isEqualTo(
                            "the live view is still catching up with its topics: no answer"
                                    + " rather than one from an outdated view");
        }
        // Transfer risk answered so already.
        error(
                post(
                        "/v1/transfers/risk",
                        BANK_TOKEN,
                        "{\"phoneNumber\":\"+79580099999\",\"newBeneficiary\":false}"),
                503,
                "UNAVAILABLE");
        // What is wrong with the request itself is still said first.
        error(
                post("/sim-swap/v2/check", CAMARA_TOKEN, "{\"phoneNumber\":\"+15550100\"}"),
                422,
                "SERVICE_NOT_APPLICABLE");
    }

    @Test
    void aTransferRequestThatCannotBeReadIsRefused() throws Exception {
        error(post("/v1/transfers/risk", BANK_TOKEN, "{\"subscriber\":"), 400, "INVALID_ARGUMENT");
        error(post("/v1/transfers/risk", BANK_TOKEN, "[1]"), 400, "INVALID_ARGUMENT");
        error(post("/v1/transfers/risk", BANK_TOKEN, ""), 400, "INVALID_ARGUMENT");
        error(post("/v1/transfers/risk", BANK_TOKEN, "{}"), 422, "MISSING_IDENTIFIER");
        // Left out, "new beneficiary" was read as "no", the softer answer: asked for instead.
        Response unsaid =
                post(
                        "/v1/transfers/risk",
                        BANK_TOKEN,
                        "{\"subscriber\":\"" + fixture.alice + "\"}");
        error(unsaid, 400, "INVALID_ARGUMENT");
        assertThat(JSON.readTree(unsaid.body()).path("message").asText())
                .startsWith("newBeneficiary is required: true when the customer has never paid");
        error(
                post(
                        "/v1/transfers/risk",
                        BANK_TOKEN,
                        "{\"subscriber\":\""
                                + fixture.alice
                                + "\",\"phoneNumber\":\""
                                + ALICE_NUMBER
                                + "\"}"),
                400,
                "INVALID_ARGUMENT");
        error(
                post(
                        "/v1/transfers/risk",
                        BANK_TOKEN,
                        "{\"subscriber\":\"" + fixture.alice + "\",\"newBeneficiary\":\"yes\"}"),
                400,
                "INVALID_ARGUMENT");
        error(
                post(
                        "/v1/transfers/risk",
                        BANK_TOKEN,
                        "{\"subscriber\":\"" + fixture.alice + "\",\"amountMinor\":-1}"),
                400,
                "INVALID_ARGUMENT");
        error(
                post(
                        "/v1/transfers/risk",
                        BANK_TOKEN,
                        "{\"subscriber\":\"" + fixture.alice + "\",\"amountMinor\":1.5}"),
                400,
                "INVALID_ARGUMENT");
        error(
                post("/v1/transfers/risk", BANK_TOKEN, "{\"phoneNumber\":\"79580012345\"}"),
                400,
                "INVALID_ARGUMENT");
        String alice = "{\"subscriber\":\"" + fixture.alice + "\"";
        // Read strictly: nothing after the object, each field once, a transfer id as text.
        error(post("/v1/transfers/risk", BANK_TOKEN, alice + "} {}"), 400, "INVALID_ARGUMENT");
        error(
                post("/v1/transfers/risk", BANK_TOKEN, alice + ",\"subscriber\":\"x\"}"),
                400,
                "INVALID_ARGUMENT");
        error(
                post("/v1/transfers/risk", BANK_TOKEN, alice + ",\"transferId\":{\"a\":1}}"),
                400,
                "INVALID_ARGUMENT");
        // A misspelt field would otherwise be read as absent: a new beneficiary as none.
        Response misspelt =
                post("/v1/transfers/risk", BANK_TOKEN, alice + ",\"newBenificiary\":true}");
        error(misspelt, 400, "INVALID_ARGUMENT");
        assertThat(JSON.readTree(misspelt.body()).path("message").asText())
                .isEqualTo(
                        "unknown field 'newBenificiary' (known: subscriber, phoneNumber,"
                                + " amountMinor, newBeneficiary, transferId)");
        Response numbered = post("/v1/transfers/risk", BANK_TOKEN, alice + ",\"+79580012345\":1}");
        assertThat(JSON.readTree(numbered.body()).path("message").asText())
                .startsWith("unknown field '+###########'")
                .doesNotContain("79580012345");
        Response spaced =
                post("/v1/transfers/risk", BANK_TOKEN, alice + ",\"+44 7700 900 123\":1}");
        assertThat(JSON.readTree(spaced.body()).path("message").asText())
                .startsWith("unknown field '+## #### ### ###'");
        error(
                post(
                        "/v1/transfers/risk",
                        BANK_TOKEN,
                        "{\"subscriber\":\"k1.~~~~~~~~~~~~~~~~~~~~~~\"}"),
                400,
                "INVALID_ARGUMENT");
    }

    @Test
    void callerReputationByNumberOrPseudonym() throws Exception {
        JsonNode spam =
                ok(
                        get(
                                "/v1/callers/" + SPAMMER_NUMBER.replace("+", "%2B") + "/reputation",
                                BANK_TOKEN));
        assertThat(spam.path("caller").asText()).isEqualTo(fixture.spammer);
        assertThat(spam.path("possibleFraud").asBoolean()).isTrue();
        assertThat(spam.path("signals").toString()).contains("MASS_DIALLING");
        JsonNode stranger = ok(get("/v1/callers/" + fixture.bob + "/reputation", BANK_TOKEN));
        assertThat(stranger.path("known").asBoolean()).isFalse();
        assertThat(stranger.path("score").asDouble()).isZero();
        error(get("/v1/callers/hello/reputation", BANK_TOKEN), 400, "INVALID_ARGUMENT");
        error(get("/v1/callers/%zz/reputation", BANK_TOKEN), 400, "INVALID_ARGUMENT");
        // A short number, as the ingest keeps it: the phone asks about "900" ringing.
        JsonNode shortNumber = ok(get("/v1/callers/900/reputation", BANK_TOKEN));
        assertThat(shortNumber.path("caller").asText()).isEqualTo("svc:900");
        assertThat(shortNumber.path("known").asBoolean()).isFalse();
        assertThat(ok(post("/v1/callers/reputation", BANK_TOKEN, "{\"phoneNumber\":\"900\"}")))
                .isEqualTo(shortNumber);

        // The number in the body, out of every URL a proxy logs: the same answer.
        JsonNode posted =
                ok(
                        post(
                                "/v1/callers/reputation",
                                BANK_TOKEN,
                                "{\"phoneNumber\":\"" + SPAMMER_NUMBER + "\"}"));
        assertThat(posted).isEqualTo(spam);
        error(post("/v1/callers/reputation", BANK_TOKEN, "{}"), 422, "MISSING_IDENTIFIER");
        error(
                post("/v1/callers/reputation", BANK_TOKEN, "{\"phoneNumber\":\"hello\"}"),
                400,
                "INVALID_ARGUMENT");
    }

    @Test
    void aScoresAnswerCarriesAnyModelVersionAsWritten() throws Exception {
        // Versions are free text: quotes, a backslash, a control character, an accent, a
        // surrogate pair and a lone surrogate, each written twice (the second from the names
        // quoted once).
        List<String> versions = List.of("v\"1\\\u0001", "é-2026", "v\uD83D\uDE00", "broken\uD800");
        List<SubscriberLookup.Score> scores = new ArrayList<>();
        for (int i = 0; i < versions.size(); i++) {
            scores.add(new SubscriberLookup.Score("model_" + i, versions.get(i), i / 8.0));
        }
        MergedFeatures features = new MergedFeatures("s1", 20_000, null, false, null, null);
        for (int round = 0; round < 2; round++) {
            JsonNode answer = JSON.readTree(Api.scoresAnswer(features, scores));
            for (int i = 0; i < versions.size(); i++) {
                JsonNode score = answer.path("scores").path("model_" + i);
                assertThat(score.path("version").asText()).isEqualTo(versions.get(i));
                assertThat(score.path("score").asDouble()).isEqualTo(i / 8.0);
            }
        }
    }

    @Test
    void aNumberIsOursByTheNumberingPlanInForce() throws Exception {
        // A subscriber in +7999, another operator's range in the shipped plan, since handed to
        // us: live, but with no features of its own yet (new since the batch cutoff).
        String number = SampleRules.NEWLY_OURS_NUMBER;
        SubscriberState state =
                new SubscriberState(
                        fixture.pseudonymiser.pseudonymise(IdentifierKind.MSISDN, number));
        fixture.putState(state);
        String check = "{\"phoneNumber\":\"" + number + "\"}";
        error(post("/sim-swap/v2/check", CAMARA_TOKEN, check), 422, "SERVICE_NOT_APPLICABLE");

        fixture.usePlan(SampleRules.planWithNewRange());

        assertThat(ok(post("/sim-swap/v2/check", CAMARA_TOKEN, check)).path("swapped").asBoolean())
                .isFalse();
    }

    @Test
    void simSwapCheckAndDateFollowTheState() throws Exception {
        String alice = "{\"phoneNumber\":\"" + ALICE_NUMBER + "\"";
        assertThat(
                        ok(post("/sim-swap/v2/check", CAMARA_TOKEN, alice + "}"))
                                .path("swapped")
                                .asBoolean())
                .isFalse();
        JsonNode none = ok(post("/sim-swap/v2/retrieve-date", CAMARA_TOKEN, alice + "}"));
        assertThat(none.path("latestSimChange").isNull()).isTrue();
        assertThat(none.path("monitoredPeriod").asInt()).isEqualTo(30);

        SubscriberState state = new SubscriberState(fixture.alice);
        state.lastSimSwapAt = NOW.toEpochMilli() - 3 * HOUR;
        fixture.putState(state);
        assertThat(
                        ok(post("/sim-swap/v2/check", CAMARA_TOKEN, alice + "}"))
                                .path("swapped")
                                .asBoolean())
                .isTrue();
        assertThat(
                        ok(post("/sim-swap/v2/check", CAMARA_TOKEN, alice + ",\"maxAge\":2}"))
                                .path("swapped")
                                .asBoolean())
                .isFalse();
        assertThat(
                        ok(post("/sim-swap/v2/retrieve-date", CAMARA_TOKEN, alice + "}"))
                                .path("latestSimChange")
                                .asText())
                .isEqualTo("2026-11-25T07:00:00Z");
        // A token issued for Alice herself needs no number.
        assertThat(
                        ok(post("/sim-swap/v2/check", ALICE_APP_TOKEN, "{}"))
                                .path("swapped")
                                .asBoolean())
                .isTrue();
    }

    @Test
    void camaraRefusalsCarryCamarasCodes() throws Exception {
        String alice = "{\"phoneNumber\":\"" + ALICE_NUMBER + "\"";
        error(
                post("/sim-swap/v2/check", CAMARA_TOKEN, alice + ",\"maxAge\":0}"),
                400,
                "OUT_OF_RANGE");
        error(
                post("/sim-swap/v2/check", CAMARA_TOKEN, alice + ",\"maxAge\":2401}"),
                400,
                "OUT_OF_RANGE");
        error(
                post("/sim-swap/v2/check", CAMARA_TOKEN, alice + ",\"maxAge\":\"240\"}"),
                400,
                "INVALID_ARGUMENT");
        // A misspelt maxAge read as absent answered for the default 240 hours: refused, named.
        Response misspelt = post("/sim-swap/v2/check", CAMARA_TOKEN, alice + ",\"maxage\":1}");
        error(misspelt, 400, "INVALID_ARGUMENT");
        assertThat(JSON.readTree(misspelt.body()).path("message").asText())
                .isEqualTo("unknown field 'maxage' (known: phoneNumber, device, maxAge)");
        error(
                post("/device-roaming-status/v1/retrieve", CAMARA_TOKEN, alice + ",\"maxAge\":1}"),
                400,
                "INVALID_ARGUMENT");
        error(
                post("/v1/callers/reputation", BANK_TOKEN, alice + ",\"phone\":\"x\"}"),
                400,
                "INVALID_ARGUMENT");
        // Past the 30 days the network remembers swaps for: not a "no" it cannot vouch for.
        error(
                post("/sim-swap/v2/check", CAMARA_TOKEN, alice + ",\"maxAge\":721}"),
                400,
                "OUT_OF_RANGE");
        assertThat(
                        ok(post("/sim-swap/v2/check", CAMARA_TOKEN, alice + ",\"maxAge\":720}"))
                                .has("swapped"))
                .isTrue();
        // 2^64 + 240 must not wrap round to 240.
        error(
                post(
                        "/sim-swap/v2/check",
                        CAMARA_TOKEN,
                        alice + ",\"maxAge\":18446744073709551856}"),
                400,
                "OUT_OF_RANGE");
        // The body is judged before the number: a bad maxAge is a 400 whatever the number.
        error(
                post(
                        "/sim-swap/v2/check",
                        CAMARA_TOKEN,
                        "{\"phoneNumber\":\"+15550100\",\"maxAge\":0}"),
                400,
                "OUT_OF_RANGE");
        error(post("/sim-swap/v2/check", CAMARA_TOKEN, "{}"), 422, "MISSING_IDENTIFIER");
        // CAMARA's device object: by phone number only, and one number.
        error(
                post(
                        "/sim-swap/v2/check",
                        CAMARA_TOKEN,
                        "{\"device\":{\"ipv4Address\":{\"publicAddress\":\"84.125.93.10\"}}}"),
                422,
                "UNSUPPORTED_IDENTIFIER");
        error(
                post(
                        "/sim-swap/v2/check",
                        CAMARA_TOKEN,
                        "{\"phoneNumber\":\"+79580012345\",\"device\":{\"phoneNumber\":\"+79580099999\"}}"),
                400,
                "INVALID_ARGUMENT");
        error(
                post("/sim-swap/v2/check", CAMARA_TOKEN, "{\"device\":\"x\"}"),
                400,
                "INVALID_ARGUMENT");
        error(
                post("/sim-swap/v2/check", ALICE_APP_TOKEN, alice + "}"),
                422,
                "UNNECESSARY_IDENTIFIER");
        error(
                post(
                        "/sim-swap/v2/check",
                        CAMARA_TOKEN,
                        "{\"phoneNumber\":\"" + FOREIGN_NUMBER + "\"}"),
                422,
                "SERVICE_NOT_APPLICABLE");
        error(
                post("/sim-swap/v2/check", CAMARA_TOKEN, "{\"phoneNumber\":\"+79580099999\"}"),
                404,
                "IDENTIFIER_NOT_FOUND");
        error(
                post("/sim-swap/v2/check", CAMARA_TOKEN, "{\"phoneNumber\":\"8958\"}"),
                400,
                "INVALID_ARGUMENT");
        error(
                post("/sim-swap/v2/check", CAMARA_TOKEN, "{\"phoneNumber\":"),
                400,
                "INVALID_ARGUMENT");
        error(
                post("/sim-swap/v2/retrieve-date", BANK_TOKEN, alice + "}"),
                403,
                "PERMISSION_DENIED");
        error(post("/sim-swap/v2/check", null, alice + "}"), 401, "UNAUTHENTICATED");
    }

    @Test
    void roamingAndForwardingAnswerFromTheState() throws Exception {
        String alice = "{\"device\":{\"phoneNumber\":\"" + ALICE_NUMBER + "\"}}";
        JsonNode home = ok(post("/device-roaming-status/v1/retrieve", CAMARA_TOKEN, alice));
        assertThat(home.path("roaming").asBoolean()).isFalse();
        SubscriberState state = new SubscriberState(fixture.alice);
        state.roaming = true;
        state.roamingMcc = 262;
        state.roamingSince = NOW.toEpochMilli() - HOUR;
        state.forwardingActive = true;
        state.forwardingChangedAt = NOW.toEpochMilli() - HOUR;
        fixture.putState(state);
        JsonNode abroad = ok(post("/device-roaming-status/v1/retrieve", CAMARA_TOKEN, alice));
        assertThat(abroad.path("roaming").asBoolean()).isTrue();
        assertThat(abroad.path("countryCode").asInt()).isEqualTo(262);
        assertThat(abroad.path("countryName").toString()).isEqualTo("[\"DE\"]");
        assertThat(abroad.path("lastStatusTime").asText()).isEqualTo("2026-11-25T09:00:00Z");
        assertThat(
                        ok(post(
                                        "/call-forwarding-signal/v0.4/unconditional-call-forwardings",
                                        CAMARA_TOKEN,
                                        "{\"phoneNumber\":\"" + ALICE_NUMBER + "\"}"))
                                .path("active")
                                .asBoolean())
                .isTrue();
    }

    @Test
    void operationsEndpointsNeedNoTokenAndDescribeTheApi() throws Exception {
        ok(get("/v1/subscribers/" + fixture.alice + "/scores", BANK_TOKEN));
        Response metrics = fixture.api().handle("GET", "/metrics", null, new byte[0]);
        String text = new String(metrics.body(), StandardCharsets.UTF_8);
        assertThat(text)
                .contains("serving_request_seconds_bucket{endpoint=\"scores\",le=\"0.001\"}");
        assertThat(text).contains("serving_requests_total{endpoint=\"scores\",status=\"200\"} 1");
        JsonNode openApi = ok(get("/openapi.json", null));
        assertThat(openApi.path("openapi").asText()).startsWith("3.");
        assertThat(openApi.path("paths").fieldNames())
                .toIterable()
                .contains(
                        "/v1/subscribers/{id}/scores",
                        "/v1/transfers/risk",
                        "/sim-swap/v2/check",
                        "/sim-swap/v2/retrieve-date",
                        "/device-roaming-status/v1/retrieve",
                        "/call-forwarding-signal/v0.4/unconditional-call-forwardings");
        // OpenAPI 3.0 lists scopes only for OAuth 2 and OpenID Connect: a bearer scheme's list is
        // empty, and each operation names its scopes in x-scopes.
        openApi.path("paths")
                .forEach(
                        path ->
                                path.forEach(
                                        operation ->
                                                operation
                                                        .path("security")
                                                        .forEach(
                                                                requirement ->
                                                                        assertThat(
                                                                                        requirement
                                                                                                .path(
                                                                                                        "bearer"))
                                                                                .isEmpty())));
        assertThat(openApi.at("/paths/~1v1~1transfers~1risk/post/x-scopes").get(0).asText())
                .isEqualTo("transfers:risk");
        // Every body the server reads refuses a field it does not know: the document says so.
        openApi.path("paths")
                .fields()
                .forEachRemaining(
                        path ->
                                path.getValue()
                                        .forEach(
                                                operation -> {
                                                    JsonNode schema =
                                                            operation.at(
                                                                    "/requestBody/content/application~1json/schema");
                                                    if (schema.has("$ref")) {
                                                        schema =
                                                                openApi.at(
                                                                        schema.path("$ref")
                                                                                .asText()
                                                                                .substring(1));
                                                    }
                                                    if (!schema.isMissingNode()) {
                                                        assertThat(
                                                                        schema.path(
                                                                                        "additionalProperties")
                                                                                .asBoolean(true))
                                                                .as(path.getKey())
                                                                .isFalse();
                                                    }
                                                }));
        assertThat(ok(get("/health", null)).path("ready").asBoolean()).isTrue();
    }

    @Test
    void theDocumentDescribesHealthAsServingAnswersIt() throws Exception {
        JsonNode openApi = ok(get("/openapi.json", null));
        assertThat(openApi.at("/paths/~1health/get/responses/200/content/application~1json/schema"))
                .isEqualTo(JSON.readTree("{\"$ref\":\"#/components/schemas/Health\"}"));
        JsonNode health = openApi.at("/components/schemas/Health");
        assertThat(texts(health.at("/properties/status/enum")))
                .containsExactly(
                        Arrays.stream(Health.Status.values())
                                .map(Enum::name)
                                .toArray(String[]::new));
        assertThat(health.path("properties").fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder(names(Health.class));
        assertThat(health.at("/properties/speedView/properties").fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder(names(Health.SpeedView.class));
        assertThat(openApi.at("/components/schemas/HealthBatchView/properties").fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder(names(Health.BatchView.class));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    private static String[] names(Class<? extends Record> record) {
        return Arrays.stream(record.getRecordComponents())
                .map(RecordComponent::getName)
                .toArray(String[]::new);
    }

    @Test
    void rollbackNeedsAPreviousViewAndTheAdminScope() throws Exception {
        error(post("/admin/batch-view/rollback", BANK_TOKEN, ""), 403, "PERMISSION_DENIED");
        error(post("/admin/batch-view/rollback", ADMIN_TOKEN, ""), 409, "CONFLICT");
    }

    @Test
    void noAnswerOrMetricEverHoldsARawNumber() throws Exception {
        simSwapCheckAndDateFollowTheState();
        callerReputationByNumberOrPseudonym();
        aTransferRequestThatCannotBeReadIsRefused();
        camaraRefusalsCarryCamarasCodes();
        bodies.add(
                new String(
                        fixture.api().handle("GET", "/metrics", null, null).body(),
                        StandardCharsets.UTF_8));
        assertThat(bodies).isNotEmpty();
        for (String body : bodies) {
            for (String raw :
                    List.of(
                            ALICE_NUMBER,
                            SPAMMER_NUMBER,
                            FOREIGN_NUMBER,
                            "79580012345",
                            "4915112345678")) {
                assertThat(body).doesNotContain(raw.substring(1));
            }
        }
    }

    private Response get(String path, String token) {
        return call("GET", path, token, null);
    }

    private Response post(String path, String token, String body) {
        return call("POST", path, token, body);
    }

    private Response call(String method, String path, String token, String body) {
        Response response =
                fixture.api()
                        .handle(
                                method,
                                path,
                                token == null ? null : "Bearer " + token,
                                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
        bodies.add(new String(response.body(), StandardCharsets.UTF_8));
        return response;
    }

    private static JsonNode ok(Response response) throws IOException {
        assertThat(response.status())
                .as(new String(response.body(), StandardCharsets.UTF_8))
                .isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static void error(Response response, int status, String code) throws IOException {
        JsonNode body = JSON.readTree(response.body());
        assertThat(response.status()).as(body.toString()).isEqualTo(status);
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("code").asText()).isEqualTo(code);
        assertThat(body.path("message").asText()).isNotBlank();
    }
}
