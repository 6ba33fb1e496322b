package io.convergent.serving.speed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the follower says about its view without a broker to follow (none listens on port 1). */
class SpeedViewFollowerTest {

    @TempDir Path directory;

    @Test
    void aViewThatHasNotCaughtUpOrWhoseFollowerStoppedIsNotVouchedFor() throws Exception {
        try (SpeedViewStore store = new SpeedViewStore(directory)) {
            SpeedViewFollower follower =
                    new SpeedViewFollower("127.0.0.1:1", store, () -> Long.MIN_VALUE, s -> {});
            assertThat(follower.notCurrent(System.currentTimeMillis(), Duration.ofSeconds(10)))
                    .contains("the live view is still catching up with its topics");

            Thread thread = new Thread(follower, "follower");
            thread.start();
            follower.close();
            thread.join(30_000);

            assertThat(thread.isAlive()).isFalse();
            assertThat(follower.notCurrent(System.currentTimeMillis(), Duration.ofSeconds(10)))
                    .contains("the live view's follower has stopped");
        }
    }
}
