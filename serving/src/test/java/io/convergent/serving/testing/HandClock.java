package io.convergent.serving.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock the test moves by hand, from {@link ServingFixture#NOW}; read by other threads (a
 * follower, a publisher) as the test moves it.
 */
public final class HandClock extends Clock {

    private volatile Instant now = ServingFixture.NOW;

    public void advance(Duration by) {
        now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
