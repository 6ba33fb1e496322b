package io.convergent.batch.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.convergent.batch.sql.TemporaryLake;
import io.convergent.common.identity.IdentifierKind;
import io.convergent.common.identity.Identifiers;
import io.convergent.common.identity.PseudonymKey;
import io.convergent.common.identity.PseudonymKeyRing;
import io.convergent.common.identity.Pseudonymiser;
import io.convergent.streaming.lake.LakeTables;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CSV into a new table on a real catalog: inferred types, pseudonymised numbers, refusals. */
class CsvImportTest {

    private static final TableIdentifier LABELS = TableIdentifier.of("analyst", "churn_labels");
    private static final Pseudonymiser PSEUDONYMISER =
            new Pseudonymiser(
                    PseudonymKeyRing.of(new PseudonymKey(1, new byte[32])), Identifiers.russian());

    @TempDir Path directory;

    private Catalog catalog;

    @BeforeEach
    void open() throws Exception {
        Files.createDirectories(directory.resolve("lake"));
        catalog = LakeTables.openCatalog(new TemporaryLake(directory.resolve("lake")).properties());
    }

    @AfterEach
    void close() throws Exception {
        ((AutoCloseable) catalog).close();
    }

    @Test
    void infersEachColumnsTypeAndPseudonymisesPhoneNumbers() throws Exception {
        Path csv =
                csv(
                        "MSISDN,Churned,Tenure Months,ARPU,Plan,Notes,Customer ID,Payment card",
                        "+79161234567,yes,14,512.5,Smart,\"said \"\"too expensive\"\","
                                + " twice\",C1001,4111111111111111",
                        "8 916 765-43-21,No,3,NA,Smart,call me on +7 912 345-67-89,C1002,"
                                + "5500000000000004",
                        "79160000001,no,,99,\"Max, family\",\"line one",
                        "line two\",C1003,");

        CsvImport.Summary summary = CsvImport.run(catalog, LABELS, csv, PSEUDONYMISER);

        assertThat(summary.rows()).isEqualTo(3);
        assertThat(summary.columns())
                .extracting(CsvImport.Column::name, CsvImport.Column::kind)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("msisdn", ColumnKind.IDENTIFIER),
                        org.assertj.core.groups.Tuple.tuple("churned", ColumnKind.BOOLEAN),
                        org.assertj.core.groups.Tuple.tuple("tenure_months", ColumnKind.LONG),
                        org.assertj.core.groups.Tuple.tuple("arpu", ColumnKind.DOUBLE),
                        org.assertj.core.groups.Tuple.tuple("plan", ColumnKind.STRING),
                        org.assertj.core.groups.Tuple.tuple("notes", ColumnKind.STRING),
                        org.assertj.core.groups.Tuple.tuple("customer_id", ColumnKind.IDENTIFIER),
                        org.assertj.core.groups.Tuple.tuple("payment_card", ColumnKind.IDENTIFIER));
        assertThat(summary.columns().get(6).identifier()).isEqualTo(IdentifierKind.CUSTOMER_ID);
        assertThat(summary.columns().get(7).identifier()).isEqualTo(IdentifierKind.CARD_NUMBER);
        assertThat(catalog.loadTable(LABELS).schema().findField("arpu").type())
                .isEqualTo(Types.DoubleType.get());

