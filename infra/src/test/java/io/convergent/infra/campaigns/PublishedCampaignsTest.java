package io.convergent.infra.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.campaigns.CampaignDefinition;
import io.convergent.common.campaigns.CampaignDefinitions;
import io.convergent.infra.campaigns.CampaignsCommand.PublishedCampaigns;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What {@code campaigns list} and {@code delete} make of the records of control.campaigns. */
class PublishedCampaignsTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] welcome(int version) throws Exception {
        CampaignDefinition c =
                CampaignDefinitions.parse(
                        Files.readString(Path.of("campaigns", "roaming-welcome.yaml"))
                                .replace("version: 1", "version: " + version),
                        "roaming-welcome.yaml");
        return CampaignDefinitions.toJson(c);
    }

    @Test
    void aRecordThatDoesNotReadIsKeptByItsKeyWithTheReasonAndCanBeNamed() {
        PublishedCampaigns published = new PublishedCampaigns();
        published.add(bytes("hand-made"), bytes("{\"id\": \"hand-made\""), 0, 7);

        assertThat(published.inForce()).isEmpty();
        PublishedCampaigns.Unreadable record = published.unreadable().get("hand-made");
        assertThat(record.reason()).isEqualTo("not JSON");
        assertThat(record.partition()).isZero();
        assertThat(record.offset()).isEqualTo(7);
        assertThat(published.keyOf("hand-made")).isEqualTo(bytes("hand-made"));
        assertThat(published.keyOf("hand")).isNull();

        published.add(bytes("hand-made"), null, 0, 8);
        assertThat(published.unreadable()).isEmpty();
        assertThat(published.keyOf("hand-made")).isNull();
    }

    @Test
    void anOlderVersionWrittenLaterLeavesTheNewerInForceAsTheJobDoes() throws Exception {
        PublishedCampaigns published = new PublishedCampaigns();
        published.add(bytes("roaming-welcome"), welcome(3), 0, 0);
        published.add(bytes("roaming-welcome"), welcome(2), 0, 1);

        assertThat(published.inForce().get("roaming-welcome").version()).isEqualTo(3);

        published.add(bytes("roaming-welcome"), welcome(4), 0, 2);
        assertThat(published.inForce().get("roaming-welcome").version()).isEqualTo(4);
    }

    @Test
    void aDefinitionUnderAnotherKeyIsRefusedAsTheJobRefusesIt() throws Exception {
        PublishedCampaigns published = new PublishedCampaigns();
        published.add(bytes("welcome"), welcome(1), 1, 0);

        assertThat(published.inForce()).isEmpty();
        assertThat(published.unreadable().get("welcome").reason())
                .isEqualTo(
                        "holds campaign 'roaming-welcome', and a definition is taken only under"
                                + " its own id");
    }

    @Test
    void aLaterRecordThatDoesNotReadLeavesTheVersionBeforeInForceUntilAGoodOneFollows()
            throws Exception {
        PublishedCampaigns published = new PublishedCampaigns();
        published.add(bytes("roaming-welcome"), welcome(1), 2, 0);
        published.add(bytes("roaming-welcome"), bytes("{\"format\":1}"), 2, 1);

        assertThat(published.inForce().get("roaming-welcome").version()).isEqualTo(1);
        assertThat(published.unreadable().get("roaming-welcome").reason())
                .isEqualTo("id: required");

        published.add(bytes("roaming-welcome"), welcome(2), 2, 2);
        assertThat(published.inForce().get("roaming-welcome").version()).isEqualTo(2);
        assertThat(published.unreadable()).isEmpty();
    }

    @Test
    void aReasonNeverShowsTheDigitsOfANumberInTheRecord() {
        PublishedCampaigns published = new PublishedCampaigns();
        published.add(
                bytes("numbered"),
                bytes("{\"format\":1,\"id\":\"numbered\",\"+79123456789\":1}"),
                0,
                0);

        assertThat(published.unreadable().get("numbered").reason())
                .isEqualTo("unknown field '############'");
    }

    @Test
    void aKeyIsShownSoThatItsInvisibleCharactersShowAndCanBeTypedBack() {
        assertThat(PublishedCampaigns.typed(bytes("roaming-welcome"))).isEqualTo("roaming-welcome");
        assertThat(PublishedCampaigns.typed(bytes("promo \n"))).isEqualTo("promo\\x20\\x0A");
        assertThat(PublishedCampaigns.typed(bytes("кампания"))).isEqualTo("кампания");
        assertThat(PublishedCampaigns.typed(bytes("it's\\"))).isEqualTo("it\\x27s\\x5C");
        assertThat(PublishedCampaigns.typed(bytes("zero\u200bwidth")))
                .isEqualTo("zero\\u200Bwidth");
        byte[] notUtf8 = {'b', 'a', 'd', (byte) 0xC3, '('};
        assertThat(PublishedCampaigns.typed(notUtf8)).isEqualTo("bad\\xC3(");

        PublishedCampaigns published = new PublishedCampaigns();
        published.add(bytes("promo \n"), bytes("{}"), 0, 0);
        published.add(notUtf8, bytes("{}"), 0, 1);
        assertThat(published.keyOf("promo\\x20\\x0A")).isEqualTo(bytes("promo \n"));
        assertThat(published.keyOf("promo \n")).isEqualTo(bytes("promo \n"));
        // The tombstone carries the bytes as they came, not their decoding.
        assertThat(published.keyOf("bad\\xC3(")).isEqualTo(notUtf8);
    }

    @Test
    void aKeyHoldingANumberIsShownMaskedAndDeletedByWhereItIs() {
        PublishedCampaigns published = new PublishedCampaigns();
        published.add(bytes("+79161234567"), bytes("{}"), 2, 41);
        published.add(bytes("promo-2026"), bytes("{}"), 0, 7);

        PublishedCampaigns.Unreadable numbered = published.unreadable().get("+79161234567");
        assertThat(PublishedCampaigns.shown(numbered.key())).isEqualTo("############");
        assertThat(PublishedCampaigns.reference(numbered)).isEqualTo("@2:41");
        assertThat(published.keyOf("@2:41")).isEqualTo(bytes("+79161234567"));
        // Whoever knows the key may still type it.
        assertThat(published.keyOf("+79161234567")).isEqualTo(bytes("+79161234567"));
        // Four digits are no identifier: shown as they are.
        assertThat(PublishedCampaigns.shown(bytes("promo-2026"))).isEqualTo("promo-2026");
        assertThat(published.keyOf("@0:8")).isNull();

        // Separators escaped on the terminal do not split the number out of the mask.
        assertThat(PublishedCampaigns.shown(bytes("+7\u00a0916\u00a0123\u00a045\u00a067")))
                .isEqualTo("#".repeat(16));
        assertThat(PublishedCampaigns.shown(bytes("+7 916 123 45 67"))).isEqualTo("#".repeat(16));
        byte[] notUtf8 = {'9', '1', '6', (byte) 0xC3, '4', '5', '6', '7', '8'};
        assertThat(PublishedCampaigns.shown(notUtf8)).doesNotContain("45678", "916");
    }

    @Test
    void aReferenceNamesTheRecordAtItsPlaceEvenWhereAKeyLooksLikeOne() {
        PublishedCampaigns published = new PublishedCampaigns();
        published.add(bytes("@0:5"), bytes("{}"), 1, 3);
        published.add(bytes("broken"), bytes("{}"), 0, 5);

        assertThat(published.keyOf("@0:5")).isEqualTo(bytes("broken"));
        assertThat(published.keyOf("@1:3")).isEqualTo(bytes("@0:5"));
    }
}
