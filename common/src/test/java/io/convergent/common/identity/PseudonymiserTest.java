package io.convergent.common.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PseudonymiserTest {

    private static final byte[] SECRET_1 = secret(1);
    private static final byte[] SECRET_2 = secret(2);

    private final Pseudonymiser v1 = pseudonymiser(new PseudonymKey(1, SECRET_1));

    @Test
    void spellingsOfOneNumberShareOnePseudonym() {
        String a = v1.pseudonymise(IdentifierKind.MSISDN, "+7 912 345-67-89");
        String b = v1.pseudonymise(IdentifierKind.MSISDN, "89123456789");
        String c = v1.pseudonymise(IdentifierKind.MSISDN, "79123456789");
        assertThat(a).isEqualTo(b).isEqualTo(c);
        assertThat(v1.pseudonymise(IdentifierKind.MSISDN, "+79123456780")).isNotEqualTo(a);
    }

    @Test
    void isDeterministicAcrossInstancesWithTheSameKey() {
        Pseudonymiser again = pseudonymiser(new PseudonymKey(1, SECRET_1));
        assertThat(again.pseudonymise(IdentifierKind.IMSI, "250620000012345"))
                .isEqualTo(v1.pseudonymise(IdentifierKind.IMSI, "250620000012345"));
    }

    @Test
    void carriesTheKeyVersionAndChangesWithTheKey() {
        Pseudonymiser v2 = pseudonymiser(new PseudonymKey(2, SECRET_2));
        String underV1 = v1.pseudonymise(IdentifierKind.MSISDN, "+79123456789");
        String underV2 = v2.pseudonymise(IdentifierKind.MSISDN, "+79123456789");

        assertThat(underV1).startsWith("k1.").hasSize(25);
        assertThat(underV2).startsWith("k2.").hasSize(25);
        assertThat(underV1.substring(3)).isNotEqualTo(underV2.substring(3));
        assertThat(Pseudonymiser.keyVersionOf(underV2)).isEqualTo(2);
        assertThat(Pseudonymiser.isPseudonym("+79123456789")).isFalse();
        assertThat(Pseudonymiser.isPseudonym(underV1)).isTrue();
        assertThat(Pseudonymiser.isPseudonym("k1.-0ZdmrjM9vJ2Zsm85px_og")).isTrue();
        // The shape, down to the alphabet: 22 characters of base64url after the version.
        assertThat(Pseudonymiser.isPseudonym("k1.~~~~~~~~~~~~~~~~~~~~~~")).isFalse();
        assertThat(Pseudonymiser.isPseudonym("k1.AAAAAAAAAAAAAAAAAAAAA=")).isFalse();
        assertThat(Pseudonymiser.isPseudonym("k1.AAAAAAAAAAAAAAAAAAAAAAA")).isFalse();
    }

    @Test
    void aRingAnswersUnderAnOlderVersionDuringARotation() {
        PseudonymKeyRing ring =
                new PseudonymKeyRing(
                        Map.of(1, new PseudonymKey(1, SECRET_1), 2, new PseudonymKey(2, SECRET_2)),
                        2);
        Pseudonymiser rotating = new Pseudonymiser(ring, Identifiers.russian());

        assertThat(rotating.currentKeyVersion()).isEqualTo(2);
        assertThat(rotating.pseudonymise(IdentifierKind.MSISDN, "89123456789", 1))
                .isEqualTo(v1.pseudonymise(IdentifierKind.MSISDN, "+79123456789"));
        assertThatThrownBy(() -> rotating.pseudonymise(IdentifierKind.MSISDN, "89123456789", 7))
                .hasMessageContaining("no pseudonymisation key of version 7; held: [1, 2]");
    }

    @Test
    void kindsAreSeparateDomains() {
        String digits = "40817810099910004312";
        assertThat(v1.pseudonymise(IdentifierKind.ACCOUNT_NUMBER, digits))
                .isNotEqualTo(v1.pseudonymise(IdentifierKind.CUSTOMER_ID, digits));
    }

    @Test
    void spreadsValuesWithoutCollisions() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            seen.add(v1.pseudonymise(IdentifierKind.MSISDN, "+7958" + String.format("%07d", i)));
        }
        assertThat(seen).hasSize(100_000);
    }

    @Test
    void neverShowsTheRawValueOrTheSecret() {
        String raw = "+79123456789";
        String pseudonym = v1.pseudonymise(IdentifierKind.MSISDN, raw);
        String secretText = Base64.getEncoder().encodeToString(SECRET_1);

        assertThat(pseudonym).doesNotContain("9123456789").doesNotContain("912345");
        assertThat(v1.toString())
                .doesNotContain(secretText)
                .isEqualTo("Pseudonymiser[keyVersion=1]");
        assertThat(new PseudonymKey(1, SECRET_1).toString()).isEqualTo("PseudonymKey[version=1]");
        assertThatThrownBy(() -> v1.pseudonymise(IdentifierKind.MSISDN, "+7912345678x"))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessage("not a valid msisdn identifier");
    }

    @Test
    void refusesWeakKeys() {
        assertThatThrownBy(() -> new PseudonymKey(1, new byte[16]))
                .hasMessage("key version 1 must have at least 32 bytes of secret, got 16");
        assertThatThrownBy(() -> new PseudonymKey(0, SECRET_1))
                .hasMessage("key version must be positive, got 0");
    }

    @Test
    void loadsAKeyFromTheEnvironmentFirst(@TempDir Path dir) {
        String inline = "4:" + Base64.getEncoder().encodeToString(SECRET_2);
        PseudonymKeyRing ring =
                PseudonymKeyRing.load(
                        Map.of(PseudonymKeyRing.KEY_ENV, inline), dir.resolve("none"));
        assertThat(ring.current().version()).isEqualTo(4);

        assertThatThrownBy(
                        () ->
                                PseudonymKeyRing.load(
                                        Map.of(PseudonymKeyRing.KEY_ENV, "4:not*base64"),
                                        dir.resolve("none")))
                .hasMessage(PseudonymKeyRing.KEY_ENV + ": secret is not valid base64");
        assertThatThrownBy(() -> PseudonymKeyRing.load(Map.of(), dir.resolve("none")))
                .hasMessageContaining("no pseudonymisation key: set " + PseudonymKeyRing.KEY_ENV);
    }

    @Test
    void createsAnOwnerOnlyKeyFileOnceAndKeepsIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secrets/pseudonym.keys");

        assertThat(PseudonymKeyFile.createIfMissing(file)).isTrue();
        String first = Files.readString(file, StandardCharsets.US_ASCII);
        assertThat(PseudonymKeyFile.createIfMissing(file)).isFalse();

        assertThat(Files.readString(file, StandardCharsets.US_ASCII)).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        PseudonymKeyRing ring =
                PseudonymKeyRing.load(Map.of(PseudonymKeyRing.KEY_FILE_ENV, file.toString()), null);
        assertThat(ring.current().version()).isEqualTo(1);
        assertThat(PseudonymKeyRing.load(Map.of(), file).current()).isEqualTo(ring.current());
    }

    @Test
    void readsAKeyFileWithSeveralVersions(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys");
        Files.writeString(
                file,
                "current=2\nkey.1="
                        + Base64.getEncoder().encodeToString(SECRET_1)
                        + "\nkey.2="
                        + Base64.getEncoder().encodeToString(SECRET_2)
                        + "\n");
        PseudonymKeyRing ring = PseudonymKeyRing.readFile(file);
        assertThat(ring.current().version()).isEqualTo(2);
        assertThat(ring.all().keySet()).containsExactly(1, 2);

        Files.writeString(
                file, "current=3\nkey.1=" + Base64.getEncoder().encodeToString(SECRET_1) + "\n");
        assertThatThrownBy(() -> PseudonymKeyRing.readFile(file))
                .hasMessageContaining("current key version 3 is not among the keys");
        String secretLine = Base64.getEncoder().encodeToString(SECRET_1).replace("=", "");
        Files.writeString(file, secretLine + "\n");
        assertThatThrownBy(() -> PseudonymKeyRing.readFile(file))
                .hasMessageContaining("unknown property (not shown)")
                .hasMessageNotContaining(secretLine);
        Files.writeString(file, "curent=1\n");
        assertThatThrownBy(() -> PseudonymKeyRing.readFile(file))
                .hasMessageContaining("has an unknown property 'curent'");
    }

    private static Pseudonymiser pseudonymiser(PseudonymKey key) {
        return new Pseudonymiser(PseudonymKeyRing.of(key), Identifiers.russian());
    }

    private static byte[] secret(int seed) {
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) seed);
        secret[0] = (byte) (seed * 31);
        return secret;
    }
}
