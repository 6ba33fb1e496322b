package io.convergent.common.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** Creates the local key file a fresh data dir needs; production keys are provisioned instead. */
public final class PseudonymKeyFile {

    private PseudonymKeyFile() {}

    /**
     * Creates {@code file} with one random key of version 1, readable by its owner only, unless it
     * exists already (then it is kept: replacing it would orphan every pseudonym written so far).
     *
     * @return whether a new file was written
     */
    public static boolean createIfMissing(Path file) {
        if (Files.exists(file)) {
            return false;
        }
        byte[] secret = new byte[PseudonymKey.MIN_SECRET_BYTES];
        new SecureRandom().nextBytes(secret);
        String content =
                "# Convergent pseudonymisation keys. Secret: never commit, never log.\n"
                        + "# Both partners must hold the same keys for their pseudonyms to join.\n"
                        + PseudonymKeyRing.CURRENT_PROPERTY
                        + "=1\n"
                        + PseudonymKeyRing.KEY_PROPERTY_PREFIX
                        + "1="
                        + Base64.getEncoder().encodeToString(secret)
                        + "\n";
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            // Written in full beside the target, then linked into place: a reader never sees a
            // key file without its key, and a failed write leaves no file behind.
            Path partial = createOwnerOnly(parent.resolve(file.getFileName() + ".partial"));
            try {
                Files.writeString(partial, content, StandardCharsets.US_ASCII);
                // A hard link never replaces an existing file: if another process won, its
                // key stands (FileAlreadyExistsException below).
                Files.createLink(file, partial);
                return true;
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (FileAlreadyExistsException e) {
            return false; // another process won the race; its key stands
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create key file " + file, e);
        }
    }

    private static Path createOwnerOnly(Path file) throws IOException {
        try {
            return Files.createFile(
                    file,
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            return Files.createFile(file); // not a POSIX file system
        }
    }
}
