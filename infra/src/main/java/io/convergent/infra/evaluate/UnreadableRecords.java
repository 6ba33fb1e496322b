package io.convergent.infra.evaluate;

import java.io.PrintStream;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Counts the records of one topic a reader could not read, so one record a later release wrote (an
 * output reason this release does not know) or a stray write does not end the whole command, and
 * the user is told how many were left out and why.
 */
final class UnreadableRecords {

    private final String topic;
    private long count;
    private String firstProblem;

    UnreadableRecords(String topic) {
        this.topic = topic;
    }

    /** {@code reader}, answering {@code null} for a record it refuses with an exception. */
    <T> Function<ConsumerRecord<byte[], byte[]>, T> skipping(
            Function<ConsumerRecord<byte[], byte[]>, T> reader) {
        return record -> {
            try {
                return reader.apply(record);
            } catch (IllegalArgumentException e) {
                count++;
                if (firstProblem == null) {
                    firstProblem =
                            "partition "
                                    + record.partition()
                                    + " offset "
                                    + record.offset()
                                    + ": "
                                    + e.getMessage();
                }
                return null;
            }
        };
    }

    long count() {
        return count;
    }

    /** Says what was left out, if anything. */
    void report(PrintStream out) {
        if (count > 0) {
            out.println(
                    "warning: "
                            + count
                            + " record(s) of "
                            + topic
                            + " could not be read and are not counted below; the first, "
                            + firstProblem);
        }
    }
}
