package io.convergent.streaming.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.table.Tables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code docs/tables.md} describes the tables as the jobs define them. */
class PublishedTableDocsTest {

    private static final Path PUBLISHED = Path.of("..", "docs", TableDocs.FILE_NAME);

    @Test
    void publishedTableDocsAreCurrent() throws IOException {
        assertThat(PUBLISHED)
                .as("%s is missing: generate it with bin/convergent schemas", PUBLISHED)
                .exists();
        assertThat(Files.readString(PUBLISHED, StandardCharsets.UTF_8))
                .as("%s is stale: regenerate it with bin/convergent schemas", PUBLISHED)
                .isEqualTo(TableDocs.render());
    }

    @Test
    void everyMasterDatasetTableAndEveryColumnIsDescribed() {
        String docs = TableDocs.render();
        for (String table : Tables.rawTables()) {
            assertThat(docs).contains("### `" + table + "`");
        }
        assertThat(docs).contains("### `" + Tables.REJECTED_EVENTS + "`");
        for (RawTable table : RawTable.all()) {
            table.schema()
                    .columns()
                    .forEach(column -> assertThat(docs).contains("| `" + column.name() + "` |"));
        }
        assertThat(docs)
                .contains("| `calling_number` | string | yes | Pseudonym (")
                .contains("| `called_number` | string | no | Pseudonym (")
                .contains("Partitioned by day(`event_time`).");
    }
}
