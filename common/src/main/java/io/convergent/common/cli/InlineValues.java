package io.convergent.common.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Both spellings of an option with a value, {@code --days 3} and {@code --days=3}, as shells and
 * scripts write them: every command reads its arguments through {@link #split} first, so its own
 * parser sees only the first.
 */
public final class InlineValues {

    /**
     * Two dashes, an option name (a letter, then anything but {@code =} and spaces: serving passes
     * on catalog properties such as {@code convergent.lake.jdbc.useSSL}), an equals sign, a value.
     */
    private static final Pattern OPTION_WITH_VALUE =
            Pattern.compile("(--[A-Za-z][^=\\s]*)=(.+)", Pattern.DOTALL);

    private InlineValues() {}

    /**
     * {@code args} with each {@code --name=value} as {@code --name}, {@code value}; every other
     * argument (a query, a file, {@code -h}) as it was. An empty value ({@code --data-dir=}) and a
     * value given to one of {@code flags}, the options that take none ({@code
     * --allow-platform-writes=false}), are left whole, for the command to refuse as an unknown
     * option rather than read {@code false} as a query or an empty path as the current directory.
     */
    public static String[] split(String[] args, String... flags) {
        Set<String> noValue = Set.of(flags);
        List<String> out = new ArrayList<>(args.length + 4);
        for (String arg : args) {
            Matcher option = OPTION_WITH_VALUE.matcher(arg);
            if (option.matches() && !noValue.contains(option.group(1))) {
                out.add(option.group(1));
                out.add(option.group(2));
            } else {
                out.add(arg);
            }
        }
        return out.toArray(new String[0]);
    }
}
