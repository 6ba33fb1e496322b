package io.convergent.infra.launcher;

import io.convergent.infra.lake.LakeCatalog;
import io.convergent.streaming.ingest.IngestOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The ingest job's settings for a local platform: its broker, its lake (the same catalog properties
 * the launcher opened), its key file and a consumer group. {@code up}, the ingest benchmark and the
 * tests start from these and add their own.
 */
public final class LocalIngestSettings {

    private LocalIngestSettings() {}

    public static Map<String, String> of(
            String bootstrapServers, LakeCatalog lake, Path keyFile, String groupId) {
        Objects.requireNonNull(lake, "lake");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(IngestOptions.BOOTSTRAP_SERVERS, bootstrapServers);
        lake.properties().forEach((k, v) -> settings.put(IngestOptions.LAKE_PREFIX + k, v));
        settings.put(IngestOptions.KEY_FILE, keyFile.toString());
        settings.put(IngestOptions.GROUP_ID, groupId);
        return settings;
    }
}
