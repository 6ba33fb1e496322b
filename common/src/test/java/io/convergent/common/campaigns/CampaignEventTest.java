package io.convergent.common.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.event.BillingEvent;
import io.convergent.common.event.BillingEventType;
import org.junit.jupiter.api.Test;

class CampaignEventTest {

    private static final String ME = "k1.AAAAAAAAAAAAAAAAAAAAAA";

    @Test
    void aBillingAmountOrBalanceInAnotherCurrencyIsNoRoubleAmount() {
        BillingEvent roubles =
                new BillingEvent(
                        "b1", 1L, BillingEventType.TOP_UP, ME, 50_000L, 90_000L, "RUB", null, null);
        BillingEvent euros =
                new BillingEvent(
                        "b2", 1L, BillingEventType.TOP_UP, ME, 50_000L, 90_000L, "EUR", null, null);

        CampaignEvent inRoubles = CampaignEvent.of(roubles, ME);
        CampaignEvent inEuros = CampaignEvent.of(euros, ME);

        assertThat(inRoubles.amountMinor()).isEqualTo(50_000L);
        assertThat(inRoubles.balanceMinor()).isEqualTo(90_000L);
        // Still a top-up (it ends a dormant spell), with no amount a rouble threshold could meet.
        assertThat(inEuros.kind()).isEqualTo(CampaignEvent.Kind.TOP_UP);
        assertThat(inEuros.amountMinor()).isNull();
        assertThat(inEuros.balanceMinor()).isNull();
    }
}