        List<Record> rows = rows();
        assertThat(rows.get(0).getField("msisdn"))
                .isEqualTo(PSEUDONYMISER.pseudonymise(IdentifierKind.MSISDN, "+79161234567"));
        // Any spelling of a number gets the pseudonym of its canonical form.
        assertThat(rows.get(1).getField("msisdn"))
                .isEqualTo(PSEUDONYMISER.pseudonymise(IdentifierKind.MSISDN, "+79167654321"));
        assertThat(rows.get(0).getField("churned")).isEqualTo(true);
        assertThat(rows.get(1).getField("arpu")).isNull();
        assertThat(rows.get(2).getField("tenure_months")).isNull();
        assertThat(rows.get(0).getField("notes")).isEqualTo("said \"too expensive\", twice");
        assertThat(rows.get(2).getField("plan")).isEqualTo("Max, family");
        assertThat(rows.get(1).getField("notes"))
                .isEqualTo("call me on " + "#".repeat("+7 912 345-67-89".length()));
        assertThat(rows.get(2).getField("notes")).isEqualTo("line one\nline two");
        assertThat(rows.get(0).getField("customer_id"))
                .isEqualTo(PSEUDONYMISER.pseudonymise(IdentifierKind.CUSTOMER_ID, "C1001"));
        assertThat(rows.get(2).getField("payment_card")).isNull();
        assertThat(dataFileText())
                .doesNotContain("9161234567")
                .doesNotContain("9167654321")
                .doesNotContain("345-67-89")
                .doesNotContain("C1001")
                .doesNotContain("4111111111111111");
    }

    @Test
    void aBadFileIsRefusedWithWhereItGoesWrongAndLeavesNoTable() throws Exception {
        assertThatThrownBy(
                        () ->
                                CsvImport.run(
                                        catalog, LABELS, csv("a,b", "1,2", "3,4,5"), PSEUDONYMISER))
                .hasMessage("line 3 has 3 fields where the header has 2");
        assertThatThrownBy(
                        () ->
                                CsvImport.run(
                                        catalog, LABELS, csv("Plan,plan", "x,y"), PSEUDONYMISER))
                .hasMessageContaining("column 2 ('plan') has the same name as an earlier one");
        // A file without its header: the first row's number is not repeated in the message.
        assertThatThrownBy(
                        () ->
                                CsvImport.run(
                                        catalog,
                                        LABELS,
                                        csv("+79161234567,+79161234567", "x,y"),
                                        PSEUDONYMISER))
                .hasMessageContaining("the file needs a header row")
                .message()
                .doesNotContain("79161234567");
        // A date in a column's name is a name.
        assertThat(CsvImport.names(List.of("score_20261127", "plan")))
                .containsExactly("score_20261127", "plan");
        assertThatThrownBy(() -> CsvImport.run(catalog, LABELS, csv("a", "\"open"), PSEUDONYMISER))
                .hasMessage("line 2: a quoted field never ends");
        assertThatThrownBy(
                        () ->
                                CsvImport.run(
                                        catalog,
                                        LABELS,
                                        csv("imsi", "250620000000001", "oops!"),
                                        PSEUDONYMISER))
                .hasMessage(
                        "line 3, column imsi: not a valid imsi, and a column of that name is"
                                + " always pseudonymised");
        assertThat(catalog.tableExists(LABELS)).isFalse();

        CsvImport.run(catalog, LABELS, csv("a", "1"), PSEUDONYMISER);
        assertThatThrownBy(() -> CsvImport.run(catalog, LABELS, csv("a", "2"), PSEUDONYMISER))
                .hasMessageContaining("already exists");
        assertThat(rows()).hasSize(1);
    }

    @Test
    void aColumnOfTwentyDigitAccountNumbersIsPseudonymisedWhateverItsName() throws Exception {
        List<CsvImport.Column> columns =
                CsvImport.inferColumns(csv("acc,amount", "40817810099910004312,12", "NA,7"));

        assertThat(columns.get(0).identifier()).isEqualTo(IdentifierKind.ACCOUNT_NUMBER);
        assertThat(columns.get(1).kind()).isEqualTo(ColumnKind.LONG);
    }

    @Test
    void numbersOfWhichAnyCouldBeAnIdentifierAreMaskedTextNotRawNumbers() throws Exception {
        // Phone numbers under a name not known to hold them, one short code among them: not every
        // value is a valid number, and every value parses as a long.
        Path csv =
                csv(
                        "mobile,account_balance,label,home",
                        "+79123456789,40817810099910004312,1,9261234567",
                        "79161234567,12,0,900",
                        "900,7,1,901");

        CsvImport.Summary summary = CsvImport.run(catalog, LABELS, csv, PSEUDONYMISER);

        assertThat(summary.columns())
                .extracting(CsvImport.Column::name, CsvImport.Column::kind)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("mobile", ColumnKind.STRING),
                        org.assertj.core.groups.Tuple.tuple("account_balance", ColumnKind.STRING),
                        org.assertj.core.groups.Tuple.tuple("label", ColumnKind.LONG),
                        org.assertj.core.groups.Tuple.tuple("home", ColumnKind.STRING));
        List<Record> rows = rows();
        assertThat(rows.get(0).getField("mobile")).isEqualTo("#".repeat("+79123456789".length()));
        assertThat(rows.get(2).getField("mobile")).isEqualTo("900");
        assertThat(rows.get(0).getField("account_balance")).isEqualTo("#".repeat(20));
        assertThat(rows.get(1).getField("account_balance")).isEqualTo("12");
        assertThat(dataFileText())
                .doesNotContain("9123456789")
                .doesNotContain("0099910004312")
                .doesNotContain("9261234567");
    }

    @Test
    void numbersASpreadsheetWroteAsDecimalsAreMaskedTextNotRawNumbers() throws Exception {
        // A phone column with blanks, as pandas writes it, and a card in scientific notation.
        Path csv =
                csv(
                        "contact,payment,score",
                        "79123456789.0,4.276380012345679E15,0.5",
                        ",,0.25",
                        "79161234567.0,1.5,1.0");

        CsvImport.Summary summary = CsvImport.run(catalog, LABELS, csv, PSEUDONYMISER);

        assertThat(summary.columns())
                .extracting(CsvImport.Column::kind)
                .containsExactly(ColumnKind.STRING, ColumnKind.STRING, ColumnKind.DOUBLE);
        assertThat(rows().get(0).getField("contact")).isEqualTo("#".repeat(13));
        assertThat(dataFileText())
                .doesNotContain("9123456789")
                .doesNotContain("9161234567")
                .doesNotContain("6380012345679");
        assertThat(CsvImport.wholeNumberCouldBeAnIdentifier("1795774564681.0")).isFalse();
        assertThat(CsvImport.wholeNumberCouldBeAnIdentifier("79123456789.5")).isFalse();
        // Not worked out at all: it would take minutes.
        assertThat(CsvImport.wholeNumberCouldBeAnIdentifier("1e100000000")).isFalse();
    }

    @Test
    void timestampsAndLargeAmountsStayNumbers() throws Exception {
        List<CsvImport.Column> columns =
                CsvImport.inferColumns(
                        csv(
                                "observed_at_ms,amount_minor,label",
                                "1795774564681,1500000000,1",
                                "1795774564999,12,0"));
        assertThat(columns)
                .extracting(CsvImport.Column::kind)
                .containsExactly(ColumnKind.LONG, ColumnKind.LONG, ColumnKind.LONG);
    }

    private List<Record> rows() throws Exception {
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> scan =
                IcebergGenerics.read(catalog.loadTable(LABELS)).build()) {
            scan.forEach(rows::add);
        }
        return rows;
    }

    private String dataFileText() throws Exception {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.walk(directory.resolve("lake"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".parquet")).toList()) {
                text.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        return text.toString();
    }

    private Path csv(String... lines) throws Exception {
        Path file = Files.createTempFile(directory, "import", ".csv");
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }
}
