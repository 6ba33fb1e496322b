package io.convergent.infra.cli;

/** The one question every command answers before its own arguments: was help asked for? */
public final class Help {

    private Help() {}

    /** Whether {@code -h} or {@code --help} is among {@code args}: usage to stdout, exit 0. */
    public static boolean asked(String[] args) {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                return true;
            }
        }
        return false;
    }
}
