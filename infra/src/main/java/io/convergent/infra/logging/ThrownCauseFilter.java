package io.convergent.infra.logging;

import java.util.Arrays;
import java.util.List;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.Node;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;
import org.apache.logging.log4j.core.filter.AbstractFilter;

/**
 * A log4j filter that matches an event whose exception, or any exception in its cause chain, is of
 * one of the classes named (or a subclass). For a library that logs an expected interruption as an
 * error: Iceberg's compaction commit, cut short by a job's cancellation at every stop of {@code
 * up}, logs an ERROR with a stack trace, while the same logger's other errors must still show. In
 * log4j2.xml: {@code <ThrownCauseFilter causes="java.lang.InterruptedException" onMatch="DENY"
 * onMismatch="NEUTRAL"/>}.
 */
@Plugin(
        name = "ThrownCauseFilter",
        category = Node.CATEGORY,
        elementType = Filter.ELEMENT_TYPE,
        printObject = true)
public final class ThrownCauseFilter extends AbstractFilter {

    /** Cause chains are short; this bounds a cycle that {@link Throwable} does not forbid. */
    private static final int MAX_DEPTH = 32;

    private final List<Class<?>> causes;

    private ThrownCauseFilter(List<Class<?>> causes, Result onMatch, Result onMismatch) {
        super(onMatch, onMismatch);
        this.causes = List.copyOf(causes);
    }

    /**
     * @param causes comma-separated class names; a name that is not a class on the classpath is
     *     refused
     */
    @PluginFactory
    public static ThrownCauseFilter createFilter(
            @PluginAttribute("causes") String causes,
            @PluginAttribute("onMatch") Result onMatch,
            @PluginAttribute("onMismatch") Result onMismatch) {
        if (causes == null || causes.isBlank()) {
            throw new IllegalArgumentException("ThrownCauseFilter needs causes=\"class, ...\"");
        }
        List<Class<?>> classes =
                Arrays.stream(causes.split(","))
                        .map(String::strip)
                        .filter(name -> !name.isEmpty())
                        .<Class<?>>map(ThrownCauseFilter::load)
                        .toList();
        return new ThrownCauseFilter(classes, onMatch, onMismatch);
    }

    private static Class<?> load(String name) {
        try {
            Class<?> type = Class.forName(name, false, ThrownCauseFilter.class.getClassLoader());
            if (!Throwable.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException(
                        "ThrownCauseFilter: " + name + " is not an exception class");
            }
            return type;
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("ThrownCauseFilter: no class " + name, e);
        }
    }

    @Override
    public Result filter(LogEvent event) {
        return matches(event.getThrown()) ? onMatch : onMismatch;
    }

    /** Whether {@code thrown} or one of its causes is of a class named. */
    boolean matches(Throwable thrown) {
        Throwable next = thrown;
        for (int depth = 0; next != null && depth < MAX_DEPTH; depth++) {
            for (Class<?> cause : causes) {
                if (cause.isInstance(next)) {
                    return true;
                }
            }
            next = next.getCause();
        }
        return false;
    }

    @Override
    public String toString() {
        return "ThrownCauseFilter" + causes;
    }
}
