package io.convergent.streaming;

import static io.convergent.streaming.testing.FlinkSerialization.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.event.InputEvent;
import io.convergent.common.event.InputTopic;
import io.convergent.common.event.InputTopics;
import io.convergent.common.testing.SampleEvents;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

/**
 * Every input event record travels through Flink as a POJO, never through Kryo (STYLE.md): Kryo is
 * slow, and its state cannot evolve.
 */
class EventTypesSerializationTest {

    @Test
    void everyInputEventIsAFlinkPojoWithoutKryo() {
        for (InputTopic<?> topic : InputTopics.all()) {
            PojoTestUtils.assertSerializedAsPojoWithoutKryo(topic.type());
        }
    }

    @Test
    void everySampleEventSurvivesFlinksSerializer() throws Exception {
        for (InputEvent event : SampleEvents.oneOfEach()) {
            assertThat(roundTrip(event)).isEqualTo(event);
        }
    }
}
