package io.convergent.common.event.schema;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.convergent.common.identity.EmbeddedIdentifiers;
import io.convergent.common.identity.IdentifierKind;
import io.convergent.common.identity.Pseudonymiser;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * The schema of one input topic's events, declared once and used for everything: strict parsing
 * ({@link EventParser}), pseudonymisation of the identifier fields, the Kafka key, and the JSON
 * Schema published under {@code docs/schemas/}.
 *
 * <p>The fields are the record's components, in order; {@link Builder#build()} checks that they
 * match, so a record and its schema cannot drift apart.
 *
 * @param <T> the event record
 */
public final class EventSchema<T extends Record> {

    /** 2000-01-01T00:00:00Z: no event of this platform is older. */
    public static final long EARLIEST_EVENT_TIME = 946_684_800_000L;

    private final Class<T> type;
    private final String topic;
    private final String title;
    private final String description;
    private final List<FieldSpec> fields;
    private final int discriminatorIndex;
    private final Map<Enum<?>, int[]> requiredByType;
    private final List<NamedRule<T>> rules;
    private final int keyIndex;
    private final Constructor<T> constructor;
    private final Method[] accessors;
    private final int[] identifierIndexes;

    /** Event ids and free text: fields that are no identifier but may have one written inside. */
    private final int[] referenceIndexes;

    private EventSchema(Builder<T> builder) {
        this.type = builder.type;
        this.topic = builder.topic;
        this.title = builder.title;
        this.description = builder.description;
        this.fields = List.copyOf(builder.fields);
        RecordComponent[] components = type.getRecordComponents();
        if (components.length != fields.size()) {
            throw new IllegalStateException(
                    type.getSimpleName()
                            + " has "
                            + components.length
                            + " components but its schema declares "
                            + fields.size()
                            + " fields");
        }
        Class<?>[] componentTypes = new Class<?>[components.length];
        this.accessors = new Method[components.length];
        for (int i = 0; i < components.length; i++) {
            checkComponent(components[i], fields.get(i));
            componentTypes[i] = components[i].getType();
            accessors[i] = components[i].getAccessor();
        }
        try {
            this.constructor = type.getDeclaredConstructor(componentTypes);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("no canonical constructor on " + type, e);
        }
        this.discriminatorIndex =
                builder.discriminator == null ? -1 : indexOf(builder.discriminator);
        if (discriminatorIndex >= 0 && fields.get(discriminatorIndex).kind() != FieldKind.ENUM) {
            throw new IllegalStateException(
                    "discriminator " + builder.discriminator + " must be an ENUM field");
        }
        Map<Enum<?>, int[]> required = new LinkedHashMap<>();
        builder.requiredByType.forEach(
                (value, names) -> {
                    if (discriminatorIndex < 0
                            || value.getDeclaringClass()
                                    != fields.get(discriminatorIndex).enumType()) {
                        throw new IllegalStateException(
                                "requiredFor("
                                        + value
                                        + ") needs a discriminator of its enum type");
                    }
                    required.put(value, names.stream().mapToInt(this::indexOf).toArray());
                });
        this.requiredByType = Collections.unmodifiableMap(required); // keeps declaration order
        this.rules = List.copyOf(builder.rules);
        this.keyIndex = indexOf(Objects.requireNonNull(builder.key, "key field of " + topic));
        this.identifierIndexes =
                java.util.stream.IntStream.range(0, fields.size())
                        .filter(i -> fields.get(i).kind().isIdentifier())
                        .toArray();
        this.referenceIndexes =
                java.util.stream.IntStream.range(0, fields.size())
                        .filter(
                                i ->
                                        fields.get(i).kind() == FieldKind.EVENT_ID
                                                || fields.get(i).kind() == FieldKind.TEXT)
                        .toArray();
    }

    public static <T extends Record> Builder<T> builder(
            Class<T> type, String topic, String title, String description) {
        return new Builder<>(type, topic, title, description);
    }

    public Class<T> type() {
        return type;
    }

    public String topic() {
        return topic;
    }

