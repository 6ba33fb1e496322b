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
 * @param serving the serving API's base URL; its local token is in {@code secrets/serving.token}
 */
public record Endpoints(
        String kafka, String catalog, String warehouse, Path dataDir, String serving) {

    /** The prefix scripts wait for; exactly one such line is printed per start. */
    public static final String READY = "READY";

    public Endpoints {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(warehouse, "warehouse");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(serving, "serving");
    }

    /** The file holding the local API client's bearer token. */
    public Path servingToken() {
        return dataDir.resolve("secrets").resolve("serving.token");
    }

    /**
     * {@code READY kafka=... catalog=... warehouse=... data-dir=...}: space-separated {@code
     * key=value} pairs, so later components append their own (serving=...) without breaking a
     * reader.
     */
    public String readyLine() {
        return String.format(
                "%s kafka=%s catalog=%s warehouse=%s data-dir=%s serving=%s serving-token=%s",
                READY, kafka, catalog, warehouse, dataDir, serving, servingToken());
    }
}
