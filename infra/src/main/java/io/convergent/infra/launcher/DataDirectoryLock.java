package io.convergent.infra.launcher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The data directory held by one {@code up} at a time. A second {@code up} on a directory in use
 * rewrote the broker's {@code server.properties} and started a second broker on the same log
 * directories: the running broker's metadata log was corrupted, it died, and the directory's broker
 * never started again ({@code DuplicateBrokerRegistrationException}). An OS file lock on {@code
 * up.lock}, taken before anything in the directory is touched, refuses the second start instead;
 * the OS drops it when the process ends, however it ends, so a crash leaves no stale lock.
 */
final class DataDirectoryLock implements AutoCloseable {

    /** The lock file, in the data directory; it holds the pid of the {@code up} holding it. */
    static final String FILE = "up.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code dataDir} (created if missing).
     *
     * @throws IllegalStateException naming the directory and the pid of the {@code up} that holds
     *     it, and what to do
     */
    static DataDirectoryLock acquire(Path dataDir) throws IOException {
        Path root = dataDir.toAbsolutePath().normalize();
        Files.createDirectories(root);
        Path file = root.resolve(FILE);
        FileChannel channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException heldInThisJvm) {
                lock = null;
            }
            if (lock == null) {
                throw new IllegalStateException(
                        String.format(
                                "%s is in use by another `up`%s: stop it first (Ctrl-C in its"
                                        + " terminal), or start this one with another --data-dir",
                                root, holder(file)));
            }
            channel.truncate(0);
            channel.write(
                    ByteBuffer.wrap(
                            (ProcessHandle.current().pid() + "\n")
                                    .getBytes(StandardCharsets.UTF_8)));
            channel.force(false);
            return new DataDirectoryLock(channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close(); // releases the lock too, if it was taken
            throw e;
        }
    }

    private static String holder(Path file) {
        try {
            String pid = Files.readString(file, StandardCharsets.UTF_8).trim();
            return pid.isEmpty() ? "" : " (pid " + pid + ")";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
