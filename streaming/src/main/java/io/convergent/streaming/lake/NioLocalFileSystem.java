package io.convergent.streaming.lake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system for a {@code file:} warehouse, without its two costs that hurt a
 * streaming writer: it sets permissions through {@code java.nio} where Hadoop without its native
 * library forks a {@code chmod} process for every file it creates (measured: ~500 forks of the
 * job's JVM in a one-minute ingest run, each stalling a writer), and, being the raw file system, it
 * writes no {@code .crc} side file per data file (Parquet and Iceberg's manifests carry their own
 * checks).
 */
public final class NioLocalFileSystem extends RawLocalFileSystem {

    /**
     * {@code file}, as for Hadoop's own local file system; Iceberg's Flink source asks it to decide
     * whether block locations are worth looking up.
     */
    @Override
    public String getScheme() {
        return "file";
    }

    @Override
    public void setPermission(Path path, FsPermission permission) throws IOException {
        Set<PosixFilePermission> posix = EnumSet.noneOf(PosixFilePermission.class);
        add(
                posix,
                permission.getUserAction(),
                PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE);
        add(
                posix,
                permission.getGroupAction(),
                PosixFilePermission.GROUP_READ,
                PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_EXECUTE);
        add(
                posix,
                permission.getOtherAction(),
                PosixFilePermission.OTHERS_READ,
                PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_EXECUTE);
        Files.setPosixFilePermissions(pathToFile(path).toPath(), posix);
    }

    private static void add(
            Set<PosixFilePermission> posix,
            FsAction action,
            PosixFilePermission read,
            PosixFilePermission write,
            PosixFilePermission execute) {
        if (action.implies(FsAction.READ)) {
            posix.add(read);
        }
        if (action.implies(FsAction.WRITE)) {
            posix.add(write);
        }
        if (action.implies(FsAction.EXECUTE)) {
            posix.add(execute);
        }
    }
}
