package io.convergent.infra.bench;

import org.apache.flink.configuration.Configuration;

/** Flink options a benchmark run is given on its command line, to try one without a build. */
final class BenchFlinkOptions {

    static final String PREFIX = "convergent.bench.flink.";

    private BenchFlinkOptions() {}

    /**
     * {@code configuration} with every system property {@code convergent.bench.flink.KEY=VALUE} set
     * as Flink option {@code KEY} (each is printed), e.g. {@code
     * -Dconvergent.bench.flink.state.backend.rocksdb.writebuffer.size=8mb}. A job that sets the
     * option in its own configuration may override it.
     */
    static Configuration withOverrides(Configuration configuration) {
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith(PREFIX)) {
                String key = name.substring(PREFIX.length());
                configuration.setString(key, System.getProperty(name));
                System.out.printf("  Flink option %s=%s%n", key, System.getProperty(name));
            }
        }
        return configuration;
    }
}
