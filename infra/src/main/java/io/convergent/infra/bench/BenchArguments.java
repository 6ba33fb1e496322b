package io.convergent.infra.bench;

import io.convergent.infra.cli.Help;
import java.io.PrintStream;
import java.util.List;

/**
 * The positional arguments of a {@code bin/convergent bench NAME} command, checked before any
 * broker or cluster starts: {@code --help} prints the usage (exit 0); an argument that is not a
 * positive whole number, a word other than the one allowed, or one too many is refused with its
 * name and the usage (exit 2), never a stack trace.
 */
final class BenchArguments {

    /** Ends the process; a test passes one that throws instead. */
    interface Exit {
        void exit(int status);
    }

    private final String usage;
    private final String[] args;
    private final PrintStream err;
    private final Exit exit;

    private BenchArguments(String usage, String[] args, PrintStream err, Exit exit) {
        this.usage = usage;
        this.args = args;
        this.err = err;
        this.exit = exit;
    }

    /**
     * The arguments of {@code args}, at most {@code most} of them.
     *
     * @param usage e.g. {@code "Usage: convergent bench batch [SUBSCRIBERS] [RUNS]"}
     */
    static BenchArguments of(String usage, String[] args, int most) {
        return of(usage, args, most, System.out, System.err, System::exit);
    }

    static BenchArguments of(
            String usage, String[] args, int most, PrintStream out, PrintStream err, Exit exit) {
        BenchArguments parsed = new BenchArguments(usage, args, err, exit);
        if (Help.asked(args)) {
            out.println(usage);
            exit.exit(0);
        } else if (args.length > most) {
            parsed.refuse("unexpected argument '" + args[most] + "'");
        }
        return parsed;
    }

    /**
     * Argument {@code index} ({@code name} in the usage), a whole number ≥ 1, or {@code fallback}.
     */
    int positiveInt(int index, String name, int fallback) {
        return (int) positive(index, name, fallback, Integer.MAX_VALUE);
    }

    /** As {@link #positiveInt}, up to {@link Long#MAX_VALUE}. */
    long positiveLong(int index, String name, long fallback) {
        return positive(index, name, fallback, Long.MAX_VALUE);
    }

    /** Whether argument {@code index} is given; it must then be one of {@code words}. */
    boolean word(int index, List<String> words) {
        if (index >= args.length) {
            return false;
        }
        if (!words.contains(args[index])) {
            refuse("unexpected argument '" + args[index] + "' (expected one of " + words + ")");
        }
        return true;
    }

    private long positive(int index, String name, long fallback, long max) {
        if (index >= args.length) {
            return fallback;
        }
        try {
            long value = Long.parseLong(args[index]);
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        refuse(name + " must be a whole number from 1 to " + max + ", got '" + args[index] + "'");
        return fallback;
    }

    private void refuse(String problem) {
        err.println("bench: " + problem);
        err.println(usage);
        exit.exit(2);
    }
}
