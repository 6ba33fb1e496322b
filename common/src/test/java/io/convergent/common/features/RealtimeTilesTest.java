package io.convergent.common.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RealtimeTilesTest {

    @Test
    void aTileRoundTripsWithItsSketchAndKeyedBySubscriberAndDay() {
        DailyTile tile = new DailyTile("k1.AAAAAAAAAAAAAAAAAAAAAA", 20_000);
        tile.callsOut = 3;
        tile.minBalanceMinor = -150;
        DistinctSketch.add(tile.counterparts, "k1.BBBBBBBBBBBBBBBBBBBBBB");
        assertThat(RealtimeTiles.fromJson(RealtimeTiles.toJson(tile))).isEqualTo(tile);
        assertThat(RealtimeTiles.key(tile)).isEqualTo("k1.AAAAAAAAAAAAAAAAAAAAAA|2024-10-04");
        DailyTile empty = new DailyTile("k1.AAAAAAAAAAAAAAAAAAAAAA", 20_000);
        assertThat(RealtimeTiles.fromJson(RealtimeTiles.toJson(empty)).minBalanceMinor)
                .isEqualTo(DailyTile.NO_BALANCE);
    }

    @Test
    void theRecordIsTheDocumentedJsonInItsOrder() throws Exception {
        DailyTile tile = new DailyTile("k1.AAAAAAAAAAAAAAAAAAAAAA", 20_000);
        tile.callsOut = 3;
        tile.minBalanceMinor = -150;
        String json = new String(RealtimeTiles.toJson(tile), StandardCharsets.UTF_8);
        assertThat(json)
                .startsWith(
                        "{\"format\":1,\"subscriber\":\"k1.AAAAAAAAAAAAAAAAAAAAAA\","
                                + "\"day\":\"2024-10-04\",\"figures\":{\"calls_out\":3,")
                .contains("\"min_balance_minor\":-150,")
                .endsWith("},\"counterparts\":\"" + "A".repeat(171) + "=\"}");
        JsonNode figures = new ObjectMapper().readTree(json).path("figures");
        assertThat(figures.size()).isEqualTo(DailyTile.FIGURE_COLUMNS.size());
        for (String name : DailyTile.FIGURE_COLUMNS) {
            assertThat(figures.has(name)).as(name).isTrue();
        }
    }

    /** The record written field by field is byte for byte what a tree of its nodes gave. */
    @Test
    void theRecordIsTheSameBytesAsTheNodeTreeOfItsFields() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Random random = new Random(7);
        for (int n = 0; n < 500; n++) {
            DailyTile tile = new DailyTile("k1.\"/é+" + random.nextInt(), random.nextInt(40_000));
            long[] figures = tile.figures();
            for (int i = 0; i < figures.length; i++) {
                if (random.nextBoolean()) {
                    figures[i] = random.nextLong();
                }
            }
            tile.setFigures(figures);
            for (int i = random.nextInt(200); i > 0; i--) {
                DistinctSketch.add(tile.counterparts, "k1.c" + random.nextInt());
            }
            ObjectNode root = json.createObjectNode();
            root.put("format", RealtimeTiles.FORMAT);
            root.put("subscriber", tile.subscriber);
            root.put("day", LocalDate.ofEpochDay(tile.day).toString());
            ObjectNode named = root.putObject("figures");
            for (int i = 0; i < figures.length; i++) {
                named.put(DailyTile.FIGURE_COLUMNS.get(i), tile.figures()[i]);
            }
            root.put("counterparts", Base64.getEncoder().encodeToString(tile.counterparts));
            assertThat(new String(RealtimeTiles.toJson(tile), StandardCharsets.UTF_8))
                    .isEqualTo(root.toString());
        }
    }

    @Test
    void aDamagedRecordIsRefusedWithWhatIsWrong() {
        DailyTile tile = new DailyTile("k1.AAAAAAAAAAAAAAAAAAAAAA", 20_000);
        String json = new String(RealtimeTiles.toJson(tile), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> read(json.replace("\"calls_in\":0,", "")))
                .hasMessageContaining("without the figure calls_in");
        assertThatThrownBy(() -> read(json.replace("\"format\":1", "\"format\":2")))
                .hasMessageContaining("format 2");
        assertThatThrownBy(() -> read(json.replace("2024-10-04", "yesterday")))
                .hasMessageContaining("bad day");
        assertThatThrownBy(() -> read("[")).hasMessageContaining("not JSON");
    }

    private static DailyTile read(String json) {
        return RealtimeTiles.fromJson(json.getBytes(StandardCharsets.UTF_8));
    }
}
