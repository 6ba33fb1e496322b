package io.convergent.streaming.runtime;

import java.util.function.Supplier;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;

/**
 * The snapshot of a hand-written serializer that took over a type's state from Flink's POJO
 * serializer: values the POJO serializer wrote are read with it once and written again with the new
 * one (Flink migrates the state on restore) instead of the checkpoint being refused.
 */
public abstract class PojoSuccessorSnapshot<T> extends SimpleTypeSerializerSnapshot<T> {

    protected PojoSuccessorSnapshot(Supplier<? extends TypeSerializer<T>> serializer) {
        super(serializer);
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
            TypeSerializerSnapshot<T> oldSnapshot) {
        if (oldSnapshot instanceof PojoSerializerSnapshot) {
            return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
        }
        return super.resolveSchemaCompatibility(oldSnapshot);
    }
}
