package io.convergent.infra.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EvaluateCommandTest {

    @TempDir Path dir;

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "''|what to evaluate? (immunity)",
                "campaigns|unknown target 'campaigns'",
                "immunity|--truth is required",
                "immunity --truth|--truth needs a value",
                "immunity --verbose|unknown option '--verbose'",
                "immunity --truth /no/such/dir|--truth /no/such/dir is not a directory",
                "immunity --truth DIR --warm-up tomorrow|--warm-up must be a duration such as",
                "immunity --truth DIR --warm-up -PT1H|--warm-up must not be negative",
            })
    void badArgumentsExitWithTwoAndSayWhy(String args, String problem) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] argv =
                args.isEmpty() ? new String[0] : args.replace("DIR", dir.toString()).split(" ");

        int code =
                EvaluateCommand.run(
                        argv,
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("evaluate: " + problem)
                .contains("Usage: convergent evaluate immunity");
    }

    @Test
    void aDirectoryWithoutGroundTruthFailsWithOne() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code =
                EvaluateCommand.run(
                        new String[] {"immunity", "--truth", dir.toString()},
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no spoofed_calls.csv in");
    }
}
