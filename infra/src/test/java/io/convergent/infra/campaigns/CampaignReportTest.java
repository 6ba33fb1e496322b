package io.convergent.infra.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.batch.view.BatchViews;
import io.convergent.common.campaigns.CampaignDefinition;
import io.convergent.common.campaigns.CampaignDefinitions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CampaignReportTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 26);
    private static final LocalDate EVER = LocalDate.MIN;
    private static final LocalDate NEVER = LocalDate.MAX;

    @Test
    void aReversedRangeIsRefusedAndHelpIsGiven() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);

        assertThat(
                        CampaignReport.run(
                                new String[] {
                                    "campaigns", "--from", "2026-12-01", "--to", "2026-11-01"
                                },
                                o,
                                e))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--to 2026-11-01 is before --from 2026-12-01");
        assertThat(CampaignReport.run(new String[] {"campaigns", "--help"}, o, e)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("Usage: convergent report")
                .contains("--bootstrap HOST:PORT");
    }

    @Test
    void aScoreOfAModelTheLatestViewLacksIsWhatTheCampaignWaitsFor() {
        CampaignDefinition campaign =
                campaign(
                        "roaming-welcome",
                        "{event: roaming_entry}",
                        "[{score: roaming_package_14d, above: 0.3},"
                                + " {feature: bank_logins_30d, above: 0}]");

        assertThat(why(campaign, standing(null, false)))
                .containsExactly(
                        "waiting for scores of model roaming_package_14d: no batch view is"
                                + " published yet (`batch run --day D` trains and publishes)");
        assertThat(why(campaign, standing(view(), false)))
                .containsExactly(
                        "waiting for scores of model roaming_package_14d: the latest batch view"
                                + " (version 3, cutoff 2026-11-24) has no model");
        assertThat(
                        why(
                                campaign,
                                standing(
                                        view("port_out_14d@2026-11-24.2cb84060", "churn_30d@1"),
                                        true)))
                .containsExactly(
                        "waiting for scores of model roaming_package_14d: the latest batch view"
                                + " (version 3, cutoff 2026-11-24) has only churn_30d,"
                                + " port_out_14d");
        assertThat(why(campaign, standing(view("a@1", "b@1", "c@1", "d@1", "e@1", "f@1"), true)))
                .containsExactly(
                        "waiting for scores of model roaming_package_14d: the latest batch view"
                                + " (version 3, cutoff 2026-11-24) has 6 other models");
        // The model is there: nothing the report knows holds it back.
        assertThat(why(campaign, standing(view("roaming_package_14d@7"), true)))
                .containsExactly(
                        "no eligible subscriber's roaming_entry event judged in the period: the"
                                + " job records a firing only when the subscriber meets the"
                                + " eligibility (roaming_package_14d above 0.3, bank_logins_30d"
                                + " above 0)");
    }

    @Test
    void eligibilityOnFeaturesAloneWaitsForTheFirstRecordOnScoresRealtime() {
        CampaignDefinition campaign =
                campaign(
                        "port-out-save",
                        "{event: port_out_request}",
                        "[{feature: charges_rub_30d, above: 300}]");

        assertThat(why(campaign, standing(null, false)))
                .containsExactly(
                        "waiting for the subscribers' features: nothing on scores.realtime yet,"
                                + " where its eligibility reads them (serving publishes a"
                                + " subscriber's there once the speed view moves them)");
        assertThat(why(campaign, standing(view("churn_30d@1"), false)))
                .containsExactly(
                        "waiting for the subscribers' features: nothing on scores.realtime yet,"
                                + " where its eligibility reads them (serving publishes a"
                                + " subscriber's there once the speed view moves them)");
        // Not known whether anything was published: no guess.
        assertThat(why(campaign, standing(null, null)))
                .singleElement()
                .asString()
                .startsWith("no eligible subscriber's port_out_request event judged");
    }

    @Test
    void aCampaignOutsideItsDatesOrWithoutEligibilityIsToldSo() {
        CampaignDefinition later =
                CampaignDefinitions.parse(
                        "id: later\nversion: 1\ntrigger: {event: top_up}\n"
                                + "offer: {code: T, channel: push}\n"
                                + "valid: {from: 2027-01-01, to: 2027-12-31}\n",
                        "t.yaml");
        assertThat(CampaignReport.whyNothingFired(later, standing(null, false), EVER, NEVER, TODAY))
                .containsExactly("not valid yet: from 2027-01-01");
        assertThat(
                        CampaignReport.whyNothingFired(
                                later,
                                standing(null, false),
                                EVER,
                                LocalDate.of(2026, 10, 31),
                                TODAY))
                .containsExactly("not valid in the period: from 2027-01-01");
        assertThat(
                        CampaignReport.whyNothingFired(
                                later,
                                standing(null, false),
                                LocalDate.of(2028, 1, 1),
                                NEVER,
                                LocalDate.of(2028, 2, 1)))
                .containsExactly("not valid in the period: it ended on 2027-12-31");
        assertThat(
                        CampaignReport.whyNothingFired(
                                later,
                                standing(null, false),
                                EVER,
                                NEVER,
                                LocalDate.of(2028, 2, 1)))
                .containsExactly(
                        "its dates ended on 2027-12-31", "no top_up event judged in the period");

        CampaignDefinition sequence =
                campaign(
                        "abroad-low",
                        "\n  sequence: [{event: roaming_entry},"
                                + " {event: balance_below, threshold_rub: 100}]\n  within: PT6H",
                        null);
        assertThat(why(sequence, standing(null, false)))
                .containsExactly(
                        "no roaming_entry then balance_below sequence completed in the period");
    }

    @Test
    void everyCampaignInForceIsListedAndOneNoLongerInForceIsMarked() {
        Map<String, CampaignReport.CampaignFigures> figures = new TreeMap<>();
        CampaignReport.CampaignFigures fired = new CampaignReport.CampaignFigures("fired");
        fired.sent.add("t1");
        fired.control.add("t2");
        figures.put("fired", fired);
        CampaignReport.CampaignFigures gone = new CampaignReport.CampaignFigures("gone");
        gone.sent.add("t3");
        figures.put("gone", gone);
        Map<String, CampaignDefinition> inForce = new TreeMap<>();
        inForce.put("fired", campaign("fired", "{event: new_device}", null));
        inForce.put(
                "waiting",
                campaign(
                        "waiting",
                        "{event: port_out_request}",
                        "[{feature: charges_rub_30d, above: 300}]"));

        String report =
                print(
                        figures,
                        new CampaignReport.Standing(
                                inForce, "control.campaigns at here:1", null, false));
        assertThat(report)
                .startsWith("2 campaigns in force (control.campaigns at here:1).")
                .contains("fired ")
                .contains("gone ")
                .contains("    no longer in force (deleted from control.campaigns)")
                .contains("waiting ")
                .contains("nothing fired")
                .contains("    why: waiting for the subscribers' features");
        assertThat(report.indexOf("no longer in force"))
                .isBetween(report.indexOf("gone "), report.indexOf("waiting "));
        // "fired" defines no conversion: its rates are 0 by construction, no uplift is shown.
        String firedLine =
                report.lines().filter(l -> l.startsWith("fired ")).findFirst().orElseThrow();
        assertThat(firedLine).endsWith("no conversion defined").doesNotContain(" pp ");

        String unknown =
                print(
                        figures,
                        new CampaignReport.Standing(null, "no Kafka broker answers", null, null));
        assertThat(unknown)
                .startsWith(
                        "Campaigns in force not known (no Kafka broker answers): only campaigns"
                                + " with triggers in the period are listed.")
                .contains("fired ", "gone ")
                .doesNotContain("no longer in force", "waiting");
        assertThat(
                        print(
                                new TreeMap<>(),
                                new CampaignReport.Standing(null, "no broker", null, null)))
                .contains("No campaign triggers in the period.");
    }

    private static List<String> why(CampaignDefinition campaign, CampaignReport.Standing standing) {
        return CampaignReport.whyNothingFired(campaign, standing, EVER, NEVER, TODAY);
    }

    private static String print(
            Map<String, CampaignReport.CampaignFigures> figures, CampaignReport.Standing standing) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CampaignReport.print(
                figures,
                standing,
                EVER,
                NEVER,
                TODAY,
                new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static CampaignReport.Standing standing(
            BatchViews.Manifest view, Boolean scoresPublished) {
        return new CampaignReport.Standing(Map.of(), "test", view, scoresPublished);
    }

    private static BatchViews.Manifest view(String... models) {
        return new BatchViews.Manifest(
                3,
                LocalDate.of(2026, 11, 24),
                OffsetDateTime.of(2026, 11, 25, 1, 0, 0, 0, ZoneOffset.UTC),
                "batch-view-3",
                Map.of(),
                List.of(models));
    }

    private static CampaignDefinition campaign(String id, String trigger, String eligibility) {
        return CampaignDefinitions.parse(
                "id: "
                        + id
                        + "\nversion: 1\ntrigger: "
                        + trigger
                        + "\n"
                        + (eligibility == null ? "" : "eligibility: " + eligibility + "\n")
                        + "offer: {code: X, channel: push}\n"
                        + "valid: {from: 2026-01-01, to: 2027-12-31}\n",
                id + ".yaml");
    }
}
