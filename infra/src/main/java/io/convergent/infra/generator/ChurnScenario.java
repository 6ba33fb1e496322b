package io.convergent.infra.generator;

import io.convergent.common.numbering.NumberCategory;
import io.convergent.common.numbering.NumberRange;
import io.convergent.common.numbering.NumberingPlan;
import java.util.List;

/**
 * The end of a future churner: after weeks of falling activity (the {@link ChurnSchedule} lowers
 * every everyday rate, and {@link EverydayLife} adds complaints), a port-out request to another
 * domestic operator. The subscriber has no events with us after it.
 */
final class ChurnScenario {

    private final List<String> operators;

    ChurnScenario(NumberingPlan plan) {
        this.operators =
                plan.ranges(NumberCategory.DOMESTIC_MOBILE).stream()
                        .map(NumberRange::operator)
                        .filter(o -> !o.isEmpty())
                        .distinct()
                        .toList();
        if (operators.isEmpty()) {
            throw new IllegalArgumentException("the numbering plan names no other mobile operator");
        }
    }

    void plan(SubscriberDay d) {
        if (!d.portOutToday()) {
            return;
        }
        String recipient = operators.get(d.rng.nextInt(operators.size()));
        d.add(
                Events.portOut(d.nextId(), d.portOutTime(), d.subscriber.msisdn, recipient),
                new Label.PortOut());
    }
}
