package io.convergent.infra.cli;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import sun.misc.Signal;

/**
 * Ctrl-C (SIGINT) or SIGTERM during a command that runs Flink jobs in its own JVM: one line that
 * says what the interruption leaves, and the shell's exit code for the signal (130, 143), instead
 * of the stack traces of the tasks that the JVM's shutdown fails under the command. For a command's
 * {@code main} only: the handlers are the JVM's.
 */
public final class Interruption {

    /** The name of the signal that stopped the command; null while none has. */
    private static final AtomicReference<String> SIGNALLED = new AtomicReference<>();

    private Interruption() {}

    /**
     * From now on, SIGINT and SIGTERM print {@code whatItLeaves} on {@code err} and exit with
     * {@link #exitCode}; a second signal exits at once, without waiting for the shutdown hooks.
     */
    public static void sayOnSignal(Supplier<String> whatItLeaves, PrintStream err) {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), signal -> stop(name, whatItLeaves, err));
            } catch (IllegalArgumentException unavailable) {
                // Taken by the JVM (-Xrs): the default shutdown stays.
            }
        }
    }

    private static void stop(String name, Supplier<String> whatItLeaves, PrintStream err) {
        if (!SIGNALLED.compareAndSet(null, name)) {
            Runtime.getRuntime().halt(exitCode(SIGNALLED.get()));
            return;
        }
        // The jobs' tasks fail as the cluster goes down with the JVM, each with a stack trace at
        // WARN: nothing the user did wrong, and not what happened.
        Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, Level.OFF);
        err.println(whatItLeaves.get());
        err.flush();
        System.exit(exitCode(name));
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
