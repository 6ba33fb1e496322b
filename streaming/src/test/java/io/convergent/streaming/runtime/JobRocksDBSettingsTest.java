package io.convergent.streaming.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.streaming.immunity.ImmunityJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job that applies {@link RocksDBLookups} (or the immunity job's {@link
 * ImmunityJob#rocksDbSettings}) gets them in the RocksDB instances of its keyed state, as the
 * options file RocksDB writes beside each instance shows, while a job that does not keeps RocksDB's
 * defaults (so the check can tell the two apart). In-process only: a local environment starts its
 * MiniCluster with the job's settings. On a cluster, Flink merges a job's settings over the
 * cluster's when it builds the state backend (checked in Flink 2.1.1's sources), and the 10-day
 * {@code bench ingest} run showed the effect without any cluster-wide option.
 */
class JobRocksDBSettingsTest {

    private static final String STATE = "lookedUp";

    @TempDir Path rocksDbDirectory;

    @Test
    void aJobThatAppliesThemHasPartitionedBloomFilters() throws Exception {
        String options = stateOptionsOfAJob(RocksDBLookups.mostlyMissing());

        assertThat(options).contains("partition_filters=true");
        assertThat(options).contains("index_type=kTwoLevelIndexSearch");
        assertThat(options).containsPattern("filter_policy=\\S*[Bb]loom");
    }

    @Test
    void aJobThatDoesNotKeepsWholeFiltersWithoutBlooms() throws Exception {
        String options = stateOptionsOfAJob(new Configuration());

        assertThat(options).contains("partition_filters=false");
        assertThat(options).doesNotContainPattern("filter_policy=\\S*[Bb]loom");
        assertThat(options).contains("compression_per_level=kSnappyCompression");
        assertThat(options).contains("write_buffer_size=67108864");
    }

    @Test
    void theImmunityJobsStateHasSmallMemtablesLevelsSizedToThemAndNoCompression() throws Exception {
        String options = stateOptionsOfAJob(ImmunityJob.rocksDbSettings());

        assertThat(options).contains("compression_per_level=kNoCompression");
        assertThat(options).contains("partition_filters=true");
        assertThat(options).containsPattern("filter_policy=\\S*[Bb]loom");
        assertThat(options).contains("write_buffer_size=" + ImmunityJob.MEMTABLE_SIZE.getBytes());
        assertThat(options)
                .contains("max_bytes_for_level_base=" + 4 * ImmunityJob.MEMTABLE_SIZE.getBytes());
        assertThat(options)
                .contains("target_file_size_base=" + ImmunityJob.MEMTABLE_SIZE.getBytes());
    }

    /** Runs a keyed job on RocksDB; the options sections of its state's column family. */
    private String stateOptionsOfAJob(Configuration jobSettings) throws Exception {
        Configuration config = new Configuration();
        config.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        config.set(RocksDBOptions.LOCAL_DIRECTORIES, rocksDbDirectory.toString());
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(1, config);
        env.configure(jobSettings);
        try (CloseableIterator<String> found =
                env.fromData("a", "b", "c")
                        .keyBy(value -> value)
                        .process(new ReadsItsOwnOptions(rocksDbDirectory.toString()))
                        .executeAndCollect()) {
            // Read to the end: the bounded job then finishes and disposes of its RocksDB before
            // the temporary directory is removed (closing early would only ask for a cancel).
            List<String> sections = new ArrayList<>();
            found.forEachRemaining(sections::add);
            assertThat(sections).as("the options each element's job found").hasSize(3);
            return sections.get(0);
        }
    }

    /**
     * Touches its state, then emits the section of RocksDB's newest options file for that state's
     * column family. The instance is removed when the job ends, so it is read while it runs.
     */
    private static final class ReadsItsOwnOptions
            extends KeyedProcessFunction<String, String, String> {

        private static final long serialVersionUID = 1L;

        private final String directory;
        private transient ValueState<Boolean> lookedUp;

        ReadsItsOwnOptions(String directory) {
            this.directory = directory;
        }

        @Override
        public void open(OpenContext context) {
            lookedUp =
                    getRuntimeContext().getState(new ValueStateDescriptor<>(STATE, Types.BOOLEAN));
        }

        @Override
        public void processElement(String value, Context ctx, Collector<String> out)
                throws Exception {
            if (lookedUp.value() == null) {
                lookedUp.update(true);
            }
            out.collect(sectionOf(newestOptionsFile(Path.of(directory)), STATE));
        }

        private static Path newestOptionsFile(Path root) throws IOException {
            try (Stream<Path> files = Files.walk(root)) {
                return files.filter(p -> p.getFileName().toString().startsWith("OPTIONS-"))
                        .max(Path::compareTo)
                        .orElseThrow(() -> new AssertionError("no RocksDB options under " + root));
            }
        }

        /**
         * The lines of {@code [CFOptions "<family>"]} and {@code [TableOptions/BlockBasedTable
         * "<family>"]}, each up to the next section.
         */
        private static String sectionOf(Path optionsFile, String family) {
            try {
                List<String> lines = Files.readAllLines(optionsFile);
                StringBuilder sections = new StringBuilder();
                for (String header :
                        List.of(
                                "[CFOptions \"" + family + "\"]",
                                "[TableOptions/BlockBasedTable \"" + family + "\"]")) {
                    int start = lines.indexOf(header);
                    if (start < 0) {
                        throw new AssertionError("no " + header + " in " + optionsFile);
                    }
                    for (int i = start + 1;
                            i < lines.size() && !lines.get(i).startsWith("[");
                            i++) {
                        sections.append(lines.get(i).trim()).append('\n');
                    }
                }
                return sections.toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
