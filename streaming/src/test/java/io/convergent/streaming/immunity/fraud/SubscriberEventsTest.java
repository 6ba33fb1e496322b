package io.convergent.streaming.immunity.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.event.BankSessionEvent;
import io.convergent.common.event.BankSessionType;
import io.convergent.common.event.Channel;
import io.convergent.common.identity.IdentifierKind;
import io.convergent.common.identity.Identifiers;
import io.convergent.common.identity.PseudonymKey;
import io.convergent.common.identity.PseudonymKeyRing;
import io.convergent.common.identity.Pseudonymiser;
import io.convergent.common.testing.SampleEvents;
import io.convergent.streaming.immunity.fraud.SubscriberEvent.Kind;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SubscriberEventsTest {

    private static final Pseudonymiser PSEUDONYMISER = pseudonymiser();

    @Test
    void aLoginOrAFailedAttemptFromANewDeviceIsANewDeviceLogin() {
        SubscriberEvent login =
                SubscriberEvents.ofSession(session(BankSessionType.LOGIN, true), PSEUDONYMISER);
        SubscriberEvent attempt =
                SubscriberEvents.ofSession(
                        session(BankSessionType.LOGIN_FAILED, true), PSEUDONYMISER);

        assertThat(login.kind()).isEqualTo(Kind.NEW_DEVICE_LOGIN);
        assertThat(attempt.kind()).isEqualTo(Kind.NEW_DEVICE_LOGIN);
        assertThat(attempt.subscriber())
                .isEqualTo(
                        PSEUDONYMISER.pseudonymise(IdentifierKind.MSISDN, SampleEvents.SUBSCRIBER));
        assertThat(attempt.time()).isEqualTo(SampleEvents.T0);
    }

    @Test
    void aKnownDeviceALogoutOrASessionWithoutANumberIsNothing() {
        assertThat(SubscriberEvents.ofSession(session(BankSessionType.LOGIN, false), PSEUDONYMISER))
                .isNull();
        assertThat(
                        SubscriberEvents.ofSession(
                                session(BankSessionType.LOGIN_FAILED, false), PSEUDONYMISER))
                .isNull();
        assertThat(SubscriberEvents.ofSession(session(BankSessionType.LOGOUT, true), PSEUDONYMISER))
                .isNull();
        BankSessionEvent noNumber =
                new BankSessionEvent(
                        "ses-2",
                        SampleEvents.T0,
                        BankSessionType.LOGIN,
                        SampleEvents.CUSTOMER,
                        null,
                        SampleEvents.DEVICE,
                        true,
                        Channel.WEB);
        assertThat(SubscriberEvents.ofSession(noNumber, PSEUDONYMISER)).isNull();
    }

    private static BankSessionEvent session(BankSessionType type, boolean newDevice) {
        return new BankSessionEvent(
                "ses-1",
                SampleEvents.T0,
                type,
                SampleEvents.CUSTOMER,
                SampleEvents.SUBSCRIBER,
                SampleEvents.DEVICE,
                newDevice,
                Channel.MOBILE_APP);
    }

    private static Pseudonymiser pseudonymiser() {
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) 7);
        return new Pseudonymiser(
                PseudonymKeyRing.of(new PseudonymKey(1, secret)), Identifiers.russian());
    }
}
