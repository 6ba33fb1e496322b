package io.convergent.common.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Both spellings of an option with a value, {@code --days 3} and {@code --days=3}, as shells and
 * scripts write them: every command reads its arguments through {@link #split} first, so its own
 * parser sees only the first.
 */
public final class InlineValues {

    /** Two dashes, an option name, an equals sign: the value is the rest, which may be empty. */
    private static final Pattern OPTION_WITH_VALUE =
            Pattern.compile("(--[a-z][a-z0-9.-]*)=(.*)", Pattern.DOTALL);

    private InlineValues() {}

    /**
     * {@code args} with each {@code --name=value} as {@code --name}, {@code value}; every other
     * argument (a query, a file, {@code -h}) as it was.
     */
    public static String[] split(String[] args) {
        List<String> out = new ArrayList<>(args.length + 4);
        for (String arg : args) {
            Matcher option = OPTION_WITH_VALUE.matcher(arg);
            if (option.matches()) {
                out.add(option.group(1));
                out.add(option.group(2));
            } else {
                out.add(arg);
            }
        }
        return out.toArray(new String[0]);
    }
}
