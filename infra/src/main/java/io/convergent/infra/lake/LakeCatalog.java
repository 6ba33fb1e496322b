package io.convergent.infra.lake;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.catalog.Catalog;

/**
 * An open Iceberg catalog of the lake and the properties it was built from. Closing it releases the
 * catalog's connections (the JDBC catalog keeps a small pool).
 */
public final class LakeCatalog implements AutoCloseable {

    private final Catalog catalog;
    private final Map<String, String> properties;

    LakeCatalog(Catalog catalog, Map<String, String> properties) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.properties = Map.copyOf(Objects.requireNonNull(properties, "properties"));
        if (!properties.containsKey(CatalogProperties.URI)) {
            throw new IllegalArgumentException(
                    "properties must name the catalog "
                            + CatalogProperties.URI
                            + ", got "
                            + properties.keySet());
        }
    }

    public Catalog catalog() {
        return catalog;
    }

    /** The properties that open this same catalog in any engine. */
    public Map<String, String> properties() {
        return properties;
    }

    public String uri() {
        return properties.get(CatalogProperties.URI);
    }

    public String warehouse() {
        return properties.get(CatalogProperties.WAREHOUSE_LOCATION);
    }

    @Override
    public void close() {
        if (catalog instanceof Closeable closeable) {
            try {
                closeable.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close catalog " + catalog.name(), e);
            }
        }
    }
}
