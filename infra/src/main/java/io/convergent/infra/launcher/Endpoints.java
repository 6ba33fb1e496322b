package io.convergent.infra.launcher;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where clients reach a running local platform; {@link #readyLine()} is what {@code up} prints once
 * everything is started.
 *
 * @param kafka the bootstrap servers
 * @param catalog the Iceberg catalog's JDBC URI
 * @param warehouse the Iceberg warehouse location
 * @param dataDir the data directory
 */
public record Endpoints(String kafka, String catalog, String warehouse, Path dataDir) {

    /** The prefix scripts wait for; exactly one such line is printed per start. */
    public static final String READY = "READY";

    public Endpoints {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(warehouse, "warehouse");
        Objects.requireNonNull(dataDir, "dataDir");
    }

    /**
     * {@code READY kafka=... catalog=... warehouse=... data-dir=...}: space-separated {@code
     * key=value} pairs, so later components append their own (serving=...) without breaking a
     * reader.
     */
    public String readyLine() {
        return String.format(
                "%s kafka=%s catalog=%s warehouse=%s data-dir=%s",
                READY, kafka, catalog, warehouse, dataDir);
    }
}
