package io.convergent.serving.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.convergent.common.features.FeatureCatalog;
import io.convergent.common.identity.IdentifierKind;
import io.convergent.common.identity.InvalidIdentifierException;
import io.convergent.common.identity.Pseudonymiser;
import io.convergent.common.identity.ServiceAddresses;
import io.convergent.common.numbering.NumberCategory;
import io.convergent.common.numbering.NumberRange;
import io.convergent.common.numbering.NumberingPlan;
import io.convergent.common.risk.RiskReason;
import io.convergent.common.risk.TransferAssessment;
import io.convergent.common.state.SubscriberState;
import io.convergent.serving.api.AnswerCache;
import io.convergent.serving.api.MergedFeatures;
import io.convergent.serving.api.SubscriberLookup;
import io.convergent.serving.store.BatchViewStore;
import io.convergent.serving.store.CallerStanding;
import io.convergent.serving.store.ViewInfo;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API, independent of the server that carries it: a request (method, path, bearer token,
 * body) in, a {@link Response} out. Authenticates and authorises by scope, limits each client's
 * rate, pseudonymises any phone number at the boundary (a raw number is never stored, logged or
 * echoed), and answers every refusal with a typed error body ({@link ApiError}).
 */
public final class Api {

    private static final Logger LOG = LoggerFactory.getLogger(Api.class);

    /**
     * Writes answers; reads requests strictly: one JSON value and nothing after it, each field
     * once, so a body the client did not mean is refused rather than half read.
     */
    private static final ObjectMapper JSON =
            JsonMapper.builder()
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    // Scores are doubles, two dozen an answer: Jackson's Schubfach writer instead
                    // of Double.toString (the shortest digits that read back as the same double).
                    .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                    .build();

    private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{4,14}$");
    private static final long HOUR = 3_600_000L;

    /**
     * How far back SIM swaps are known: a subscriber's state lives 30 days past its last change
     * (the speed view's default {@code convergent.speed-view.state-ttl}).
     */
    static final int MONITORED_PERIOD_DAYS =
            (int) SubscriberState.SIM_SWAP_MONITORED_PERIOD.toDays();

    private static final int DEFAULT_MAX_AGE_HOURS = 240;

    /** One endpoint: how it is matched, the scope it needs, and what it does. */
    private record Route(
            String method,
            String prefix,
            String suffix,
            String name,
            Scope scope,
            Handler handler) {

        /** The path parameter, or null when the path does not match. */
        String match(String path) {
            if (suffix == null) {
                return path.equals(prefix) ? "" : null;
            }
            // Shorter than both ends together, the two would overlap ("/v1/subscribers/scores").
            if (path.length() <= prefix.length() + suffix.length()
                    || !path.startsWith(prefix)
                    || !path.endsWith(suffix)) {
                return null;
            }
            String param = path.substring(prefix.length(), path.length() - suffix.length());
            return param.isEmpty() || param.contains("/") ? null : param;
        }
    }

    @FunctionalInterface
    private interface Handler {
        Response handle(Call call) throws IOException;
    }

    /** A request as a handler sees it. */
    private record Call(String param, Client client, byte[] body) {}

    private final SubscriberLookup lookup;
    private final AnswerCache scoresCache;
    private final Pseudonymiser pseudonymiser;
    private final Supplier<NumberingPlan> numberingPlan;
    private final Clients clients;
    private final Metrics metrics;
    private final Supplier<Health> health;
    private final Supplier<Optional<String>> liveViewProblem;
    private final byte[] openApi;

    /** The plan last asked for and its countries by MCC, made again when the plan changes. */
    private record PlanCountries(NumberingPlan plan, Map<Integer, List<String>> byMcc) {
        static PlanCountries of(NumberingPlan plan) {
            Map<Integer, List<String>> byMcc = new HashMap<>();
            for (NumberRange range : plan.ranges()) {
                if (range.mcc() > 0 && range.country() != null && !range.country().isEmpty()) {
                    byMcc.computeIfAbsent(range.mcc(), m -> new java.util.ArrayList<>())
                            .add(range.country());
                }
            }
            byMcc.replaceAll((m, c) -> c.stream().distinct().sorted().toList());
            return new PlanCountries(plan, Map.copyOf(byMcc));
        }
    }

    private volatile PlanCountries planCountries;
    private final List<Route> routes;

