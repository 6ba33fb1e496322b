package io.convergent.common.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class KeyedHashTest {

    @Test
    void matchesTheRfc4231TestVectors() {
        assertMac(
                filled(20, 0x0b),
                "Hi There",
                "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
        assertMac(
                "Jefe".getBytes(StandardCharsets.US_ASCII),
                "what do ya want for nothing?",
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        assertMac(
                filled(131, 0xaa),
                "Test Using Larger Than Block-Size Key - Hash Key First",
                "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    }

    @Test
    void agreesWithTheJdkMacOnRandomInputs() throws Exception {
        SplittableRandom random = new SplittableRandom(1);
        for (int round = 0; round < 200; round++) {
            byte[] key = new byte[32 + random.nextInt(100)];
            random.nextBytes(key);
            byte[] message = new byte[random.nextInt(200)];
            random.nextBytes(message);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            assertThat(new KeyedHash(key).mac(message)).isEqualTo(mac.doFinal(message));
        }
    }

    @Test
    void aPseudonymIsTheTruncatedHmacOfTagAndCanonicalValue() throws Exception {
        byte[] secret = filled(32, 0x42);
        Pseudonymiser pseudonymiser =
                new Pseudonymiser(
                        PseudonymKeyRing.of(new PseudonymKey(5, secret)), Identifiers.russian());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        byte[] expected =
                Arrays.copyOf(
                        mac.doFinal("msisdn:+79123456789".getBytes(StandardCharsets.US_ASCII)), 16);

        assertThat(pseudonymiser.pseudonymise(IdentifierKind.MSISDN, "8 912 345 67 89"))
                .isEqualTo(
                        "k5."
                                + java.util.Base64.getUrlEncoder()
                                        .withoutPadding()
                                        .encodeToString(expected));
    }

    private static void assertMac(byte[] key, String data, String hex) {
        assertThat(
                        HexFormat.of()
                                .formatHex(
                                        new KeyedHash(key)
                                                .mac(data.getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo(hex);
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
