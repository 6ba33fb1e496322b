package io.convergent.serving.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.convergent.common.identity.Pseudonymiser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API's clients, read from a YAML file that holds no secret: each token appears as its SHA-256,
 * so the file can be shared and versioned.
 *
 * <pre>
 * clients:
 *   - name: bank-antifraud
 *     token-sha256: 9f86d08188…      # sha256sum of the bearer token
 *     scopes: [scores:read, transfers:risk, sim-swap:check]
 *     requests-per-second: 2000      # optional, 1000 by default
 *     subject: k1.…                  # optional: a token issued for this one subscriber
 * </pre>
 *
 * A problem in the file is refused with its path and the field named.
 */
public final class Clients {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> KEYS =
            Set.of("name", "token-sha256", "scopes", "requests-per-second", "subject");

    private final Map<String, Client> byTokenHash;
    private final Map<String, RateLimiter> limiters = new HashMap<>();

    /** Tokens already authenticated, so a request does not pay for a SHA-256 each time. */
    private final Map<String, Client> byValidToken = new ConcurrentHashMap<>();

    public Clients(Map<String, Client> byTokenHash) {
        this.byTokenHash = Map.copyOf(byTokenHash);
        long now = System.nanoTime();
        byTokenHash
                .values()
                .forEach(c -> limiters.put(c.name(), new RateLimiter(c.requestsPerSecond(), now)));
    }

    public static Clients read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * @throws IllegalArgumentException naming the source, the client and the field at fault
     */
    public static Clients parse(String yaml, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": not YAML: " + e.getOriginalMessage());
        }
        JsonNode list = root == null ? null : root.get("clients");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException(source + ": 'clients' must be a list");
        }
        Map<String, Client> clients = new HashMap<>();
        Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = source + ": clients[" + i + "]";
            JsonNode node = list.get(i);
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!KEYS.contains(key)) {
                    throw new IllegalArgumentException(at + ": unknown key '" + key + "'");
                }
            }
            String name = text(node, "name", at);
            if (!names.add(name)) {
                throw new IllegalArgumentException(at + ".name: '" + name + "' is used twice");
            }
            String hash = text(node, "token-sha256", at).toLowerCase(java.util.Locale.ROOT);
            if (!hash.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException(
                        at + ".token-sha256: must be 64 hex digits (sha256sum of the token)");
            }
            JsonNode scopeList = node.get("scopes");
            if (scopeList == null || !scopeList.isArray() || scopeList.isEmpty()) {
                throw new IllegalArgumentException(at + ".scopes: a non-empty list is required");
            }
            Set<Scope> scopes = EnumSet.noneOf(Scope.class);
            for (JsonNode s : scopeList) {
                scopes.add(
                        Scope.parse(s.asText())
                                .orElseThrow(
                                        () ->
                                                new IllegalArgumentException(
                                                        at
                                                                + ".scopes: unknown scope '"
                                                                + s.asText()
                                                                + "'")));
            }
            double rate = node.path("requests-per-second").asDouble(1000);
            if (!(rate > 0)) {
                throw new IllegalArgumentException(at + ".requests-per-second: must be positive");
            }
            String subject = node.path("subject").asText(null);
            if (subject != null && !Pseudonymiser.isPseudonym(subject)) {
                throw new IllegalArgumentException(
                        at + ".subject: must be a subscriber's pseudonym, never a phone number");
            }
            if (clients.put(hash, new Client(name, scopes, rate, subject)) != null) {
                throw new IllegalArgumentException(at + ".token-sha256: the same token twice");
            }
        }
        return new Clients(clients);
    }

    /** The client a bearer token belongs to. */
    public Optional<Client> authenticate(String token) {
        Client client = byValidToken.get(token);
        if (client == null) {
            client = byTokenHash.get(sha256(token));
            if (client != null) {
                // Only valid tokens are kept: at most one per client, whatever callers send.
                byValidToken.put(token, client);
            }
        }
        return Optional.ofNullable(client);
    }

    /** Whether the client may make one more request now. */
    public boolean admit(Client client) {
        return limiters.get(client.name()).tryAcquire(System.nanoTime());
    }

    public static String sha256(String token) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(JsonNode node, String key, String at) {
        JsonNode value = node.get(key);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(at + "." + key + ": required");
        }
        return value.asText();
    }
}
