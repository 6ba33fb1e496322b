package io.convergent.common.cli;

import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;

/**
 * Ctrl-C (SIGINT) or SIGTERM handled before the JVM's shutdown hooks run, with the shell's exit
 * code for the signal (130, 143): a command that runs Flink jobs or Iceberg commits in its own JVM
 * stops them itself ({@link #stopOnSignal}) while what they use is still there (Iceberg's shared
 * worker pool is shut by a shutdown hook of its own). For a command's {@code main} only: the
 * handlers are the JVM's.
 */
public final class Interruption {

    /** The name of the signal that stopped the command; null while none has. */
    private static final AtomicReference<String> SIGNALLED = new AtomicReference<>();

    private Interruption() {}

    /**
     * From now on, SIGINT and SIGTERM run {@code stop} on the signal's thread and then exit with
     * {@link #exitCode}; a second signal exits at once. The stop runs before the JVM's shutdown
     * hooks, which libraries use to shut down what a stop may still need (Iceberg's shared worker
     * pool, whose hook made every Iceberg commit still under way fail). A signal the process
     * inherited as ignored stays ignored.
     */
    public static void stopOnSignal(Runnable stop) {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), signal -> stop(name, stop));
            } catch (IllegalArgumentException unavailable) {
                // Taken by the JVM (-Xrs): the default shutdown stays.
            }
        }
    }

    private static void stop(String name, Runnable stop) {
        if (!SIGNALLED.compareAndSet(null, name)) {
            Runtime.getRuntime().halt(exitCode(SIGNALLED.get()));
            return;
        }
        try {
            stop.run();
        } finally {
            System.exit(exitCode(name));
        }
    }

    /**
     * For a {@code main} whose work a signal may have ended: once a signal has come, waits for its
     * handler to finish the stop and exit, instead of exiting with the work's own code beside it.
     */
    public static void awaitSignalledExit() {
        while (interrupted()) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException byTheStop) {
                // The handler may interrupt a start under way: the exit is still its to make.
            }
        }
    }

    /**
     * Whether a signal has stopped the command: a job's failure is then the signal's doing, which
     * the handler has said, and the command must exit with {@link #exitCode()}, not its own.
     */
    public static boolean interrupted() {
        return SIGNALLED.get() != null;
    }

    /** The exit code for the signal that stopped the command; 1 if none did. */
    public static int exitCode() {
        String name = SIGNALLED.get();
        return name == null ? 1 : exitCode(name);
    }

    /** 128 plus the signal's number, as a shell reports a process that a signal ended. */
    static int exitCode(String signal) {
        return switch (signal) {
            case "INT" -> 130;
            case "TERM" -> 143;
            default -> throw new IllegalArgumentException("not a handled signal: " + signal);
        };
    }
}
