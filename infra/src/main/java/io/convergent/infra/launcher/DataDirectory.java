package io.convergent.infra.launcher;

import io.convergent.common.broker.LocalBroker;
import io.convergent.infra.lake.LakeCatalogs;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/**
 * The layout of a data directory (ARCHITECTURE.md, public contract): {@code kafka/}, {@code
 * warehouse/}, {@code catalog.db}, {@code checkpoints/}, {@code work/}, {@code serving/} and {@code
 * secrets/}.
 *
 * @param root the absolute, normalised data directory
 */
public record DataDirectory(Path root) {

    /** Only the owner may read the pseudonymisation keys. */
    public static final Set<PosixFilePermission> SECRETS_PERMISSIONS =
            PosixFilePermissions.fromString("rwx------");

    public DataDirectory {
        Objects.requireNonNull(root, "root");
        root = root.toAbsolutePath().normalize();
    }

    /**
     * Creates the directories that are missing, keeping everything that exists; {@code secrets/}
     * gets owner-only permissions whether it is new or not. The catalog file is created by the
     * catalog itself.
     */
    public static DataDirectory create(Path root) throws IOException {
        DataDirectory layout = createLake(root);
        for (Path directory : new Path[] {layout.kafka(), layout.checkpoints(), layout.serving()}) {
            Files.createDirectories(directory);
        }
        return layout;
    }

    /**
     * Creates what a lake alone needs, {@code warehouse/} and {@code secrets/} (its key
     * pseudonymises what goes in), keeping everything that exists: for a command that writes the
     * lake and runs nothing else ({@code generate --lake}). A later {@code up} adds the rest.
     */
    public static DataDirectory createLake(Path root) throws IOException {
        DataDirectory layout = new DataDirectory(root);
        Files.createDirectories(layout.warehouse());
        Files.createDirectories(layout.secrets());
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(layout.secrets(), SECRETS_PERMISSIONS);
        }
        return layout;
    }

    /** The broker's directory; its server.properties tells {@code serve} where the broker is. */
    public Path kafka() {
        return root.resolve(LocalBroker.DIRECTORY);
    }

    public Path warehouse() {
        return root.resolve(LakeCatalogs.WAREHOUSE_DIRECTORY);
    }

    public Path catalogDb() {
        return root.resolve(LakeCatalogs.CATALOG_DB_FILE);
    }

    public Path checkpoints() {
        return root.resolve("checkpoints");
    }

    /**
     * The in-process jobs' scratch space, one directory per job: RocksDB's live state and Flink's
     * temporary files. Emptied when a job starts; nothing in it is needed to resume.
     */
    public Path work() {
        return root.resolve("work");
    }

    public Path serving() {
        return root.resolve("serving");
    }

    public Path secrets() {
        return root.resolve("secrets");
    }

    /** The versioned pseudonymisation keys both partners hold; never in the repository. */
    public Path pseudonymKeys() {
        return secrets().resolve("pseudonym.keys");
    }
}
