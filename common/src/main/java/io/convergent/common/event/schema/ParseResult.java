package io.convergent.common.event.schema;

import java.util.Objects;

/** The outcome of parsing one input record: the event, or why it was refused. */
public sealed interface ParseResult<T> permits ParseResult.Accepted, ParseResult.Rejected {

    /** Whether the record was accepted. */
    boolean accepted();

    /** The event; throws if the record was rejected. */
    T event();

    /** The rejection; throws if the record was accepted. */
    Rejection rejection();

    static <T> ParseResult<T> accepted(T event) {
        return new Accepted<>(event);
    }

    static <T> ParseResult<T> rejected(Rejection rejection) {
        return new Rejected<>(rejection);
    }

    /** An accepted record. */
    record Accepted<T>(T event) implements ParseResult<T> {
        public Accepted {
            Objects.requireNonNull(event, "event");
        }

        @Override
        public boolean accepted() {
            return true;
        }

        @Override
        public Rejection rejection() {
            throw new IllegalStateException("record was accepted");
        }
    }

    /** A rejected record. */
    record Rejected<T>(Rejection rejection) implements ParseResult<T> {
        public Rejected {
            Objects.requireNonNull(rejection, "rejection");
        }

        @Override
        public boolean accepted() {
            return false;
        }

        @Override
        public T event() {
            throw new IllegalStateException("record was rejected: " + rejection.detail());
        }
    }
}