    public Api(
            SubscriberLookup lookup,
            AnswerCache scoresCache,
            Pseudonymiser pseudonymiser,
            Supplier<NumberingPlan> numberingPlan,
            Clients clients,
            Metrics metrics,
            Supplier<Health> health,
            Supplier<Optional<String>> liveViewProblem) {
        this.lookup = lookup;
        this.scoresCache = scoresCache;
        this.pseudonymiser = pseudonymiser;
        this.numberingPlan = numberingPlan;
        this.clients = clients;
        this.metrics = metrics;
        this.health = health;
        this.liveViewProblem = liveViewProblem;
        this.openApi = OpenApiDocument.bytes();
        this.planCountries = PlanCountries.of(numberingPlan.get());
        this.routes =
                List.of(
                        new Route(
                                "GET",
                                "/v1/subscribers/",
                                "/scores",
                                "scores",
                                Scope.SCORES_READ,
                                this::scores),
                        new Route(
                                "GET",
                                "/v1/subscribers/",
                                "/features",
                                "features",
                                Scope.FEATURES_READ,
                                this::features),
                        new Route(
                                "POST",
                                "/v1/transfers/risk",
                                null,
                                "transfer_risk",
                                Scope.TRANSFERS_RISK,
                                this::transferRisk),
                        new Route(
                                "GET",
                                "/v1/callers/",
                                "/reputation",
                                "caller_reputation",
                                Scope.CALLERS_READ,
                                this::reputation),
                        // The number in the body: no proxy's access log in front of serving
                        // keeps it, as it would keep a URL path.
                        new Route(
                                "POST",
                                "/v1/callers/reputation",
                                null,
                                "caller_reputation",
                                Scope.CALLERS_READ,
                                this::reputationByBody),
                        new Route(
                                "POST",
                                "/sim-swap/v2/check",
                                null,
                                "sim_swap_check",
                                Scope.SIM_SWAP_CHECK,
                                this::simSwapCheck),
                        new Route(
                                "POST",
                                "/sim-swap/v2/retrieve-date",
                                null,
                                "sim_swap_retrieve_date",
                                Scope.SIM_SWAP_RETRIEVE_DATE,
                                this::simSwapDate),
                        new Route(
                                "POST",
                                "/device-roaming-status/v1/retrieve",
                                null,
                                "device_roaming_status",
                                Scope.DEVICE_ROAMING_STATUS_READ,
                                this::roaming),
                        new Route(
                                "POST",
                                "/call-forwarding-signal/v0.4/unconditional-call-forwardings",
                                null,
                                "call_forwarding",
                                Scope.CALL_FORWARDING_READ,
                                this::forwarding),
                        new Route(
                                "POST",
                                "/admin/batch-view/rollback",
                                null,
                                "admin_rollback",
                                Scope.ADMIN,
                                this::rollback),
                        new Route(
                                "GET", "/health", null, "health", null, c -> healthResponse(false)),
                        new Route(
                                "GET",
                                "/health/live",
                                null,
                                "health",
                                null,
                                c -> Response.json(200, "{\"status\":\"UP\"}".getBytes())),
                        new Route(
                                "GET",
                                "/health/ready",
                                null,
                                "health",
                                null,
                                c -> healthResponse(true)),
                        new Route(
                                "GET",
                                "/metrics",
                                null,
                                "metrics",
                                null,
                                c -> Response.text(metrics.render())),
                        new Route(
                                "GET",
                                "/openapi.json",
                                null,
                                "openapi",
                                null,
                                c -> Response.json(200, openApi)));
    }

    /**
     * Answers one request; never throws.
     *
     * @param authorization the {@code Authorization} header, or null
     */
    public Response handle(String method, String path, String authorization, byte[] body) {
        return handle(method, path, authorization, null, body);
    }

    /**
     * Answers one request whose body is of {@code contentType} (the header's value, or null when it
     * has none, read as JSON); never throws. A body of another type is refused 415.
     */
    public Response handle(
            String method, String path, String authorization, String contentType, byte[] body) {
        long started = System.nanoTime();
        String endpoint = "unmatched";
        Response response;
        try {
            Route route = null;
            String param = null;
            // HEAD is GET without the body, wherever GET is answered (RFC 9110, 9.3.2): Netty's
            // codec leaves the body of a HEAD request's answer out.
            String routed = method.equals("HEAD") ? "GET" : method;
            for (Route r : routes) {
                String p = r.match(path);
                if (p != null && r.method().equals(routed)) {
                    route = r;
                    param = p;
                    break;
                }
            }
            if (route == null) {
                Set<String> allowed = new TreeSet<>();
                for (Route r : routes) {
                    if (r.match(path) != null) {
                        allowed.add(r.method());
                        if (r.method().equals("GET")) {
                            allowed.add("HEAD");
                        }
                    }
                }
                throw allowed.isEmpty()
                        ? ApiError.notFound("no endpoint at this path")
                        : ApiError.methodNotAllowed(method, allowed);
            }
            endpoint = route.name();
            Client client = null;
            if (route.scope() != null) {
                client = authorise(authorization, route.scope());
            }
            if (body != null && body.length > 0 && !isJson(contentType)) {
                throw new ApiError(
                        415, "UNSUPPORTED_MEDIA_TYPE", "the request body must be application/json");
            }
            response = route.handler().handle(new Call(param, client, body));
        } catch (ApiError e) {
            response = error(e);
        } catch (RuntimeException | IOException e) {
            LOG.error("endpoint={} failed: {}", endpoint, e.toString(), e);
            response = error(new ApiError(500, "INTERNAL", "the request failed inside serving"));
        }
        metrics.observe(endpoint, response.status(), System.nanoTime() - started);
        return response;
    }

