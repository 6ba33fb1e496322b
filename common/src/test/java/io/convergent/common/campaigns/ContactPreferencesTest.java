package io.convergent.common.campaigns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.convergent.common.campaigns.CampaignDefinition.OfferChannel;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What each opt-out and opt-in makes of what the subscriber said before. */
class ContactPreferencesTest {

    private static final String ALICE = "k1.ALICEALICEALICEALICEAL";

    private static ContactPreferences after(
            ContactPreferences before, boolean optIn, Set<OfferChannel> channels) {
        return ContactPreferences.after(before, ALICE, optIn, channels, 1L);
    }

    @Test
    void anOptOutOfAChannelKeepsEverythingSaidBefore() {
        ContactPreferences out = after(null, false, Set.of());
        assertThat(out.marketing()).isFalse();

        ContactPreferences thenSms = after(out, false, Set.of(OfferChannel.SMS));
        assertThat(thenSms.marketing()).as("still out of everything").isFalse();
        assertThat(thenSms.optedOutChannels()).containsExactly(OfferChannel.SMS);

        ContactPreferences consented = after(null, true, Set.of());
        ContactPreferences noPush =
                after(
                        after(consented, false, Set.of(OfferChannel.SMS)),
                        false,
                        Set.of(OfferChannel.PUSH));
        assertThat(noPush.marketing()).as("consent kept").isTrue();
        assertThat(noPush.optedOutChannels())
                .containsExactlyInAnyOrder(OfferChannel.SMS, OfferChannel.PUSH);

        assertThat(after(null, false, Set.of(OfferChannel.EMAIL)).marketing())
                .as("never said")
                .isNull();
    }

    @Test
    void anOptOutWrittenWronglyIsRefusedNotReadAsNoOptOut() {
        String head = "{\"format\":1,\"subscriber\":\"" + ALICE + "\",\"updatedAt\":1,";
        for (String wrong :
                new String[] {
                    "\"optedOutChannels\":\"sms\"}",
                    "\"optedOutChannels\":\"sms,push\"}",
                    "\"optedOutChannels\":[1]}",
                    "\"optedOutChannel\":[\"sms\"]}",
                    "\"opted_out_channels\":[\"sms\"]}",
                    "\"marketting\":false}",
                }) {
            assertThatThrownBy(() -> ContactPreferences.fromJson(bytes(head + wrong)))
                    .as(wrong)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("contact preferences: ");
        }
        // Fields of the producer's own are ignored, whatever words they use.
        ContactPreferences read =
                ContactPreferences.fromJson(
                        bytes(
                                head
                                        + "\"source\":\"crm\",\"consentSource\":\"app\","
                                        + "\"optInDate\":\"2026-11-01\",\"salesChannel\":\"web\","
                                        + "\"optedOutChannels\":[\"sms\"]}"));
        assertThat(read.optedOutChannels()).containsExactly(OfferChannel.SMS);
        assertThat(
                        ContactPreferences.fromJson(bytes(head + "\"optedOutChannels\":null}"))
                                .optedOutChannels())
                .isEmpty();
    }

    private static byte[] bytes(String json) {
        return json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void anOptInClearsEveryRefusalAndAFullOptOutKeepsTheChannels() {
        ContactPreferences noSms = after(null, false, Set.of(OfferChannel.SMS));
        ContactPreferences in = after(noSms, true, Set.of());
        assertThat(in.marketing()).isTrue();
        assertThat(in.optedOutChannels()).isEmpty();

        ContactPreferences out = after(noSms, false, Set.of());
        assertThat(out.marketing()).isFalse();
        assertThat(out.optedOutChannels()).containsExactly(OfferChannel.SMS);

        assertThatThrownBy(() -> after(null, true, Set.of(OfferChannel.SMS)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
