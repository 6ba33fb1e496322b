package io.convergent.common.campaigns;

import io.convergent.common.campaigns.CampaignDefinition.Condition;
import io.convergent.common.campaigns.CampaignDefinition.Conversion;
import io.convergent.common.campaigns.CampaignDefinition.Step;
import io.convergent.common.campaigns.CampaignDefinition.Trigger;
import io.convergent.common.campaigns.CampaignEvent.Kind;
import io.convergent.common.campaigns.CampaignMemory.Contact;
import io.convergent.common.campaigns.CampaignMemory.Deferred;
import io.convergent.common.campaigns.CampaignMemory.OpenOffer;
import io.convergent.common.campaigns.CampaignMemory.Progress;
import io.convergent.common.campaigns.CampaignMemory.Seen;
import io.convergent.common.campaigns.CampaignTrigger.Status;
import io.convergent.common.scores.RealtimeScores;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Campaigns for one subscriber at a time: given what is remembered of them, an event, and the
 * campaigns live now, which campaigns fire, which of those the subscriber is eligible for, and what
 * the contact policy makes of each; and which earlier offers the event converts. Pure: the same
 * memory, event and campaigns give the same answer, so a replay after a restart repeats itself.
 *
 * <p>The order of judgement for the campaigns an event fires, highest priority first:
 *
 * <ol>
 *   <li>not valid on the subscriber's local date, or not eligible (scores and features): nothing is
 *       recorded;
 *   <li>once a campaign has been sent or held out on this event, the rest are {@link
 *       SuppressionReason#OUTRANKED}: one message per moment;
 *   <li>the policy: opt-out or missing consent, the channel refused, the campaign's cooldown, the
 *       7- and 30-day caps;
 *   <li>quiet hours in the subscriber's local time: the trigger is held, nothing is recorded yet,
 *       and {@link #release} judges it again (policy, then control group) when they end; it takes
 *       the event's one message meanwhile;
 *   <li>the control group: held out, recorded, never contacted. It counts for the campaign's
 *       cooldown (as a sent offer would) but not for the caps.
 * </ol>
 *
 * <p>Events are judged in arrival order; a sequence's {@code within} runs from its first step's
 * event time.
 */
public final class CampaignEngine {

    private static final long DAY = ContactPolicy.DAY_MILLIS;
    private static final long WEEK = 7 * DAY;

    /** Cooldowns are at most this long; a campaign's last firing is kept as long. */
    private static final long LONGEST_COOLDOWN = 90 * DAY;

    private static final Comparator<CampaignDefinition> BY_PRIORITY =
            Comparator.comparingInt(CampaignDefinition::priority)
                    .reversed()
                    .thenComparing(CampaignDefinition::id);

    private final ContactPolicy policy;

    /** The wall clock, to tell a stale offer; {@code null}: every moment is now (event time). */
    private final java.util.function.LongSupplier wallClock;

    /** An engine that judges in event time alone: nothing is ever stale. */
    public CampaignEngine(ContactPolicy policy) {
        this(policy, null);
    }

    /**
     * An engine that also reads {@code wallClock} (epoch milliseconds) to suppress an offer judged
     * longer than the policy's {@link ContactPolicy#maxOfferDelay} after its moment.
     */
    public CampaignEngine(ContactPolicy policy, java.util.function.LongSupplier wallClock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.wallClock = wallClock;
    }

    /** Whether an offer for {@code moment} is too late to go out now. */
    private boolean stale(long moment) {
        return wallClock != null
                && policy.maxOfferDelay() != null
                && wallClock.getAsLong() - moment > policy.maxOfferDelay().toMillis();
    }

    /**
     * When an offer judged for {@code local} would reach the subscriber, in their zone: now, by the
     * wall clock, if that is later (a backlog worked off, an event that arrived late). Quiet hours
     * hold for the delivery: an event of 20:30 judged at 21:10 is held to the morning. Only where
     * the policy sets a {@link ContactPolicy#maxOfferDelay} (a live deployment: later offers are
     * stale); without one the job judges in event time alone (a replayed history, whose offers are
     * all "late"), and an offer's moment stands for its delivery.
     */
    private ZonedDateTime deliveredAt(ZonedDateTime local) {
        if (wallClock == null || policy.maxOfferDelay() == null) {
            return local;
        }
        long now = wallClock.getAsLong();
        return now > local.toInstant().toEpochMilli()
                ? Instant.ofEpochMilli(now).atZone(local.getZone())
                : local;
    }

    public ContactPolicy policy() {
        return policy;
    }

    /**
     * What one event did: the campaigns it fired (with their fate), the offers it converted, and
     * the times held triggers fall due ({@link #release} them then).
     */
    public record Result(
            List<CampaignTrigger> triggers, List<CampaignOutcome> outcomes, List<Long> dueTimes) {
        public static final Result NOTHING = new Result(List.of(), List.of(), List.of());

        public boolean isEmpty() {
            return triggers.isEmpty() && outcomes.isEmpty() && dueTimes.isEmpty();
        }
    }

    /**
     * Judges {@code event} and updates {@code memory}.
     *
     * @param live the campaigns in force, in any order
     * @param scores the subscriber's latest dynamic scores and features, read only when an eligible
     *     check needs them; may give {@code null} (none yet: conditions then fail)
     */
    public Result onEvent(
            CampaignMemory memory,
            CampaignEvent event,
            Collection<CampaignDefinition> live,
            Supplier<RealtimeScores> scores) {
        return onEvent(memory, event, live, scores, Long.MAX_VALUE);
    }

    /**
     * Judges {@code event} and updates {@code memory}, knowing that the inputs have been read up to
     * {@code readUpTo} in event time (a job's watermark): a sequence's steps are kept two windows
     * behind the lower of that and the event's time, so a topic read more than a window behind
     * another (a backlog worked off) still completes the sequences its events end. {@link
     * Long#MAX_VALUE}: as far as the events themselves go (and a watermark that has passed every
     * event, as Flink's does when all event inputs fell idle); {@link Long#MIN_VALUE} (no watermark
     * yet): steps are kept, up to {@link Progress#MAX_SEEN}, until one comes.
     */
    public Result onEvent(
            CampaignMemory memory,
            CampaignEvent event,
            Collection<CampaignDefinition> live,
            Supplier<RealtimeScores> scores,
            long readUpTo) {
        // What quiet hours held and is due by now goes first, at its own time: the result does
        // not depend on whether a timer or this event reached the subscriber first.
        List<CampaignTrigger> released =
                release(memory, event.subscriber(), event.eventTime(), live);
        forget(memory, event.eventTime(), Math.min(event.eventTime(), readUpTo), live);
        List<CampaignOutcome> outcomes = conversions(memory, event);
        List<CampaignDefinition> fired = new ArrayList<>();
        Map<String, Long> sequenceMoments = null;
        for (CampaignDefinition campaign : live) {
            long moment = firedAt(campaign, memory, event, readUpTo);
            if (moment != SequenceChain.NONE) {
                fired.add(campaign);
                if (moment != event.eventTime()) {
                    if (sequenceMoments == null) {
                        sequenceMoments = new HashMap<>();
                    }
                    sequenceMoments.put(campaign.id(), moment);
                }
            }
        }
        remember(memory, event);
        if (fired.isEmpty()) {
            return released.isEmpty() && outcomes.isEmpty() && memory.deferred.isEmpty()
                    ? Result.NOTHING
                    : new Result(released, outcomes, dueTimes(memory));
        }
        fired.sort(BY_PRIORITY);
        List<CampaignTrigger> triggers = new ArrayList<>(released);
        RealtimeScores snapshot = null;
        boolean snapshotRead = false;
        boolean delivered = false;
        for (CampaignDefinition campaign : fired) {
            // A sequence completed by a step read late happened at its last step, not at the
            // event that completed it here.
            long moment =
                    sequenceMoments == null
                            ? event.eventTime()
                            : sequenceMoments.getOrDefault(campaign.id(), event.eventTime());
            ZonedDateTime local =
                    Instant.ofEpochMilli(moment)
                            .atZone(
                                    LocalZones.of(
                                            memory.homeRegion,
                                            memory.roamingMcc,
                                            policy.defaultZone()));
            if (!campaign.validOn(local.toLocalDate())) {
                continue;
            }
            if (!campaign.eligibility().isEmpty()) {
                if (!snapshotRead) {
                    snapshot = scores.get();
                    snapshotRead = true;
                }
                if (!eligible(campaign, snapshot)) {
                    continue;
                }
            }
            if (delivered) {
                triggers.add(
                        judged(
                                memory,
                                campaign,
                                event.subscriber(),
                                event.eventId(),
                                moment,
                                local,
                                SuppressionReason.OUTRANKED));
                continue;
            }
            SuppressionReason reason = policyReason(memory, campaign, moment);
            if (reason == null && stale(moment)) {
                reason = SuppressionReason.STALE;
            }
            ZonedDateTime delivery = deliveredAt(local);
            if (reason == null && policy.quiet(campaign.offer().channel(), delivery)) {
                long due = policy.quietEnd(delivery).toInstant().toEpochMilli();
                memory.deferred.add(
                        new Deferred(
                                campaign.id(),
                                campaign.version(),
                                event.eventId(),
                                moment,
                                due,
                                campaign.offer().code(),
                                campaign.offer().channel(),
                                campaign.priority()));
                delivered = true;
                continue;
            }
            CampaignTrigger trigger =
                    judged(
                            memory,
                            campaign,
                            event.subscriber(),
                            event.eventId(),
                            moment,
                            local,
                            reason);
            triggers.add(trigger);
            delivered = trigger.status() != Status.SUPPRESSED;
        }
        return new Result(triggers, outcomes, dueTimes(memory));
    }

    /**
     * The distinct times the subscriber's held triggers fall due: when to call {@link #release}.
     */
    public static List<Long> dueTimes(CampaignMemory memory) {
        return memory.deferred.stream().map(d -> d.due).distinct().sorted().toList();
    }

    /**
     * Judges again the triggers held over quiet hours that fall due by {@code upTo}, each at its
     * due time: highest priority first, one delivered per moment as for one event. Eligibility is
     * not asked again (it was judged when the campaign fired). A trigger whose campaign was deleted
     * or changed meanwhile is suppressed for {@link SuppressionReason#WITHDRAWN}: the offer as it
     * was is gone, and the record says so (a trigger held by a build before memory format 2 kept no
     * offer to record, and is dropped). One whose campaign is no longer valid is suppressed for
     * {@link SuppressionReason#QUIET_HOURS}.
     */
    public List<CampaignTrigger> release(
            CampaignMemory memory,
            String subscriber,
            long upTo,
            Collection<CampaignDefinition> live) {
        List<Deferred> due = new ArrayList<>();
        memory.deferred.removeIf(
                d -> {
                    if (d.due <= upTo) {
                        due.add(d);
                        return true;
                    }
                    return false;
                });
        if (due.isEmpty()) {
            return List.of();
        }
        Map<String, CampaignDefinition> byId = new java.util.HashMap<>();
        live.forEach(c -> byId.put(c.id(), c));
        List<CampaignTrigger> triggers = new ArrayList<>();
        due.removeIf(
                d -> {
                    CampaignDefinition now = byId.get(d.campaign);
                    if (now != null && now.version() == d.version) {
                        return false;
                    }
                    if (d.offerCode != null) {
                        triggers.add(withdrawn(memory, subscriber, d));
                    }
                    return true;
                });
        due.sort(
                Comparator.comparingLong((Deferred d) -> d.due)
                        .thenComparing(
                                Comparator.comparingInt(
                                                (Deferred d) -> byId.get(d.campaign).priority())
                                        .reversed())
                        .thenComparing(d -> d.campaign));
        long moment = Long.MIN_VALUE;
        boolean delivered = false;
        for (Deferred d : due) {
            if (d.due != moment) {
                moment = d.due;
                delivered = false;
                // Sequence steps are left to the event path, which knows how far every input has
                // been read: trimmed here by the due time, a step of a topic read behind would go.
                forget(memory, moment, Long.MIN_VALUE, live);
            }
            CampaignDefinition campaign = byId.get(d.campaign);
            ZonedDateTime local = Instant.ofEpochMilli(moment).atZone(zoneOf(memory));
            ZonedDateTime delivery = deliveredAt(local);
            if (campaign.validOn(local.toLocalDate())
                    && !delivered
                    && !stale(moment)
                    && policy.quiet(campaign.offer().channel(), delivery)) {
                // The subscriber moved into quiet hours meanwhile (landed in another zone), or the
                // job reached the due time only in the next quiet hours: held again until they end
                // there. Not when it is stale by now: it is recorded so below, not sent a day on.
                d.due = policy.quietEnd(delivery).toInstant().toEpochMilli();
                memory.deferred.add(d);
                continue;
            }
            SuppressionReason reason;
            if (!campaign.validOn(local.toLocalDate())) {
                reason = SuppressionReason.QUIET_HOURS;
            } else if (delivered) {
                reason = SuppressionReason.OUTRANKED;
            } else {
                reason = policyReason(memory, campaign, moment);
                if (reason == null && stale(moment)) {
                    reason = SuppressionReason.STALE;
                }
            }
            CampaignTrigger trigger =
                    judged(memory, campaign, subscriber, d.eventId, d.triggeredAt, local, reason);
            triggers.add(trigger);
            delivered |= trigger.status() != Status.SUPPRESSED;
        }
        // Held again for a later end of quiet hours that is also due by now: judge it too.
        if (memory.deferred.stream().anyMatch(d -> d.due <= upTo)) {
            triggers.addAll(release(memory, subscriber, upTo, live));
        }
        return triggers;
    }

    /**
     * A held trigger whose campaign is gone, recorded with the offer it fired with, judged when it
     * fell due. Nothing is remembered of it: it was never a contact.
     */
    private CampaignTrigger withdrawn(CampaignMemory memory, String subscriber, Deferred d) {
        ZonedDateTime local = Instant.ofEpochMilli(d.due).atZone(zoneOf(memory));
        return new CampaignTrigger(
                CampaignTrigger.idOf(d.campaign, subscriber, d.eventId),
                d.campaign,
                d.version,
                subscriber,
                d.eventId,
                d.triggeredAt,
                d.due,
                isoSeconds(local),
                Status.SUPPRESSED,
                SuppressionReason.WITHDRAWN,
                d.offerCode,
                d.channel,
                null,
                d.priority);
    }

    /**
     * What a trigger's id is made of besides the campaign and the subscriber: the event for a
     * single-event trigger; for a sequence, the time of its last step. A sequence completes on
     * whichever of its steps is read last, and after a restore its topics may be read in another
     * order: the step that completes it then differs, the chain does not.
     */
    private static String firing(CampaignDefinition campaign, String eventId, long triggeredAt) {
        return campaign.trigger().isSequence() ? "sequence ending " + triggeredAt : eventId;
    }

    /**
     * The trigger of {@code campaign} on {@code eventId} judged at {@code local}: suppressed for
     * {@code reason}, or else sent or held out as control, and remembered accordingly.
     */
    private CampaignTrigger judged(
            CampaignMemory memory,
            CampaignDefinition campaign,
            String subscriber,
            String eventId,
            long triggeredAt,
            ZonedDateTime local,
            SuppressionReason reason) {
        long judgedAt = local.toInstant().toEpochMilli();
        Status status;
        if (reason != null) {
            status = Status.SUPPRESSED;
        } else if (ControlGroup.holdsOut(campaign.id(), subscriber, campaign.controlShare())) {
            status = Status.CONTROL;
        } else {
            status = Status.SENT;
        }
        CampaignTrigger trigger =
                new CampaignTrigger(
                        CampaignTrigger.idOf(
                                campaign.id(), subscriber, firing(campaign, eventId, triggeredAt)),
                        campaign.id(),
                        campaign.version(),
                        subscriber,
                        eventId,
                        triggeredAt,
                        judgedAt,
                        isoSeconds(local),
                        status,
                        reason,
                        campaign.offer().code(),
                        campaign.offer().channel(),
                        campaign.offer().message(),
                        campaign.priority());
        if (status != Status.SUPPRESSED) {
            memory.lastFired.put(campaign.id(), judgedAt);
            if (status == Status.SENT) {
                memory.contacts.add(new Contact(campaign.id(), judgedAt));
            }
            openForConversion(memory, campaign, trigger);
        }
        return trigger;
    }

    /** Records the subscriber's say on marketing; {@code null} forgets it. */
    public void onPreferences(CampaignMemory memory, ContactPreferences preferences) {
        memory.marketing = preferences == null ? null : preferences.marketing();
        memory.optedOutChannels.clear();
        if (preferences != null) {
            memory.optedOutChannels.addAll(preferences.optedOutChannels());
        }
    }

    // --- triggers ---

    /**
     * When {@code e} makes {@code campaign} fire: at {@code e}'s time for an event trigger; at its
     * last step's time for a sequence {@code e} completes (an earlier step may be the one read
     * last); {@link SequenceChain#NONE} when it does not fire.
     */
    private static long firedAt(
            CampaignDefinition campaign, CampaignMemory memory, CampaignEvent e, long readUpTo) {
        Trigger trigger = campaign.trigger();
        if (!trigger.isSequence()) {
            return matches(trigger.steps().get(0), memory, e) ? e.eventTime() : SequenceChain.NONE;
        }
        Progress progress = memory.progress.get(campaign.id());
        if (progress != null && progress.version != campaign.version()) {
            memory.progress.remove(campaign.id());
            progress = null;
        }
        long within = trigger.within().toMillis();
        boolean matched = false;
        for (int step = 0; step < trigger.steps().size(); step++) {
            if (matches(trigger.steps().get(step), memory, e)) {
                if (progress == null) {
                    progress = new Progress(campaign.version());
                    memory.progress.put(campaign.id(), progress);
                }
                progress.add(
                        new Seen(step, e.eventTime(), e.eventId().hashCode()), within, readUpTo);
                matched = true;
            }
        }
        if (!matched) {
            return SequenceChain.NONE;
        }
        // Judged after every match, so a chain is found on the arrival that completes it.
        long end = SequenceChain.end(progress.seen, trigger.steps().size(), within);
        if (end != SequenceChain.NONE) {
            // The chain's steps and those before it are spent; a step after it (a later trip,
            // read before this chain's late last step) may begin the next.
            progress.seen.removeIf(seen -> seen.time() <= end);
            if (progress.seen.isEmpty()) {
                memory.progress.remove(campaign.id());
            }
        }
        return end;
    }

    /** Whether {@code e} is {@code step}, judged against the memory as it was before {@code e}. */
    static boolean matches(Step step, CampaignMemory memory, CampaignEvent e) {
        Map<String, Double> p = step.parameters();
        return switch (step.event()) {
            case ROAMING_ENTRY ->
                    e.kind() == Kind.ROAMING_ENTRY
                            && (!p.containsKey("mcc")
                                    || (e.mcc() != null && e.mcc() == p.get("mcc").intValue()));
            case BALANCE_BELOW -> {
                // Crossing the threshold fires, staying below it does not.
                long threshold = Math.round(p.get("threshold_rub") * 100);
                yield e.balanceMinor() != null
                        && e.balanceMinor() < threshold
                        && (memory.balanceMinor == null || memory.balanceMinor >= threshold);
            }
            case PORT_OUT_REQUEST -> e.kind() == Kind.PORT_OUT_REQUEST;
            case NEW_DEVICE -> e.kind() == Kind.DEVICE_CHANGE;
            case TOP_UP ->
                    e.kind() == Kind.TOP_UP
                            && (!p.containsKey("min_rub")
                                    || (e.amountMinor() != null
                                            && e.amountMinor()
                                                    >= Math.round(p.get("min_rub") * 100)));
            case TOP_UP_AFTER_DORMANCY ->
                    // Dormant: no top-up, charge or purchase for the days; unknown is not dormant.
                    e.kind() == Kind.TOP_UP
                            && memory.lastBillingAt != null
                            && e.eventTime() - memory.lastBillingAt
                                    >= Math.round(p.get("dormant_days") * DAY);
            case PACKAGE_PURCHASE -> e.kind() == Kind.PACKAGE_PURCHASE;
            case BANK_PRODUCT_OPENED -> e.kind() == Kind.BANK_PRODUCT_OPENED;
        };
    }

    /** What the event tells of the subscriber's context, once triggers have read the old one. */
    private static void remember(CampaignMemory memory, CampaignEvent e) {
        if (e.balanceMinor() != null) {
            memory.balanceMinor = e.balanceMinor();
        }
        if (e.kind().isBillingActivity()
                && (memory.lastBillingAt == null || e.eventTime() > memory.lastBillingAt)) {
            memory.lastBillingAt = e.eventTime();
        }
        switch (e.kind()) {
            case ROAMING_ENTRY -> memory.roamingMcc = e.mcc();
            case ROAMING_EXIT -> memory.roamingMcc = null;
            case LOCATION_UPDATE -> {
                if (e.homeRegion() != null) {
                    memory.homeRegion = e.homeRegion();
                    memory.roamingMcc = null;
                }
            }
            default -> {}
        }
    }

    // --- eligibility and policy ---

    static boolean eligible(CampaignDefinition campaign, RealtimeScores snapshot) {
        for (Condition condition : campaign.eligibility()) {
            if (snapshot == null) {
                return false;
            }
            Double value =
                    switch (condition.subject()) {
                        case SCORE -> snapshot.scores().get(condition.name());
                        case FEATURE -> snapshot.features().get(condition.name());
                    };
            if (value == null) {
                return false;
            }
            boolean holds =
                    switch (condition.comparison()) {
                        case ABOVE -> value > condition.value();
                        case BELOW -> value < condition.value();
                        case EQUALS -> Math.abs(value - condition.value()) < 1e-9;
                    };
            if (!holds) {
                return false;
            }
        }
        return true;
    }

    private SuppressionReason policyReason(
            CampaignMemory memory, CampaignDefinition campaign, long at) {
        if (Boolean.FALSE.equals(memory.marketing)) {
            return SuppressionReason.OPTED_OUT;
        }
        if (policy.consentRequired() && !Boolean.TRUE.equals(memory.marketing)) {
            return SuppressionReason.NO_CONSENT;
        }
        if (memory.optedOutChannels.contains(campaign.offer().channel())) {
            return SuppressionReason.CHANNEL_OPTED_OUT;
        }
        Long last = memory.lastFired.get(campaign.id());
        if (last != null && at - last < campaign.cooldown().toMillis()) {
            return SuppressionReason.COOLDOWN;
        }
        int week = 0;
        int month = 0;
        for (Contact contact : memory.contacts) {
            long age = at - contact.at;
            if (age < ContactPolicy.MEMORY_MILLIS) {
                month++;
                if (age < WEEK) {
                    week++;
                }
            }
        }
        if (week >= policy.maxPerWeek()) {
            return SuppressionReason.WEEKLY_CAP;
        }
        if (month >= policy.maxPerMonth()) {
            return SuppressionReason.MONTHLY_CAP;
        }
        return null;
    }

    /**
     * {@code 2026-11-25T09:00:00+03:00}: ISO-8601 with the offset, to the second. Written by hand:
     * {@code DateTimeFormatter} was 7 % of the evaluation's time in a profile.
     */
    static String isoSeconds(ZonedDateTime t) {
        StringBuilder b = new StringBuilder(25);
        int year = t.getYear();
        if (year < 1000 || year > 9999) {
            return t.toOffsetDateTime().withNano(0).toString();
        }
        b.append(year).append('-');
        two(b, t.getMonthValue()).append('-');
        two(b, t.getDayOfMonth()).append('T');
        two(b, t.getHour()).append(':');
        two(b, t.getMinute()).append(':');
        two(b, t.getSecond());
        return b.append(t.getOffset().getId()).toString();
    }

    private static StringBuilder two(StringBuilder b, int value) {
        return b.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    // --- conversions ---

    private static void openForConversion(
            CampaignMemory memory, CampaignDefinition campaign, CampaignTrigger trigger) {
        Conversion conversion = campaign.conversion();
        if (conversion == null) {
            return;
        }
        OpenOffer offer = new OpenOffer();
        offer.triggerId = trigger.triggerId();
        offer.campaign = campaign.id();
        offer.version = campaign.version();
        offer.group = trigger.status();
        // The window runs from when the offer went out (or would have).
        offer.triggeredAt = trigger.judgedAt();
        offer.until = trigger.judgedAt() + conversion.within().toMillis();
        offer.conversion = conversion.event();
        offer.product = conversion.product();
        memory.open.add(offer);
    }

    private static List<CampaignOutcome> conversions(CampaignMemory memory, CampaignEvent e) {
        if (memory.open.isEmpty()) {
            return List.of();
        }
        List<CampaignOutcome> outcomes = new ArrayList<>();
        for (Iterator<OpenOffer> it = memory.open.iterator(); it.hasNext(); ) {
            OpenOffer offer = it.next();
            if (e.eventTime() <= offer.triggeredAt || e.eventTime() > offer.until) {
                continue;
            }
            if (converts(offer, e)) {
                it.remove();
                outcomes.add(
                        new CampaignOutcome(
                                offer.triggerId,
                                offer.campaign,
                                offer.version,
                                e.subscriber(),
                                offer.group,
                                offer.triggeredAt,
                                e.eventTime(),
                                e.eventId(),
                                offer.conversion.key()));
            }
        }
        return outcomes;
    }

    private static boolean converts(OpenOffer offer, CampaignEvent e) {
        Kind wanted =
                switch (offer.conversion) {
                    case PACKAGE_PURCHASE -> Kind.PACKAGE_PURCHASE;
                    case BANK_PRODUCT_OPENED -> Kind.BANK_PRODUCT_OPENED;
                    case TOP_UP -> Kind.TOP_UP;
                };
        return e.kind() == wanted && (offer.product == null || offer.product.equals(e.product()));
    }

    // --- forgetting ---

    /**
     * Drops what can no longer matter at {@code now}: contacts past the monthly cap's reach,
     * cooldowns past the longest, closed conversion windows, the progress of campaigns deleted or
     * changed, and sequence steps too long before {@code stepsAt} to be part of a sequence ending
     * then or later ({@link Long#MIN_VALUE}: none).
     */
    static void forget(
            CampaignMemory memory, long now, long stepsAt, Collection<CampaignDefinition> live) {
        memory.contacts.removeIf(c -> now - c.at >= ContactPolicy.MEMORY_MILLIS);
        memory.lastFired.values().removeIf(at -> now - at >= LONGEST_COOLDOWN);
        memory.open.removeIf(o -> now > o.until);
        if (!memory.progress.isEmpty()) {
            memory.progress
                    .entrySet()
                    .removeIf(
                            entry -> {
                                CampaignDefinition campaign = liveVersion(live, entry);
                                if (campaign == null) {
                                    return true;
                                }
                                // Steps too old to begin or end a chain with an event of now
                                // or of any input not read up to now.
                                long horizon =
                                        Progress.horizon(
                                                stepsAt, campaign.trigger().within().toMillis());
                                entry.getValue().seen.removeIf(seen -> seen.time() < horizon);
                                return entry.getValue().seen.isEmpty();
                            });
        }
    }

    private static CampaignDefinition liveVersion(
            Collection<CampaignDefinition> live, Map.Entry<String, Progress> progress) {
        for (CampaignDefinition campaign : live) {
            if (campaign.id().equals(progress.getKey())
                    && campaign.version() == progress.getValue().version
                    && campaign.trigger().isSequence()) {
                return campaign;
            }
        }
        return null;
    }

    /** The zone the subscriber's local time is read in now. */
    public ZoneId zoneOf(CampaignMemory memory) {
        return LocalZones.of(memory.homeRegion, memory.roamingMcc, policy.defaultZone());
    }
}
