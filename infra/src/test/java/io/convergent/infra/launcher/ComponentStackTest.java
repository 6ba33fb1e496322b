package io.convergent.infra.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComponentStackTest {

    private final List<String> closed = new ArrayList<>();

    @Test
    void closesInReverseOrderOfStartAndOnlyOnce() {
        ComponentStack stack = new ComponentStack();
        stack.add("broker", () -> closed.add("broker"));
        stack.add("catalog", () -> closed.add("catalog"));
        stack.add("jobs", () -> closed.add("jobs"));

        stack.close();
        stack.close();

        assertThat(closed).containsExactly("jobs", "catalog", "broker");
        assertThat(stack.isClosed()).isTrue();
    }

    @Test
    void aFailingComponentDoesNotKeepTheOthersRunning() {
        ComponentStack stack = new ComponentStack();
        stack.add("broker", () -> closed.add("broker"));
        stack.add(
                "jobs",
                () -> {
                    throw new IllegalStateException("cannot stop");
                });

        stack.close();

        assertThat(closed).containsExactly("broker");
    }

    @Test
    void aComponentAddedWhileStoppingIsClosedAtOnce() {
        ComponentStack stack = new ComponentStack();
        stack.close();

        assertThatThrownBy(() -> stack.add("late", () -> closed.add("late")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("late");
        assertThat(closed).containsExactly("late");
    }
}