    /**
     * Whether a body of {@code contentType} is read as JSON: none given, {@code application/json}
     * or a {@code +json} type, with any parameters ({@code ; charset=utf-8}), in any case.
     */
    static boolean isJson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        int semicolon = contentType.indexOf(';');
        String type =
                (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                        .trim()
                        .toLowerCase(java.util.Locale.ROOT);
        return type.equals("application/json")
                || type.startsWith("application/") && type.endsWith("+json");
    }

    /** The error a request body over the size limit gets (the server refuses it unread). */
    public Response tooLarge(int limit) {
        Response response =
                error(
                        new ApiError(
                                413,
                                "PAYLOAD_TOO_LARGE",
                                "the request body exceeds " + limit + " bytes"));
        metrics.observe("oversize", 413, 0);
        return response;
    }

    /**
     * The answer to a request the HTTP layer could not decode ({@code error} says how): what was
     * decoded of it is not the request the client sent, so it is not handled.
     */
    public Response malformed(ApiError error) {
        Response response = error(error);
        metrics.observe("malformed", error.status(), 0);
        return response;
    }

    private Client authorise(String authorization, Scope scope) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiError(401, "UNAUTHENTICATED", "a bearer token is required");
        }
        Client client =
                clients.authenticate(authorization.substring(7).trim())
                        .orElseThrow(
                                () ->
                                        new ApiError(
                                                401, "UNAUTHENTICATED", "the token is not valid"));
        if (!client.scopes().contains(scope)) {
            throw new ApiError(
                    403, "PERMISSION_DENIED", "the token does not grant " + scope.text());
        }
        if (!clients.admit(client)) {
            throw new ApiError(429, "TOO_MANY_REQUESTS", "rate limit of this client exceeded");
        }
        return client;
    }

    // ---- our endpoints ----

    /**
     * {@code subscriber}, if {@code client} may read it: a token issued for one subscriber (its
     * {@code subject}) reads that subscriber only, whatever its scopes; a system's token reads any.
     */
    private static String ownSubscriber(Client client, String subscriber) {
        if (client.subject() != null && !client.subject().equals(subscriber)) {
            throw new ApiError(
                    403,
                    "PERMISSION_DENIED",
                    "the token was issued for one subscriber and reads that subscriber only");
        }
        return subscriber;
    }

    private Response scores(Call call) throws IOException {
        String subscriber = ownSubscriber(call.client(), subscriberId(call.param()));
        BatchViewStore view = lookup.views().current();
        long version = view == null ? 0 : view.info().version();
        // Keyed by the day answered as of, not today's: an answer as of the cutoff, given before
        // the speed view caught up, is not the answer once it has.
        byte[] cached = scoresCache.get(subscriber, version, lookup.asOfDay(view));
        if (cached != null) {
            return Response.json(200, cached);
        }
        long generation = scoresCache.generation(subscriber);
        MergedFeatures features = featuresOf(subscriber);
        byte[] answer = scoresAnswer(features, lookup.scores(features));
        ViewInfo used = features.view();
        scoresCache.put(
                subscriber,
                used == null ? 0 : used.version(),
                features.asOfDay(),
                generation,
                answer);
        return Response.json(200, answer);
    }

    private Response features(Call call) throws IOException {
        MergedFeatures features =
                featuresOf(ownSubscriber(call.client(), subscriberId(call.param())));
        ObjectNode root = head(features);
        ObjectNode values = root.putObject("features");
        FeatureCatalog.asMap(features.vector()).forEach(values::put);
        return ok(root);
    }

    private Response transferRisk(Call call) throws IOException {
        JsonNode body = object(call.body());
        // A misspelt field read as absent would assess a different transfer ("newBenificiary":
        // true as no new beneficiary): refused, so the bank's developer finds it at once.
        onlyFields(body, TRANSFER_RISK_FIELDS);
        String subscriber;
        boolean hasId = body.hasNonNull("subscriber");
        boolean hasPhone = body.hasNonNull("phoneNumber");
        if (hasId && hasPhone) {
            throw ApiError.invalid("give either subscriber or phoneNumber, not both");
        } else if (hasId) {
            subscriber = subscriberId(body.get("subscriber").asText());
        } else if (hasPhone) {
            String e164 = phoneNumber(body.get("phoneNumber"));
            // Before any lookup: a token issued for one subscriber learns nothing of another
            // number, not even whether it is one of ours.
            ownSubscriber(call.client(), pseudonymOf(e164));
            subscriber = ourSubscriber(e164);
        } else {
            throw new ApiError(422, "MISSING_IDENTIFIER", "subscriber or phoneNumber is required");
        }
        ownSubscriber(call.client(), subscriber);
        JsonNode newBeneficiary = body.get("newBeneficiary");
        if (newBeneficiary == null || newBeneficiary.isNull()) {
            // Read as "no" when left out, it softened the answer (REVIEW where a new beneficiary
            // is a HOLD), and the bank always knows it: asked for, as a misspelling is refused.
            throw ApiError.invalid(
                    "newBeneficiary is required: true when the customer has never paid this"
                            + " beneficiary before (it weighs the network's reasons: HOLD rather"
                            + " than REVIEW)");
        }
        if (!newBeneficiary.isBoolean()) {
            throw ApiError.invalid("newBeneficiary must be true or false");
        }
        JsonNode amount = body.get("amountMinor");
        if (amount != null
                && !amount.isNull()
                && (!amount.isIntegralNumber()
                        || !amount.canConvertToLong()
                        || amount.asLong() < 0)) {
            throw ApiError.invalid(
                    "amountMinor must be a whole, non-negative number of minor units");
        }
        JsonNode transferId = body.get("transferId");
        if (transferId != null && !transferId.isNull() && !transferId.isTextual()) {
            throw ApiError.invalid("transferId must be a string");
        }
        SubscriberState state = liveState(subscriber).orElse(null);
        if (state == null && !lookup.knows(subscriber)) {
            // Neither view has heard of the subscriber: no network view to assess from, which an
            // ALLOW would hide.
            throw ApiError.identifierNotFound();
        }
        TransferAssessment assessment = lookup.transferRisk(state, newBeneficiary.asBoolean());
        ObjectNode root = JSON.createObjectNode();
        root.put("subscriber", subscriber);
        if (transferId != null && !transferId.isNull()) {
            root.put("transferId", transferId.asText());
        }
        root.put("decision", assessment.decision().name());
        ArrayNode reasons = root.putArray("reasons");
        for (RiskReason reason : assessment.reasons()) {
            ObjectNode r = reasons.addObject();
            r.put("code", reason.code());
            r.put("message", reason.message());
            r.put("decision", reason.asks().name());
        }
        root.put("networkKnown", state != null);
        root.put("assessedAt", Instant.ofEpochMilli(lookup.now()).toString());
        return ok(root);
    }

    private Response reputation(Call call) throws IOException {
        String number;
        try {
            // Percent-decoding only: a literal '+' of an E.164 number is not a space here.
            number =
                    java.net.URLDecoder.decode(
                            call.param().replace("+", "%2B"),
                            java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid("the caller is not validly percent-encoded");
        }
        String caller;
        if (Pseudonymiser.isPseudonym(number)) {
            caller = number;
        } else if (E164.matcher(number).matches()) {
            caller = pseudonymOf(number);
        } else if (ServiceAddresses.shortCode(number) != null) {
            // Kept as the ingest keeps it (svc:900): an organisation's line, not a person's.
            caller = ServiceAddresses.shortCode(number);
        } else {
            throw ApiError.invalid(
                    "the caller must be an E.164 number (+...), a short number of 2-6 digits or a"
                            + " pseudonym");
        }
        return reputationOf(caller);
    }

    private Response reputationByBody(Call call) throws IOException {
        JsonNode body = object(call.body());
        onlyFields(body, REPUTATION_FIELDS);
        JsonNode phone = body.get("phoneNumber");
        if (phone == null || phone.isNull()) {
            throw new ApiError(422, "MISSING_IDENTIFIER", "phoneNumber is required");
        }
        if (phone.isTextual() && ServiceAddresses.shortCode(phone.asText()) != null) {
            return reputationOf(ServiceAddresses.shortCode(phone.asText()));
        }
        return reputationOf(pseudonymOf(phoneNumber(phone)));
    }

    private Response reputationOf(String caller) throws IOException {
        Optional<CallerStanding> standing = lookup.reputation(caller);
        ObjectNode root = JSON.createObjectNode();
        root.put("caller", caller);
        root.put("known", standing.isPresent());
        root.put("score", standing.map(CallerStanding::score).orElse(0.0));
        ArrayNode signals = root.putArray("signals");
        standing.ifPresent(s -> s.signals().forEach(signals::add));
        root.put("possibleFraud", standing.map(CallerStanding::poor).orElse(false));
        standing.ifPresent(s -> root.put("asOfDay", s.asOfDay().toString()));
        return ok(root);
    }

    // ---- CAMARA ----

    private Response simSwapCheck(Call call) throws IOException {
        JsonNode body = object(call.body());
        // "maxage" read as absent would answer for the default 240 hours: refused instead.
        onlyFields(body, SIM_SWAP_CHECK_FIELDS);
        int maxAge = maxAge(body.get("maxAge"));
        String subscriber = device(body, call.client());
        long swappedAt = liveState(subscriber).map(s -> s.lastSimSwapAt).orElse(0L);
        ObjectNode root = JSON.createObjectNode();
        root.put("swapped", swappedAt > 0 && lookup.now() - swappedAt <= maxAge * HOUR);
        return ok(root);
    }

    private Response simSwapDate(Call call) throws IOException {
        String subscriber = device(deviceOnly(call), call.client());
        long swappedAt = liveState(subscriber).map(s -> s.lastSimSwapAt).orElse(0L);
        ObjectNode root = JSON.createObjectNode();
        if (swappedAt > 0) {
            root.put("latestSimChange", Instant.ofEpochMilli(swappedAt).toString());
        } else {
            root.putNull("latestSimChange");
            root.put("monitoredPeriod", MONITORED_PERIOD_DAYS);
        }
        return ok(root);
    }

    /**
     * CAMARA's {@code maxAge}: 240 hours when absent, a whole number from 1 to 2400 otherwise, and
     * refused (OUT_OF_RANGE) past the period the network remembers swaps for, which the contract
     * requires rather than a "not swapped" it cannot vouch for.
     */
    private static int maxAge(JsonNode age) {
        if (age == null) {
            return DEFAULT_MAX_AGE_HOURS;
        }
        if (!age.isIntegralNumber()) {
            throw ApiError.invalid("maxAge must be a whole number of hours");
        }
        if (!age.canConvertToInt() || age.asInt() < 1 || age.asInt() > 2400) {
            throw ApiError.outOfRange("maxAge must be between 1 and 2400 hours");
        }
        if (age.asInt() > MONITORED_PERIOD_DAYS * 24) {
            throw ApiError.outOfRange(
                    "maxAge exceeds the monitored period of "
                            + MONITORED_PERIOD_DAYS
                            + " days ("
                            + MONITORED_PERIOD_DAYS * 24
                            + " hours)");
        }
        return age.asInt();
    }

    private Response roaming(Call call) throws IOException {
        String subscriber = device(deviceOnly(call), call.client());
        Optional<SubscriberState> state = liveState(subscriber);
        ObjectNode root = JSON.createObjectNode();
        boolean roaming = state.map(s -> s.roaming).orElse(false);
        root.put("roaming", roaming);
        if (roaming) {
            int mcc = state.get().roamingMcc;
            root.put("countryCode", mcc);
            ArrayNode names = root.putArray("countryName");
            countriesByMcc().getOrDefault(mcc, List.of()).forEach(names::add);
        }
        state.filter(s -> s.roamingSince > 0)
                .ifPresent(
                        s ->
                                root.put(
                                        "lastStatusTime",
                                        Instant.ofEpochMilli(s.roamingSince).toString()));
        return ok(root);
    }

    private Response forwarding(Call call) throws IOException {
        String subscriber = device(deviceOnly(call), call.client());
        ObjectNode root = JSON.createObjectNode();
        root.put("active", liveState(subscriber).map(s -> s.forwardingActive).orElse(false));
        return ok(root);
    }

    private Response rollback(Call call) throws IOException {
        if (!lookup.views().rollback()) {
            throw new ApiError(409, "CONFLICT", "there is no previous batch view to roll back to");
        }
        return healthResponse(false);
    }

    private static boolean hasNonNullField(JsonNode object) {
        for (JsonNode value : object) {
            if (!value.isNull()) {
                return true;
            }
        }
        return false;
    }

    /** {@code node}, or null for a JSON null as for a field left out. */
    private static JsonNode present(JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }

    /**
     * The subscriber a CAMARA request is about: the token's own subject, or the request's phone
     * number (never both, never neither), which must be one of our numbers and known.
     */
    private String device(JsonNode body, Client client) {
        // A field given as null is a field left out, here as everywhere in the API.
        JsonNode phone = present(body.get("phoneNumber"));
        JsonNode device = body.get("device");
        if (device != null && !device.isNull()) {
            if (!device.isObject()) {
                throw ApiError.invalid("device must be an object");
            }
            JsonNode devicePhone = present(device.get("phoneNumber"));
            if (phone != null && devicePhone != null && !phone.equals(devicePhone)) {
                throw ApiError.invalid("phoneNumber and device.phoneNumber name different numbers");
            }
            if (phone == null) {
                phone = devicePhone;
            }
            if (phone == null && hasNonNullField(device) && client.subject() == null) {
                // CAMARA's other device identifiers (an IP address, a network access id): this
                // network identifies a device by its phone number only.
                throw new ApiError(
                        422,
                        "UNSUPPORTED_IDENTIFIER",
                        "the device is identified here by phoneNumber only");
            }
        }
        if (client.subject() != null) {
            if (phone != null) {
                throw new ApiError(
                        422,
                        "UNNECESSARY_IDENTIFIER",
                        "the device is already identified by the access token");
            }
            return client.subject();
        }
        if (phone == null) {
            throw new ApiError(
                    422,
                    "MISSING_IDENTIFIER",
                    "the device cannot be identified: phoneNumber is required");
        }
        String subscriber = ourSubscriber(phoneNumber(phone));
        // The live view first, as transfer risk does: a subscriber new since the batch cutoff is
        // known to the live view alone, so while it cannot be vouched for, "unknown" is an
        // answer from an outdated view as much as "no swap" would be.
        requireLiveView();
        if (!lookup.knows(subscriber)) {
            throw ApiError.identifierNotFound();
        }
        return subscriber;
    }

    // ---- pieces ----

    /** Countries by mobile country code, in the numbering plan in force. */
    private Map<Integer, List<String>> countriesByMcc() {
        NumberingPlan plan = numberingPlan.get();
        PlanCountries known = planCountries;
        if (known.plan() != plan) {
            known = PlanCountries.of(plan);
            planCountries = known;
        }
        return known.byMcc();
    }

    /**
     * The pseudonym of {@code e164}, which must be one of our numbers (422 otherwise): in one of
     * our ranges of the numbering plan in force (as the immunity job takes it from {@code
     * control.immunity}), or with features of our own subscriber in the views though in another
     * domestic operator's range (a subscriber who ported the number in) or in a range the plan
     * shows unallocated (allocated to us since the plan was published); the campaigns CLI warns,
     * not refuses, for the same reasons. While the live view, where a subscriber new since the
     * batch cutoff is known, cannot be vouched for, such a number the batch view does not know gets
     * 503, not a "not ours" that may be wrong.
     */
    private String ourSubscriber(String e164) {
        NumberCategory category = numberingPlan.get().categoryOf(e164);
        if (category == NumberCategory.OURS) {
            return pseudonymOf(e164);
        }
        if (category == NumberCategory.DOMESTIC_MOBILE || category == NumberCategory.UNALLOCATED) {
            String pseudonym = pseudonymOf(e164);
            // Features, not a live state: the live view keeps a state for both parties of every
            // call, another operator's customer who called ours included; features exist only
            // for activity our own subscribers have (data, top-ups, charges, roaming, swaps).
            if (lookup.features(pseudonym).isPresent()) {
                return pseudonym;
            }
            if (lookup.speedViewConfigured()) {
                requireLiveView();
            }
        }
        throw new ApiError(
                422,
                "SERVICE_NOT_APPLICABLE",
                "the service is not available for this phone number");
    }

    /**
     * The subscriber's live state, from a live view serving can vouch for: an answer about SIM
     * swaps, forwarding or calls from a view that stopped following the network would say "no swap"
     * for one made after it stopped, so the answer is 503 instead.
     */
    private Optional<SubscriberState> liveState(String subscriber) {
        requireLiveView();
        return lookup.state(subscriber);
    }

    /** 503 while the live view cannot be vouched for as current. */
    private void requireLiveView() {
        Optional<String> problem = liveViewProblem.get();
        if (problem.isPresent()) {
            String message = problem.get() + ": no answer rather than one from an outdated view";
            // Without Kafka the live view never comes: a retry changes nothing.
            throw lookup.speedViewConfigured()
                    ? new ApiError(503, "UNAVAILABLE", message)
                    : ApiError.unavailableUntilRestart(message);
        }
    }

    /**
     * The subscriber's features; 404 when neither view knows the subscriber, but only once the
     * speed view has been followed: before, a subscriber new since the batch cutoff is known to the
     * speed view alone, and "no such subscriber" would be wrong (503, as the network signals).
     * Without a speed view at all (no Kafka), the batch view is all there is: 404, not a 503 a
     * client would retry for ever.
     */
    private MergedFeatures featuresOf(String subscriber) {
        Optional<MergedFeatures> features = lookup.features(subscriber);
        if (features.isPresent()) {
            return features.get();
        }
        if (lookup.speedViewConfigured() && !lookup.speedViewFollowed()) {
            throw new ApiError(
                    503,
                    "UNAVAILABLE",
                    "not in the batch view, and the speed view, where a subscriber new since its"
                            + " cutoff is known, has not caught up since serving started (or is"
                            + " not followed): no answer rather than a wrong 'not found'");
        }
        throw ApiError.notFound("no subscriber with this id");
    }

    /**
     * Each answering thread's buffer for a scores answer, copied out once the answer is written.
     */
    private static final ThreadLocal<ByteArrayBuilder> ANSWER_BUFFER =
            ThreadLocal.withInitial(() -> new ByteArrayBuilder(4096));

    /**
     * The scores answer, written field by field: what {@link #head} and a "scores" object of
     * {"score", "version"} per model would make, without building the tree (a map per model was
     * most of what an uncached answer allocated, and the allocation set the pace of the young
     * collections at 20,000 answers a second).
     */
    static byte[] scoresAnswer(MergedFeatures features, List<SubscriberLookup.Score> scores)
            throws IOException {
        ByteArrayBuilder bytes = ANSWER_BUFFER.get();
        bytes.reset();
        try (JsonGenerator json = JSON.getFactory().createGenerator(bytes)) {
            json.writeStartObject();
            json.writeFieldName(SUBSCRIBER_FIELD);
            json.writeString(features.subscriber());
            json.writeFieldName(AS_OF_DAY_FIELD);
            json.writeString(LocalDate.ofEpochDay(features.asOfDay()).toString());
            ViewInfo view = features.view();
            if (view != null) {
                json.writeFieldName(BATCH_VIEW_FIELD);
                json.writeStartObject();
                json.writeFieldName(VERSION_FIELD);
                json.writeNumber(view.version());
                json.writeFieldName(CUTOFF_DAY_FIELD);
                json.writeString(view.cutoff().toString());
                json.writeFieldName(STALE_FIELD);
                json.writeBoolean(features.stale());
                json.writeEndObject();
            }
            json.writeFieldName(SCORES_FIELD);
            json.writeStartObject();
            for (SubscriberLookup.Score score : scores) {
                writeFieldName(json, score.model());
                json.writeStartObject();
                json.writeFieldName(SCORE_FIELD);
                json.writeNumber(score.score());
                json.writeFieldName(VERSION_FIELD);
                writeString(json, score.version());
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeEndObject();
        }
        return bytes.toByteArray();
    }

    // A scores answer's names, quoted and encoded once: copied as bytes, not escaped a character
    // at a time (the names were about a third of what writing an answer cost).
    private static final SerializedString SUBSCRIBER_FIELD = new SerializedString("subscriber");
    private static final SerializedString AS_OF_DAY_FIELD = new SerializedString("asOfDay");
    private static final SerializedString BATCH_VIEW_FIELD = new SerializedString("batchView");
    private static final SerializedString VERSION_FIELD = new SerializedString("version");
    private static final SerializedString CUTOFF_DAY_FIELD = new SerializedString("cutoffDay");
    private static final SerializedString STALE_FIELD = new SerializedString("stale");
    private static final SerializedString SCORES_FIELD = new SerializedString("scores");
    private static final SerializedString SCORE_FIELD = new SerializedString("score");

    private static void writeFieldName(JsonGenerator json, String name) throws IOException {
        SerializedString quoted = quoted(name);
        if (quoted != null) {
            json.writeFieldName(quoted);
        } else {
            json.writeFieldName(name);
        }
    }

    private static void writeString(JsonGenerator json, String text) throws IOException {
        SerializedString quoted = quoted(text);
        if (quoted != null) {
            json.writeString(quoted);
        } else {
            json.writeString(text);
        }
    }

    /** Model names and versions, quoted once; the views in use name a few dozen. */
    private static final Map<String, SerializedString> QUOTED = new ConcurrentHashMap<>();

    /** In {@link #QUOTED} for a name written as a plain string each time. */
    private static final SerializedString NOT_QUOTABLE = new SerializedString("");

    /**
     * {@code name} quoted once, or null when it holds a surrogate: Jackson's quoting writes a pair
     * as raw UTF-8 and refuses a lone one, where the generator escapes both, so such a name is
     * written as the generator writes it.
     */
    private static SerializedString quoted(String name) {
        SerializedString known = QUOTED.get(name);
        if (known == null) {
            if (QUOTED.size() >= 4096) {
                // Versions pile up over months of retraining: start again rather than grow.
                QUOTED.clear();
            }
            known =
                    QUOTED.computeIfAbsent(
                            name,
                            n ->
                                    n.chars().anyMatch(c -> Character.isSurrogate((char) c))
                                            ? NOT_QUOTABLE
                                            : new SerializedString(n));
        }
        return known == NOT_QUOTABLE ? null : known;
    }

    private ObjectNode head(MergedFeatures features) {
        ObjectNode root = JSON.createObjectNode();
        root.put("subscriber", features.subscriber());
        root.put("asOfDay", LocalDate.ofEpochDay(features.asOfDay()).toString());
        ViewInfo view = features.view();
        if (view != null) {
            ObjectNode batch = root.putObject("batchView");
            batch.put("version", view.version());
            batch.put("cutoffDay", view.cutoff().toString());
            batch.put("stale", features.stale());
        }
        return root;
    }

    private static String subscriberId(String id) {
        if (!Pseudonymiser.isPseudonym(id)) {
            throw ApiError.invalid("a subscriber id is a pseudonym (k<version>.<22 characters>)");
        }
        return id;
    }

    private static String phoneNumber(JsonNode phone) {
        if (!phone.isTextual() || !E164.matcher(phone.asText()).matches()) {
            throw ApiError.invalid("phoneNumber must be E.164: '+' and 5 to 15 digits");
        }
        return phone.asText();
    }

    private String pseudonymOf(String e164) {
        try {
            return pseudonymiser.pseudonymise(IdentifierKind.MSISDN, e164);
        } catch (InvalidIdentifierException e) {
            throw ApiError.invalid("phoneNumber is not a valid phone number");
        }
    }

    /** The fields of a transfer-risk request, in the order its error message lists them. */
    private static final List<String> TRANSFER_RISK_FIELDS =
            List.of("subscriber", "phoneNumber", "amountMinor", "newBeneficiary", "transferId");

    private static final List<String> REPUTATION_FIELDS = List.of("phoneNumber");

    private static final List<String> DEVICE_FIELDS = List.of("phoneNumber", "device");

    private static final List<String> SIM_SWAP_CHECK_FIELDS =
            List.of("phoneNumber", "device", "maxAge");

    /** A CAMARA request that names a device and nothing else. */
    private static JsonNode deviceOnly(Call call) {
        JsonNode body = object(call.body());
        onlyFields(body, DEVICE_FIELDS);
        return body;
    }

    /**
     * Refuses a field {@code known} does not list: a misspelt optional field read as absent would
     * answer another question than the one asked.
     */
    private static void onlyFields(JsonNode body, List<String> known) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                // Echoed shortened, and without a digit: no part of a number that could be
                // someone's ("+44 7700 900 123" is digits between separators).
                String shown = name.length() > 64 ? name.substring(0, 64) + "…" : name;
                throw ApiError.invalid(
                        "unknown field '"
                                + shown.replaceAll("\\p{Nd}", "#")
                                + "' (known: "
                                + String.join(", ", known)
                                + ")");
            }
        }
    }

    private static JsonNode object(byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiError.invalid("a JSON object body is required");
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (IOException e) {
            throw ApiError.invalid("the body is not valid JSON (one object, each field once)");
        }
        if (node == null || !node.isObject()) {
            throw ApiError.invalid("the body must be a JSON object");
        }
        return node;
    }

    private Response healthResponse(boolean readinessOnly) throws JsonProcessingException {
        Health h = health.get();
        int status = h.ready() || !readinessOnly ? 200 : 503;
        return Response.json(status, JSON.writeValueAsBytes(h));
    }

    private static Response ok(ObjectNode root) throws JsonProcessingException {
        return Response.json(200, JSON.writeValueAsBytes(root));
    }

    private static Response error(ApiError e) {
        ObjectNode root = JSON.createObjectNode();
        root.put("status", e.status());
        root.put("code", e.code());
        root.put("message", e.getMessage());
        try {
            return new Response(
                    e.status(),
                    "application/json",
                    JSON.writeValueAsBytes(root),
                    e.allow(),
                    e.lasting());
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
