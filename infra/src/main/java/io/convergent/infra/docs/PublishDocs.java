package io.convergent.infra.docs;

import io.convergent.common.event.SchemaPublisher;
import io.convergent.streaming.lake.TableDocs;
import java.nio.file.Path;

/**
 * {@code bin/convergent schemas}: regenerates what {@code docs/} publishes from the code that
 * enforces it: the JSON Schema of every input topic ({@code docs/schemas/}) and the description of
 * every table ({@code docs/tables.md}).
 */
public final class PublishDocs {

    private PublishDocs() {}

    /** {@code PublishDocs <docs dir>}. */
    public static void main(String[] args) throws Exception {
        Path docs = Path.of(args.length > 0 ? args[0] : "docs");
        SchemaPublisher.main(new String[] {docs.resolve("schemas").toString()});
        TableDocs.main(new String[] {docs.toString()});
    }
}
