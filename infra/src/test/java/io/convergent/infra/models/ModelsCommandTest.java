package io.convergent.infra.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.models.ModelSpec;
import io.convergent.common.models.ModelSpecs;
import io.convergent.common.table.Tables;
import io.convergent.infra.lake.LakeCatalogs;
import io.convergent.streaming.lake.LakeTables;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped model specifications and {@code models list / train} as a user runs them: every
 * specification is valid and labels from a table of the contract, and bad input is refused with a
 * message naming it. (Training itself is tested in the batch module, ModelTrainingTest.)
 */
class ModelsCommandTest {

    private static final Path SHIPPED = Path.of("..", "models");

    @TempDir Path dataDir;

    @Test
    void theShippedSpecificationsAreValidAndLabelFromTheContractsTables() throws Exception {
        List<ModelSpec> specs = ModelSpecs.loadDirectory(SHIPPED);

        assertThat(specs).hasSizeGreaterThanOrEqualTo(20);
        Set<String> contract =
                Set.of(
                        Tables.RAW_CALLS,
                        Tables.RAW_SMS,
                        Tables.RAW_DATA_SESSIONS,
                        Tables.RAW_NETWORK_EVENTS,
                        Tables.RAW_BILLING,
                        Tables.RAW_COMPLAINTS,
                        Tables.RAW_BANK_TRANSACTIONS,
                        Tables.RAW_BANK_SESSIONS,
                        Tables.RAW_BANK_PRODUCTS,
                        Tables.FRAUD_SIGNALS);
        for (ModelSpec spec : specs) {
            assertThat(spec.label().namespace()).as(spec.name()).isEqualTo(Tables.NAMESPACE);
            assertThat(contract).as(spec.name()).contains(spec.label().tableName());
        }
        assertThat(specs)
                .extracting(ModelSpec::name)
                .contains("port_out_30d", "roaming_trip_14d", "credit_card_30d", "dormancy_14d");
    }

    @Test
    void listOnAnEmptyRegistrySaysHowToTrain() throws Exception {
        LakeCatalogs.open(dataDir).close();
        Result list = models("list");
        assertThat(list.code).as(list.err).isZero();
        assertThat(list.out).contains("No model trained yet");
    }

    @Test
    void modelsThatCannotBeTrainedAreReportedOneByOneAndTheRunFails() throws Exception {
        LakeCatalogs.open(dataDir).close();
        LakeTables.prepare(LakeCatalogs.properties(dataDir), LakeTables::ensureIngestTables);
        Path specs = Files.createDirectory(dataDir.resolve("specs"));
        Files.copy(SHIPPED.resolve("port_out_14d.yaml"), specs.resolve("a.yaml"));
        Files.writeString(
                specs.resolve("b.yaml"),
                Files.readString(SHIPPED.resolve("complaint_14d.yaml"))
                        .replace("complaint_14d", "typo_14d")
                        .replace("TRUE", "categroy = 'BILLING'"));

        Result train = models("train", "--models", specs.toString(), "--cutoff", "2026-11-20");

        assertThat(train.code).as(train.err).isEqualTo(1);
        assertThat(train.out)
                .contains("model 1/2 port_out_14d not trained")
                .contains("the history must reach back")
                .startsWith(
                        "Training 2 models at cutoff 2026-11-20\n"
                                + "model typo_14d not trained: its label is refused: SQL"
                                + " validation failed. From line 1, column 1 of `where`")
                .contains("Column 'categroy' not found")
                .contains("0 trained, 2 not");
    }

    @Test
    void badInputIsRefusedWithItsName() throws Exception {
        assertThat(models().code).isEqualTo(2);
        assertThat(models("train", "--help").code).isZero();
        assertThat(models("--help").out).contains("Usage: convergent models list");
        assertThat(models("retrain").err).contains("unknown models command 'retrain'");
        assertThat(models("train", "--cutoff", "2026-11-20", "--cutoff", "2026-11-19").err)
                .contains("models: --cutoff is given twice");
        assertThat(models("train", "--cutoff", "--spec", "x.yaml").err)
                .contains("models: --cutoff needs a value");
        assertThat(models("list", "--spec", "x").err)
                .contains("unknown option '--spec' for models list");
        assertThat(models("list").err).contains("no lake in " + dataDir);
        LakeCatalogs.open(dataDir).close();
        Path bad = dataDir.resolve("bad.yaml");
        Files.writeString(bad, "name: x1\ndescription: d\nlabel: {table: raw_calls}\n");
        Result refused = models("train", "--spec", bad.toString());
        assertThat(refused.code).isEqualTo(2);
        assertThat(refused.err).contains("bad.yaml: label.where a label needs either");
        assertThat(models("train", "--models", dataDir.resolve("none").toString()).err)
                .contains("no such directory of model specs");
        assertThat(models("train", "--cutoff", "yesterday").err)
                .contains("--cutoff must be a day as YYYY-MM-DD, got 'yesterday'");
        String nextYear = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusYears(1).toString();
        Result future = models("train", "--cutoff", nextYear);
        assertThat(future.code).isEqualTo(2);
        assertThat(future.err).contains("--cutoff " + nextYear + " is after today");
        // Today: allowed, with a warning that its labels are incomplete.
        Path noSpecs = Files.createDirectories(dataDir.resolve("no-specs"));
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        Result unsettled = models("train", "--cutoff", today, "--models", noSpecs.toString());
        assertThat(unsettled.code).isZero();
        assertThat(unsettled.err)
                .contains("models: warning: " + today + " is not settled")
                .contains("its labels are incomplete");
    }

    private Result models(String... args) {
        String[] withDir = new String[args.length + 2];
        System.arraycopy(args, 0, withDir, 0, args.length);
        withDir[args.length] = "--data-dir";
        withDir[args.length + 1] = dataDir.toString();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                ModelsCommand.run(
                        args.length == 0 ? args : withDir,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(
                code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Result(int code, String out, String err) {}
}
