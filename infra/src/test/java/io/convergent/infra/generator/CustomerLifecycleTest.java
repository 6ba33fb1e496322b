package io.convergent.infra.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.event.BankProductEvent;
import io.convergent.common.event.BankProductEventType;
import io.convergent.common.event.BillingEvent;
import io.convergent.common.event.BillingEventType;
import io.convergent.common.event.BillingProduct;
import io.convergent.common.event.CallEvent;
import io.convergent.common.event.DataSessionEvent;
import io.convergent.common.event.InputEvent;
import io.convergent.common.event.NetworkEvent;
import io.convergent.common.event.NetworkEventType;
import io.convergent.common.event.SmsEvent;
import io.convergent.common.numbering.NumberCategory;
import io.convergent.common.numbering.NumberingPlan;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Churn, roaming, balances and products: what the CRM models learn from. */
class CustomerLifecycleTest {

    private final ScenarioRun run = ScenarioRun.standard();

    @Test
    void churnersFadeThenPortOutAndFallSilent() {
        List<Map<String, String>> churners = run.truth("churners.csv");
        assertThat(churners).hasSizeGreaterThan(20);
        Map<String, List<InputEvent>> byOwner = new HashMap<>();
        churners.forEach(c -> byOwner.put(c.get("msisdn"), new java.util.ArrayList<>()));
        for (InputEvent event : run.events) {
            List<InputEvent> owned = byOwner.get(owner(event));
            if (owned != null) {
                owned.add(event);
            }
        }
        long firstDay = run.config.startDay();
        long fading = 0;
        long measured = 0;
        for (Map<String, String> churner : churners) {
            long portOut = Instant.parse(churner.get("port_out_time")).toEpochMilli();
            long portOutDay = portOut / Times.DAY;
            long early = 0;
            long late = 0;
            for (InputEvent event : byOwner.get(churner.get("msisdn"))) {
                assertThat(event.eventTime())
                        .as("no activity after the port-out")
                        .isLessThanOrEqualTo(portOut);
                long day = event.eventTime() / Times.DAY;
                if (day >= portOutDay - 28 && day < portOutDay - 21) {
                    early++;
                } else if (day >= portOutDay - 7 && day < portOutDay) {
                    late++;
                }
            }
            if (portOutDay - 28 >= firstDay) {
                measured++;
                if (late < early * 0.7) {
                    fading++;
                }
            }
        }
        assertThat(measured).isGreaterThan(5);
        assertThat(fading)
                .as("churners whose last week is quieter than a month before")
                .isGreaterThan(measured * 8 / 10);
        long portOuts =
                run.events(NetworkEvent.class).stream()
                        .filter(e -> e.type() == NetworkEventType.PORT_OUT_REQUEST)
                        .count();
        assertThat(portOuts).isEqualTo(churners.size());
    }

    @Test
    void roamingEntryComesWithAForeignNetworkAndOftenARoamingPackage() {
        NumberingPlan plan = NumberingPlan.standard();
        List<NetworkEvent> entries =
                run.events(NetworkEvent.class).stream()
                        .filter(e -> e.type() == NetworkEventType.ROAMING_ENTRY)
                        .toList();
        assertThat(entries).hasSizeGreaterThan(30);
        List<Integer> foreignMccs =
                plan.ranges(NumberCategory.FOREIGN).stream().map(r -> r.mcc()).toList();
        List<BillingEvent> packages =
                run.events(BillingEvent.class).stream()
                        .filter(b -> b.product() == BillingProduct.ROAMING_PACKAGE)
                        .toList();
        long withPackage = 0;
        for (NetworkEvent entry : entries) {
            assertThat(foreignMccs).contains(entry.mcc());
            boolean bought =
                    packages.stream()
                            .anyMatch(
                                    p ->
                                            p.msisdn().equals(entry.msisdn())
                                                    && p.type() == BillingEventType.PACKAGE_PURCHASE
                                                    && Math.abs(p.eventTime() - entry.eventTime())
                                                            <= 6 * Times.HOUR);
            withPackage += bought ? 1 : 0;
        }
        assertThat(withPackage).isBetween(entries.size() * 4L / 10, entries.size() * 8L / 10);
        long roamingSessions =
                run.events(DataSessionEvent.class).stream()
                        .filter(d -> d.visitedMcc() != null)
                        .count();
        assertThat(roamingSessions).isPositive();
    }

    @Test
    void aLowBalanceIsUsuallyFollowedByATopUp() {
        List<BillingEvent> billing = run.events(BillingEvent.class);
        List<BillingEvent> low =
                billing.stream()
                        .filter(b -> b.type() == BillingEventType.BALANCE)
                        .filter(b -> b.balanceMinor() < BillingModel.LOW_BALANCE)
                        .toList();
        assertThat(low).hasSizeGreaterThan(20);
        long toppedUp =
                low.stream()
                        .filter(
                                l ->
                                        billing.stream()
                                                .anyMatch(
                                                        t ->
                                                                t.type() == BillingEventType.TOP_UP
                                                                        && t.msisdn()
                                                                                .equals(l.msisdn())
                                                                        && t.eventTime()
                                                                                > l.eventTime()
                                                                        && t.eventTime()
                                                                                < l.eventTime()
                                                                                        + 2
                                                                                                * Times
                                                                                                        .DAY))
                        .count();
        assertThat(toppedUp).isGreaterThan(low.size() / 2);
    }

    @Test
    void customersOpenBankProducts() {
        long opened =
                run.events(BankProductEvent.class).stream()
                        .filter(p -> p.type() == BankProductEventType.OPENED)
                        .count();
        assertThat(opened).isGreaterThan(30);
    }

    /** The subscriber an event is about, as its Kafka key says. */
    private static String owner(InputEvent event) {
        if (event instanceof CallEvent call) {
            return call.callingNumber();
        }
        if (event instanceof SmsEvent sms) {
            return sms.senderNumber();
        }
        return EventCodecAccess.key(event);
    }

    /** Reads the key through the same codec the generator writes with. */
    private static final class EventCodecAccess {
        static String key(InputEvent event) {
            return new String(EventCodec.key(event), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
