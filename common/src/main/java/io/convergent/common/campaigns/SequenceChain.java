package io.convergent.common.campaigns;

import io.convergent.common.campaigns.CampaignMemory.Seen;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the step matches seen of a sequence hold the whole sequence in event time: one match of
 * each step, each at or after the one before, and the last within {@code within} of the first,
 * whatever order they arrived in. Events of different topics are read at different paces (a
 * replayed backlog, a billing feed behind the network's), so a sequence is judged by when its steps
 * happened, not by when they were read; no step waits for the watermark, so a sequence completes on
 * the arrival of whichever of its steps is read last.
 */
public final class SequenceChain {

    private SequenceChain() {}

    /** What {@link #end} answers when {@code seen} holds no whole sequence. */
    public static final long NONE = Long.MIN_VALUE;

    /**
     * The event time of the last step of a chain {@code seen} holds (steps {@code 0 .. steps - 1}
     * in order within {@code within}): the moment the sequence happened, which is not when its
     * last-read step was read. {@link #NONE} when it holds none.
     */
    public static long end(List<Seen> seen, int steps, long within) {
        List<Seen> sorted = new ArrayList<>(seen);
        sorted.sort((a, b) -> Long.compare(a.time(), b.time()));
        for (Seen first : sorted) {
            if (first.step() == 0) {
                long end = chainFrom(sorted, first, steps, within);
                if (end != NONE) {
                    return end;
                }
            }
        }
        return NONE;
    }

    /**
     * Greedily takes, for each next step, its earliest match at or after the previous one: the
     * earliest leaves the most room for the steps after it, so if any chain from {@code first}
     * exists, this one does.
     */
    private static long chainFrom(List<Seen> sorted, Seen first, int steps, long within) {
        Seen previous = first;
        int[] used = new int[steps];
        used[0] = first.event();
        for (int step = 1; step < steps; step++) {
            Seen next = null;
            for (Seen candidate : sorted) {
                if (candidate.step() == step
                        && !usedBefore(used, step, candidate.event())
                        && candidate.time() >= previous.time()
                        && candidate.time() - first.time() <= within) {
                    next = candidate;
                    break;
                }
            }
            if (next == null) {
                return NONE;
            }
            used[step] = next.event();
            previous = next;
        }
        return previous.time();
    }

    /** Whether {@code event} already fills one of the chain's first {@code steps} steps. */
    private static boolean usedBefore(int[] used, int steps, int event) {
        for (int i = 0; i < steps; i++) {
            if (used[i] == event) {
                return true;
            }
        }
        return false;
    }
}