    /** A short human title of the event, as the published JSON Schema names it. */
    public String title() {
        return title;
    }

    public String description() {
        return description;
    }

    public List<FieldSpec> fields() {
        return fields;
    }

    /** The name of the field that keys the topic (the entity the record is about). */
    public String keyField() {
        return fields.get(keyIndex).name();
    }

    /** The Kafka key of {@code event}: the value of its key field. */
    public String key(T event) {
        return (String) valueOf(event, keyIndex);
    }

    /** The field values of {@code event}, in field order. */
    public Object[] values(T event) {
        Object[] values = new Object[fields.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = valueOf(event, i);
        }
        return values;
    }

    /**
     * A copy of {@code event} (holding canonical identifiers, as the parser returns them) whose
     * identifier fields are replaced with pseudonyms.
     */
    public T pseudonymise(T event, Pseudonymiser pseudonymiser) {
        Object[] values = values(event);
        pseudonymiseInPlace(values, pseudonymiser);
        return construct(values);
    }

    /**
     * A copy of {@code event} with each non-null identifier field replaced by {@code mapping}'s
     * answer for it: canonicalisation, pseudonymisation, redaction.
     */
    public T mapIdentifiers(T event, BiFunction<IdentifierKind, String, String> mapping) {
        Object[] values = values(event);
        for (int i : identifierIndexes) {
            if (values[i] != null) {
                values[i] =
                        mapping.apply(fields.get(i).kind().identifierKind(), (String) values[i]);
            }
        }
        return construct(values);
    }

    void pseudonymiseInPlace(Object[] values, Pseudonymiser pseudonymiser) {
        for (int i : identifierIndexes) {
            if (values[i] != null) {
                values[i] =
                        pseudonymiser.pseudonymiseCanonical(
                                fields.get(i).kind().identifierKind(), (String) values[i]);
            }
        }
        pseudonymiseReferencesInPlace(values, pseudonymiser);
    }

    /** Replaces the phone numbers written inside event ids and free text with their pseudonyms. */
    void pseudonymiseReferencesInPlace(Object[] values, Pseudonymiser pseudonymiser) {
        for (int i : referenceIndexes) {
            if (values[i] != null) {
                values[i] = EmbeddedIdentifiers.pseudonymised((String) values[i], pseudonymiser);
            }
        }
    }

    /**
     * The event with these field values, in field order, as {@link #values} returns them: how a
     * reader of a raw table turns a row back into its event. The values are not validated again.
     */
    public T fromValues(Object[] values) {
        if (values.length != fields.size()) {
            throw new IllegalArgumentException(
                    type.getSimpleName()
                            + " has "
                            + fields.size()
                            + " fields, got "
                            + values.length);
        }
        return construct(values);
    }

