package io.convergent.common.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InterruptionTest {

    @Test
    void aSignalsExitCodeIsTheShells() {
        assertThat(Interruption.exitCode("INT")).isEqualTo(130);
        assertThat(Interruption.exitCode("TERM")).isEqualTo(143);
        assertThatThrownBy(() -> Interruption.exitCode("HUP"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a handled signal: HUP");
    }

    @Test
    void withoutASignalNothingIsInterrupted() {
        assertThat(Interruption.interrupted()).isFalse();
        assertThat(Interruption.exitCode()).isEqualTo(1);
    }
}
