package io.convergent.infra.generator;

import io.convergent.common.event.InputEvent;
import io.convergent.common.event.InputTopic;
import io.convergent.common.event.InputTopics;
import java.nio.charset.StandardCharsets;

/**
 * The wire form of any input event, through the topic that carries it: topic name, Kafka key and
 * JSON value, exactly as {@link InputTopic} defines them.
 */
final class EventCodec {

    private static final ClassValue<InputTopic<?>> TOPICS =
            new ClassValue<>() {
                @Override
                protected InputTopic<?> computeValue(Class<?> type) {
                    return InputTopics.all().stream()
                            .filter(t -> t.type() == type)
                            .findFirst()
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    "no input topic carries " + type));
                }
            };

    private EventCodec() {}

    static InputTopic<?> topic(InputEvent event) {
        return TOPICS.get(event.getClass());
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    static byte[] value(InputEvent event) {
        InputTopic topic = topic(event);
        return topic.serialise((Record) event);
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    static byte[] key(InputEvent event) {
        InputTopic topic = topic(event);
        return topic.key((Record) event).getBytes(StandardCharsets.UTF_8);
    }
}
