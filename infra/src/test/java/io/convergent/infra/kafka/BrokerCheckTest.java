package io.convergent.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BrokerCheckTest {

    @Test
    void noBrokerAtTheAddressIsSaidInSecondsNamingTheAddressAndTheOption() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String bootstrap = "127.0.0.1:" + port;

        assertThat(BrokerCheck.problem(bootstrap, Duration.ofSeconds(2)))
                .hasValueSatisfying(
                        problem ->
                                assertThat(problem)
                                        .contains("no Kafka broker answers at " + bootstrap)
                                        .contains("--bootstrap"));
    }
}
