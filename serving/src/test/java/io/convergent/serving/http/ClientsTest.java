package io.convergent.serving.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientsTest {

    private static final String YAML =
            """
            clients:
              - name: bank
                token-sha256: %s
                scopes: [scores:read]
              - name: camara
                token-sha256: %s
                scopes: [sim-swap:check]
            """
                    .formatted(Clients.sha256("bank-token"), Clients.sha256("camara-token"));

    @Test
    void eachTokenAuthenticatesItsOwnClientEveryTime() {
        Clients clients = Clients.parse(YAML, "clients.yaml");
        for (int i = 0; i < 3; i++) {
            // The first call checks the hash, later ones the tokens already seen: same answers.
            assertThat(clients.authenticate("bank-token"))
                    .get()
                    .extracting(Client::name)
                    .isEqualTo("bank");
            assertThat(clients.authenticate("camara-token"))
                    .get()
                    .extracting(Client::name)
                    .isEqualTo("camara");
            assertThat(clients.authenticate("bank-token ")).isEmpty();
            assertThat(clients.authenticate("Bank-token")).isEmpty();
            assertThat(clients.authenticate("")).isEmpty();
        }
    }
}
