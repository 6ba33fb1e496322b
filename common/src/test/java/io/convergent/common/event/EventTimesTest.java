package io.convergent.common.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.event.schema.EventTimes;
import io.convergent.common.testing.SampleEvents;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventTimesTest {

    @Test
    void findsTheEventTimeOfEveryPublishedEventType() {
        for (InputEvent event : SampleEvents.oneOfEach()) {
            assertThat(EventTimes.peek(serialise(event))).isEqualTo(event.eventTime());
        }
    }

    @Test
    void skipsNestedObjectsAndFindsTheFieldAnywhereAtTopLevel() {
        assertThat(peek("{\"a\": {\"eventTime\": 1}, \"b\": [1, {\"x\": 2}], \"eventTime\": 42}"))
                .isEqualTo(42);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not json",
                "[1, 2]",
                "{\"eventId\": \"e\"}",
                "{\"eventTime\": \"2026-01-01\"}",
                "{\"eventTime\": 1.5}",
                "{\"eventTime\": 99999999999999999999999}",
                "{\"eventTime\": ",
            })
    void answersUnknownWhenThereIsNoUsableEventTime(String payload) {
        assertThat(peek(payload)).isEqualTo(EventTimes.UNKNOWN);
    }

    @Test
    void answersUnknownForNoPayload() {
        assertThat(EventTimes.peek(null)).isEqualTo(EventTimes.UNKNOWN);
    }

    private static long peek(String json) {
        return EventTimes.peek(json.getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static <T extends Record & InputEvent> byte[] serialise(InputEvent event) {
        T typed = (T) event;
        return InputTopics.of(typed).serialise(typed);
    }
}
