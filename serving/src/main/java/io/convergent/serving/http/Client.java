package io.convergent.serving.http;

import java.util.Set;

/**
 * A caller of the API: its name (in logs and metrics), the scopes its token grants, its request
 * rate, and, for a token issued for one subscriber (CAMARA's three-legged case), that subscriber's
 * pseudonym.
 */
public record Client(String name, Set<Scope> scopes, double requestsPerSecond, String subject) {

    public Client {
        scopes = Set.copyOf(scopes);
    }
}
