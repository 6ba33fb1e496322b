package io.convergent.streaming.testing;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Sends a value through the serializer Flink would pick for its class, and back. */
public final class FlinkSerialization {

    private FlinkSerialization() {}

    @SuppressWarnings("unchecked")
    public static <T> T roundTrip(T value) throws Exception {
        TypeSerializer<T> serializer =
                TypeInformation.of((Class<T>) value.getClass())
                        .createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(value, out);
        return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }
}
