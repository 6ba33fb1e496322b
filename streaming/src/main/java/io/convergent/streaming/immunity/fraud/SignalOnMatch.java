package io.convergent.streaming.immunity.fraud;

import io.convergent.common.fraud.FraudEvidence;
import io.convergent.common.fraud.FraudPattern;
import io.convergent.common.fraud.FraudSignal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.util.Collector;

/** Turns a match of one {@link FraudPattern} into its {@link FraudSignal}, evidence in order. */
public final class SignalOnMatch extends PatternProcessFunction<SubscriberEvent, FraudSignal> {

    private static final long serialVersionUID = 1L;

    private final FraudPattern pattern;

    public SignalOnMatch(FraudPattern pattern) {
        this.pattern = Objects.requireNonNull(pattern, "pattern");
    }

    @Override
    public void processMatch(
            Map<String, List<SubscriberEvent>> match, Context ctx, Collector<FraudSignal> out) {
        List<FraudEvidence> evidence = new ArrayList<>();
        match.forEach(
                (step, stepEvents) ->
                        stepEvents.forEach(
                                e -> evidence.add(new FraudEvidence(step, e.eventId(), e.time()))));
        evidence.sort(
                Comparator.comparing((FraudEvidence e) -> e.step().equals(FraudPatterns.TRANSFER))
                        .thenComparingLong(FraudEvidence::time));
        SubscriberEvent transfer = match.get(FraudPatterns.TRANSFER).get(0);
        out.collect(
                FraudSignal.of(
                        pattern,
                        transfer.customer(),
                        transfer.subscriber(),
                        evidence,
                        ctx.currentProcessingTime()));
    }
}
