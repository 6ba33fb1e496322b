package io.convergent.streaming.speedview.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.convergent.common.event.CallEvent;
import io.convergent.common.event.InputEvent;
import io.convergent.common.event.InputTopic;
import io.convergent.common.event.InputTopics;
import io.convergent.common.event.schema.EventSchema;
import io.convergent.common.event.schema.FieldSpec;
import io.convergent.common.features.DailyTile;
import io.convergent.common.features.DailyTiles;
import io.convergent.common.immunity.ImmunityRules;
import io.convergent.streaming.lake.EventRowConverter;
import io.convergent.streaming.lake.RawTableSchemas;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/**
 * The batch recompute reads only the columns {@link DailyTiles#fieldsRead} names. These tests hold
 * that list to the code: on random events of every type, whatever fields vary, the tiles made from
 * the projected rows are the tiles made from the whole events; and every field on the list matters
 * to some event's tiles, so the list carries nothing that is not read.
 */
class TileProjectionTest {

    private static final int EVENTS = 400;

    @Test
    void tilesFromProjectedRowsAreTheTilesOfTheWholeEvents() {
        for (InputTopic<?> topic : InputTopics.all()) {
            Set<String> read = DailyTiles.fieldsRead(topic.type());
            for (InputEvent event : randomEvents(topic, new Random(topic.name().hashCode()))) {
                assertThat(tilesThroughProjection(topic, read, event))
                        .as("%s, reading %s: %s", topic.name(), read, event)
                        .isEqualTo(tiles(event));
            }
        }
    }

    @Test
    void everyFieldTheTilesAreSaidToReadChangesSomeTile() {
        for (InputTopic<?> topic : InputTopics.all()) {
            Set<String> read = DailyTiles.fieldsRead(topic.type());
            List<InputEvent> events = randomEvents(topic, new Random(31));
            for (String field : read) {
                Set<String> without = new HashSet<>(read);
                without.remove(field);
                assertThat(events.stream().anyMatch(e -> differs(topic, without, read, e)))
                        .as("%s: tiles without %s", topic.name(), field)
                        .isTrue();
            }
        }
    }

    @Test
    void foldingEventsIntoHeldTilesGivesTheMergedContributions() {
        for (InputTopic<?> topic : InputTopics.all()) {
            List<InputEvent> events = randomEvents(topic, new Random(5));
            java.util.Map<String, DailyTile> merged = new java.util.HashMap<>();
            java.util.Map<String, DailyTile> folded = new java.util.HashMap<>();
            for (InputEvent event : events) {
                DailyTiles.contributions(
                        event, t -> merged.merge(t.subscriber + "@" + t.day, t, DailyTile::merge));
                DailyTiles.fold(
                        event,
                        (subscriber, day) ->
                                folded.computeIfAbsent(
                                        subscriber + "@" + day,
                                        k -> new DailyTile(subscriber, day)));
            }
            assertThat(folded).as(topic.name()).isEqualTo(merged);
        }
    }

    @Test
    void aProjectionKeepsTheTablesColumnOrderAndRefusesAFieldTheEventLacks() {
        Schema projection =
                RawTableSchemas.projectionOf(
                        InputTopics.CALLS, Set.of("endTime", "eventTime", "calledNumber"));
        assertThat(projection.columns())
                .extracting(Types.NestedField::name)
                .containsExactly("event_time", "called_number", "end_time");
        assertThatThrownBy(() -> EventRowConverter.projected(CallEvent.SCHEMA, Set.of("msisdn")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CallEvent has no field msisdn");
        assertThatThrownBy(
                        () ->
                                EventRowConverter.projected(CallEvent.SCHEMA, Set.of("endTime"))
                                        .toRow(null))
                .isInstanceOf(IllegalStateException.class);
    }

    /** Whether the tiles of {@code event} read through {@code fewer} fields are not the same. */
    private static boolean differs(
            InputTopic<?> topic, Set<String> fewer, Set<String> read, InputEvent event) {
        try {
            return !tilesThroughProjection(topic, fewer, event)
                    .equals(tilesThroughProjection(topic, read, event));
        } catch (RuntimeException e) {
            return true;
        }
    }

    private static List<DailyTile> tiles(InputEvent event) {
        List<DailyTile> tiles = new ArrayList<>();
        DailyTiles.contributions(event, tiles::add);
        return tiles;
    }

    /** The event written as its raw-table row, read back through a projection of {@code fields}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<DailyTile> tilesThroughProjection(
            InputTopic<?> topic, Set<String> fields, InputEvent event) {
        RowData whole = new EventRowConverter(topic.schema()).toRow((Record) event);
        List<Integer> kept = new ArrayList<>();
        List<FieldSpec> all = topic.schema().fields();
        for (int i = 0; i < all.size(); i++) {
            if (fields.contains(all.get(i).name())) {
                kept.add(i);
            }
        }
        assertThat(RawTableSchemas.projectionOf(topic, fields).columns()).hasSize(kept.size());
        GenericRowData projected = new GenericRowData(kept.size());
        for (int i = 0; i < kept.size(); i++) {
            projected.setField(i, ((GenericRowData) whole).getField(kept.get(i)));
        }
        EventRowConverter<?> reader = EventRowConverter.projected(topic.schema(), fields);
        return tiles((InputEvent) reader.fromRow(projected));
    }

    /**
     * Events with every field drawn at random by its kind; optional ones absent a third of the
     * time.
     */
    private static List<InputEvent> randomEvents(InputTopic<?> topic, Random random) {
        EventSchema<?> schema = topic.schema();
        RecordComponent[] components = schema.type().getRecordComponents();
        List<InputEvent> events = new ArrayList<>();
        for (int e = 0; e < EVENTS; e++) {
            Object[] values = new Object[components.length];
            for (int i = 0; i < values.length; i++) {
                FieldSpec field = schema.fields().get(i);
                Class<?> type = components[i].getType();
                if (!type.isPrimitive() && !field.required() && random.nextInt(3) == 0) {
                    continue;
                }
                values[i] = randomValue(field, type, random);
            }
            events.add((InputEvent) schema.fromValues(values));
        }
        return events;
    }

    private static Object randomValue(FieldSpec field, Class<?> type, Random random) {
        if (field.enumType() != null) {
            Enum<?>[] constants = field.enumType().getEnumConstants();
            return constants[random.nextInt(constants.length)];
        }
        if (type == long.class || type == Long.class) {
            // Timestamps over a few days (so tiles fall on different days), amounts of any sign.
            return 1_790_000_000_000L + (long) (random.nextDouble() * 4 * 86_400_000L);
        }
        if (type == int.class || type == Integer.class) {
            // Country codes: home or not, so "abroad" goes both ways.
            return random.nextBoolean() ? ImmunityRules.standard().homeMcc() : random.nextInt(999);
        }
        if (type == boolean.class || type == Boolean.class) {
            return random.nextBoolean();
        }
        if (field.name().equals("currency")) {
            // Mostly the roubles the money figures are summed in, sometimes not.
            return random.nextInt(4) == 0 ? "EUR" : "RUB";
        }
        if (type == String.class) {
            return "k1." + field.name() + "-" + random.nextInt(50);
        }
        throw new IllegalStateException("no random " + type + " for " + field.name());
    }
}
