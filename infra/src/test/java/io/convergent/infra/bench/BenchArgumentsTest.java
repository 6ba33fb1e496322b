package io.convergent.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchArgumentsTest {

    private static final String USAGE = "Usage: convergent bench immunity [CALLS_PER_S] [SECONDS]";

    /** What the process would have exited with. */
    private static final class Exited extends RuntimeException {
        final int status;

        Exited(int status) {
            super("exit " + status);
            this.status = status;
        }
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void givenOrDefaultNumbersAreRead() {
        BenchArguments arguments = parse(3, "5000");

        assertThat(arguments.positiveInt(0, "CALLS_PER_S", 20_000)).isEqualTo(5_000);
        assertThat(arguments.positiveLong(1, "SECONDS", 60)).isEqualTo(60);
        assertThat(arguments.word(2, List.of("bare"))).isFalse();
        assertThat(parse(3, "1", "2", "bare").word(2, List.of("bare"))).isTrue();
    }

    @Test
    void helpPrintsTheUsageAndEndsWell() {
        assertThatThrownBy(() -> parse(2, "--help"))
                .isInstanceOfSatisfying(Exited.class, e -> assertThat(e.status).isZero());
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(USAGE);
    }

    @Test
    void aBadArgumentIsRefusedByNameWithTheUsage() {
        assertRefused(() -> parse(2, "abc").positiveInt(0, "CALLS_PER_S", 1), "CALLS_PER_S");
        assertRefused(() -> parse(2, "-5").positiveInt(0, "CALLS_PER_S", 1), "got '-5'");
        assertRefused(() -> parse(2, "1", "2", "3"), "unexpected argument '3'");
        assertRefused(
                () -> parse(3, "1", "2", "bar").word(2, List.of("bare")),
                "unexpected argument 'bar'");
    }

    private void assertRefused(Runnable parse, String problem) {
        err.reset();
        assertThatThrownBy(parse::run)
                .isInstanceOfSatisfying(Exited.class, e -> assertThat(e.status).isEqualTo(2));
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(problem).contains(USAGE);
    }

    private BenchArguments parse(int most, String... args) {
        return BenchArguments.of(
                USAGE,
                args,
                most,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                status -> {
                    throw new Exited(status);
                });
    }
}
