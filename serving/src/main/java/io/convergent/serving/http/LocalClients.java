package io.convergent.serving.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A local platform's API client: on first start, one client with every scope and a random token,
 * the token in a file only its owner may read, its hash in the clients file. An existing clients
 * file is never touched: edit it to add the bank's, CRM's and CAMARA's clients.
 */
public final class LocalClients {

    public static final String LOCAL_CLIENT = "local";

    private LocalClients() {}

    /**
     * @return whether the files were created
     */
    public static boolean createIfMissing(Path clientsFile, Path tokenFile) throws IOException {
        if (Files.exists(clientsFile)) {
            return false;
        }
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Files.createDirectories(tokenFile.getParent());
        Files.writeString(tokenFile, token + "\n", StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the directory's own protection applies.
        }
        String scopes =
                Stream.of(Scope.values()).map(Scope::text).collect(Collectors.joining(", "));
        Files.createDirectories(clientsFile.getParent());
        Files.writeString(
                clientsFile,
                "# API clients of this serving instance. Tokens appear as their SHA-256 only:\n"
                        + "# echo -n TOKEN | sha256sum. The local token is in "
                        + tokenFile
                        + ".\n"
                        + "clients:\n"
                        + "  - name: "
                        + LOCAL_CLIENT
                        + "\n"
                        + "    token-sha256: "
                        + Clients.sha256(token)
                        + "\n"
                        + "    scopes: ["
                        + scopes
                        + "]\n"
                        + "    requests-per-second: 100000\n",
                StandardCharsets.UTF_8);
        return true;
    }
}