    T construct(Object[] values) {
        try {
            return constructor.newInstance(values);
        } catch (InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException("cannot construct " + type.getSimpleName(), e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(
                    "constructor of " + type.getSimpleName() + " refused valid values",
                    e.getCause());
        }
    }

    int discriminatorIndex() {
        return discriminatorIndex;
    }

    int[] requiredFor(Enum<?> discriminatorValue) {
        return requiredByType.get(discriminatorValue);
    }

    List<NamedRule<T>> rules() {
        return rules;
    }

    /** This topic's JSON Schema (draft 2020-12), as published under {@code docs/schemas/}. */
    public ObjectNode toJsonSchema(ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$id", "https://convergent.io/schemas/" + topic + ".schema.json");
        root.put("title", title);
        StringBuilder text = new StringBuilder(description);
        text.append(" Kafka key: ").append(keyField()).append('.');
        for (NamedRule<T> rule : rules) {
            text.append(' ').append(rule.description());
        }
        root.put("description", text.toString());
        root.put("type", "object");
        ObjectNode properties = root.putObject("properties");
        ArrayNode requiredNames = root.putArray("required");
        for (FieldSpec field : fields) {
            properties.set(field.name(), JsonSchemas.property(mapper, field));
            if (field.required()) {
                requiredNames.add(field.name());
            }
        }
        root.put("additionalProperties", false);
        if (!requiredByType.isEmpty()) {
            ArrayNode allOf = root.putArray("allOf");
            String discriminator = fields.get(discriminatorIndex).name();
            requiredByType.forEach(
                    (value, indexes) -> {
                        ObjectNode rule = allOf.addObject();
                        rule.putObject("if")
                                .putObject("properties")
                                .putObject(discriminator)
                                .put("const", value.name());
                        ArrayNode then = rule.putObject("then").putArray("required");
                        Arrays.stream(indexes).forEach(i -> then.add(fields.get(i).name()));
                    });
        }
        return root;
    }

    private Object valueOf(T event, int index) {
        try {
            return accessors[index].invoke(event);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(
                    "cannot read " + fields.get(index).name() + " of " + type.getSimpleName(), e);
        }
    }

    private int indexOf(String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException(
                "schema of " + topic + " has no field '" + name + "'; fields: " + fields);
    }

    private void checkComponent(RecordComponent component, FieldSpec field) {
        if (!component.getName().equals(field.name())) {
            throw new IllegalStateException(
                    type.getSimpleName()
                            + " component '"
                            + component.getName()
                            + "' is declared in the schema as '"
                            + field.name()
                            + "': keep them in the same order with the same names");
        }
        Class<?> expected = javaType(field);
        if (component.getType() != expected) {
            throw new IllegalStateException(
                    type.getSimpleName()
                            + "."
                            + field.name()
                            + " must be "
                            + expected.getSimpleName()
                            + " for a "
                            + (field.required() ? "required " : "optional ")
                            + field.kind()
                            + " field, got "
                            + component.getType().getSimpleName());
        }
    }

    private static Class<?> javaType(FieldSpec field) {
        boolean boxed = !field.required();
        return switch (field.kind()) {
            case TIMESTAMP, LONG, AMOUNT -> boxed ? Long.class : long.class;
            case INT -> boxed ? Integer.class : int.class;
            case BOOLEAN -> boxed ? Boolean.class : boolean.class;
            case ENUM -> field.enumType();
            default -> String.class;
        };
    }

    /** A cross-field rule with the sentence that documents it in the JSON Schema. */
    record NamedRule<T>(String description, EventRule<T> rule) {}

    /** Declares an event schema; see {@link EventSchema}. */
    public static final class Builder<T extends Record> {
        private final Class<T> type;
        private final String topic;
        private final String title;
        private final String description;
        private final List<FieldSpec> fields = new ArrayList<>();
        private final Map<Enum<?>, List<String>> requiredByType = new LinkedHashMap<>();
        private final List<NamedRule<T>> rules = new ArrayList<>();
        private String discriminator;
        private String key;

        private Builder(Class<T> type, String topic, String title, String description) {
            this.type = Objects.requireNonNull(type, "type");
            this.topic = Objects.requireNonNull(topic, "topic");
            this.title = Objects.requireNonNull(title, "title");
            this.description = Objects.requireNonNull(description, "description");
        }

        public Builder<T> field(FieldSpec field) {
            fields.add(Objects.requireNonNull(field, "field"));
            return this;
        }

        /** The ENUM field whose unknown values are {@link RejectionReason#UNKNOWN_TYPE}. */
        public Builder<T> discriminator(String fieldName) {
            this.discriminator = fieldName;
            return this;
        }

        /** Fields that become required when the discriminator has {@code value}. */
        public Builder<T> requiredFor(Enum<?> value, String... fieldNames) {
            requiredByType
                    .computeIfAbsent(value, v -> new ArrayList<>())
                    .addAll(List.of(fieldNames));
            return this;
        }

        public Builder<T> key(String fieldName) {
            this.key = fieldName;
            return this;
        }

        /** A cross-field rule, with a sentence for the published schema. */
        public Builder<T> rule(String sentence, EventRule<T> rule) {
            rules.add(new NamedRule<>(sentence, rule));
            return this;
        }

        public EventSchema<T> build() {
            return new EventSchema<>(this);
        }
    }
}
