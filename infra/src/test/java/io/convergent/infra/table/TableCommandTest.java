package io.convergent.infra.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.identity.PseudonymKeyFile;
import io.convergent.infra.lake.LakeCatalogs;
import io.convergent.infra.launcher.DataDirectory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code table import} as a user runs it against a data directory's lake. */
class TableCommandTest {

    @TempDir Path dataDir;

    @Test
    void importsACsvAndSaysWhatEachColumnBecame() throws Exception {
        LakeCatalogs.open(dataDir).close();
        PseudonymKeyFile.createIfMissing(new DataDirectory(dataDir).pseudonymKeys());
        Path csv = dataDir.resolve("labels.csv");
        Files.writeString(csv, "msisdn,churned\n+79161234567,yes\n+79167654321,no\n");

        String[] outErr = new String[2];
        int code =
                run(
                        outErr,
                        "import",
                        "--csv",
                        csv.toString(),
                        "--table",
                        "analyst.labels",
                        "--data-dir",
                        dataDir.toString());

        assertThat(code).as(outErr[1]).isZero();
        assertThat(outErr[0])
                .contains("Imported 2 rows into lake.analyst.labels")
                .containsPattern("msisdn +string \\(pseudonymised msisdn\\)")
                .containsPattern("churned +boolean");
        assertThat(outErr[0]).doesNotContain("9161234567");
    }

    @Test
    void badArgumentsAreRefusedWithTheirName() throws Exception {
        String[] outErr = new String[2];
        assertThat(run(outErr, "import", "--csv", "x.csv")).isEqualTo(2);
        assertThat(outErr[1]).contains("--table is required");
        assertThat(run(outErr, "import", "--csv", "pom.xml", "--table", "Bad-Name")).isEqualTo(2);
        assertThat(outErr[1]).contains("--table must be NAMESPACE.NAME");
        assertThat(run(outErr, "import", "--csv", "pom.xml", "--table", "convergent.labels"))
                .isEqualTo(2);
        assertThat(outErr[1])
                .contains(
                        "--table convergent.labels is in the platform's namespace 'convergent'",
                        "e.g. analyst.labels");
        assertThat(run(outErr, "export")).isEqualTo(2);
        assertThat(outErr[1]).contains("unknown table command 'export'");
        Path cp1251 = dataDir.resolve("cp1251.csv");
        Files.write(cp1251, new byte[] {'n', 'a', 'm', 'e', '\n', (byte) 0xC8, (byte) 0xE2, '\n'});
        LakeCatalogs.open(dataDir).close();
        PseudonymKeyFile.createIfMissing(new DataDirectory(dataDir).pseudonymKeys());
        assertThat(
                        run(
                                outErr,
                                "import",
                                "--csv",
                                cp1251.toString(),
                                "--table",
                                "labels.names",
                                "--data-dir",
                                dataDir.toString()))
                .isEqualTo(2);
        assertThat(outErr[1]).contains("is not UTF-8 text");
        assertThat(run(outErr, "import", "--help")).isZero();
        assertThat(outErr[0]).contains("Usage: convergent table import --csv FILE");
    }

    private static int run(String[] outErr, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                TableCommand.run(
                        args,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        outErr[0] = out.toString(StandardCharsets.UTF_8);
        outErr[1] = err.toString(StandardCharsets.UTF_8);
        return code;
    }
}
