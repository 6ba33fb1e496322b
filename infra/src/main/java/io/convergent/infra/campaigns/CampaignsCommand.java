package io.convergent.infra.campaigns;

import io.convergent.common.campaigns.CampaignDefinition;
import io.convergent.common.campaigns.CampaignDefinition.OfferChannel;
import io.convergent.common.campaigns.CampaignDefinitions;
import io.convergent.common.campaigns.ContactPreferences;
import io.convergent.common.campaigns.InvalidCampaignException;
import io.convergent.common.campaigns.SubscriberNumbers;
import io.convergent.common.cli.InlineValues;
import io.convergent.common.event.PayloadScrubber;
import io.convergent.common.identity.IdentifierKind;
import io.convergent.common.identity.InvalidIdentifierException;
import io.convergent.common.identity.Pseudonymiser;
import io.convergent.common.immunity.PublishedRules;
import io.convergent.common.models.InvalidModelSpecException;
import io.convergent.common.models.ModelSpec;
import io.convergent.common.models.ModelSpecs;
import io.convergent.common.numbering.NumberingPlan;
import io.convergent.common.topic.Topics;
import io.convergent.infra.cli.Help;
import io.convergent.infra.kafka.BrokerCheck;
import io.convergent.infra.launcher.DataDirectory;
import io.convergent.infra.models.ModelDirectory;
import io.convergent.streaming.runtime.ControlTopics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code bin/convergent campaigns}: campaign definitions on {@code control.campaigns} (compacted,
 * key = campaign id), where the campaign job takes them from without a restart.
 *
 * <pre>
 * campaigns apply FILE... [--models DIR] [--allow-ended] [--bootstrap HOST:PORT]
 *                                                    validate, then publish each
 * campaigns list [--bootstrap HOST:PORT]            what is published, and what is live today;
 *                                                    records that do not read, by key
 * campaigns delete ID [--bootstrap HOST:PORT]       a tombstone: the campaign stops, or the
 *                                                    record under that key that does not read goes
 * campaigns opt-out (--msisdn N | --subscriber ID) [--channel CH]... [--data-dir DIR]
 *                                                    no marketing at all, or not on CH
 * campaigns opt-in (--msisdn N | --subscriber ID) [--data-dir DIR]
 *                                                    consent to marketing, every channel
 * </pre>
 *
 * Contact preferences go to {@code control.contact-preferences} keyed by the subscriber's
 * pseudonym; a raw number given with {@code --msisdn} is pseudonymised here with the platform's key
 * (from the environment, or {@code DIR/secrets}; default {@code var}) and never sent or printed.
 * Preferences for a number no subscriber of ours can have (another country's, a fixed line, an
 * unallocated range, by the numbering plan in force: the latest usable one on {@code
 * control.immunity}, else the shipped one) are refused, as they would never apply; for another
 * domestic mobile operator's range they are written with a warning, since only a subscriber who
 * brought the number with them has one ({@link SubscriberNumbers}).
 *
 * <p>A definition that fails validation is refused with its message and nothing is published, not
 * even the valid files given with it. Besides what {@link CampaignDefinitions} checks, {@code
 * apply} refuses a score of a model that has no specification in the models directory (the one
 * {@code models train} and {@code batch run} train from; {@code --models DIR} names another): no
 * score of it would ever come, so the campaign could never fire. When there are no specifications
 * to go by, it says so and does not check the model names. It refuses a definition whose validity
 * ended everywhere ({@link CampaignDefinitions#requireNotEnded}): it would never fire on live
 * events; {@code --allow-ended} publishes it anyway, for a history replayed from before its end
 * (the job judges validity in event time). Exit codes: 0 done, 1 refused or failed, 2 usage.
 */
public final class CampaignsCommand {

    static final String USAGE =
            "Usage: convergent campaigns apply FILE... [--models DIR] [--allow-ended] | list"
                    + " | delete ID"
                    + " | opt-out (--msisdn N | --subscriber ID) [--channel CH]..."
                    + " | opt-in (--msisdn N | --subscriber ID)"
                    + "  [--bootstrap HOST:PORT] [--data-dir DIR]";

    private CampaignsCommand() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        args = InlineValues.split(args);
        if (Help.asked(args)) {
            out.println(USAGE);
            return 0;
        }
        List<String> rest = new ArrayList<>();
        Map<String, List<String>> flags = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (SWITCHES.contains(args[i])) {
                flags.computeIfAbsent(args[i], k -> new ArrayList<>()).add("");
            } else if (VALUED_FLAGS.contains(args[i])) {
                if (i + 1 >= args.length) {
                    err.println("campaigns: " + args[i] + " needs a value");
                    return 2;
                }
                flags.computeIfAbsent(args[i], k -> new ArrayList<>()).add(args[++i]);
            } else if (args[i].startsWith("--")) {
                err.println("campaigns: unknown option " + args[i]);
                err.println(USAGE);
                return 2;
            } else {
                rest.add(args[i]);
            }
        }
        String bootstrap = last(flags, "--bootstrap", "localhost:9092");
        if (rest.isEmpty()) {
            err.println(USAGE);
            return 2;
        }
        if (!OPTIONS.containsKey(rest.get(0))) {
            // A usage error whether or not a broker answers.
            err.println("campaigns: unknown subcommand '" + rest.get(0) + "'");
            err.println(USAGE);
            return 2;
        }
        for (Map.Entry<String, List<String>> flag : flags.entrySet()) {
            if (!OPTIONS.get(rest.get(0)).contains(flag.getKey())) {
                // Silently ignored, it would leave the user thinking it did something.
                err.println("campaigns: " + flag.getKey() + " is not an option of " + rest.get(0));
                err.println(USAGE);
                return 2;
            }
            if (flag.getValue().size() > 1 && !flag.getKey().equals("--channel")) {
                err.println("campaigns: " + flag.getKey() + " is given more than once");
                return 2;
            }
        }
        // The definitions of an apply are checked first; every other subcommand starts at Kafka.
        if (!rest.get(0).equals("apply") && !brokerAnswers(bootstrap, err)) {
            return 1;
        }
        try {
            switch (rest.get(0)) {
                case "apply":
                    return apply(
                            rest.subList(1, rest.size()),
                            last(flags, "--models", null),
                            flags.containsKey("--allow-ended"),
                            bootstrap,
                            out,
                            err);
                case "list":
                    return list(bootstrap, out);
                case "delete":
                    if (rest.size() != 2) {
                        err.println("campaigns: delete takes one campaign id");
                        return 2;
                    }
                    return delete(rest.get(1), bootstrap, out, err);
                case "opt-out", "opt-in":
                    if (rest.size() != 1) {
                        err.println("campaigns: " + rest.get(0) + " takes no arguments but flags");
                        return 2;
                    }
                    return preferences(rest.get(0).equals("opt-in"), flags, bootstrap, out, err);
                default:
                    err.println("campaigns: unknown subcommand '" + rest.get(0) + "'");
                    err.println(USAGE);
                    return 2;
            }
        } catch (IOException | ExecutionException | RuntimeException e) {
            err.println("campaigns: failed: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** Whether a broker answers at {@code bootstrap}; if not, says so on {@code err}. */
    private static boolean brokerAnswers(String bootstrap, PrintStream err) {
        Optional<String> noBroker = BrokerCheck.problem(bootstrap, BrokerCheck.TIMEOUT);
        noBroker.ifPresent(problem -> err.println("campaigns: " + problem));
        return noBroker.isEmpty();
    }

    private static final Set<String> PREFERENCE_OPTIONS =
            Set.of("--bootstrap", "--msisdn", "--subscriber", "--channel", "--data-dir");

    /** The options each subcommand takes. */
    private static final Map<String, Set<String>> OPTIONS =
            Map.of(
                    "apply", Set.of("--bootstrap", "--models", "--allow-ended"),
                    "list", Set.of("--bootstrap"),
                    "delete", Set.of("--bootstrap"),
                    "opt-out", PREFERENCE_OPTIONS,
                    "opt-in", PREFERENCE_OPTIONS);

    /** Flags without a value. */
    private static final Set<String> SWITCHES = Set.of("--allow-ended");

    private static final Set<String> VALUED_FLAGS =
            Set.of(
                    "--bootstrap",
                    "--msisdn",
                    "--subscriber",
                    "--channel",
                    "--data-dir",
                    "--models");

    private static String last(Map<String, List<String>> flags, String flag, String fallback) {
        List<String> values = flags.get(flag);
        return values == null ? fallback : values.get(values.size() - 1);
    }

    private static int preferences(
            boolean optIn,
            Map<String, List<String>> flags,
            String bootstrap,
            PrintStream out,
            PrintStream err)
            throws ExecutionException, InterruptedException {
        String msisdn = last(flags, "--msisdn", null);
        String subscriber = last(flags, "--subscriber", null);
        if ((msisdn == null) == (subscriber == null)) {
            err.println("campaigns: give either --msisdn or --subscriber");
            return 2;
        }
        EnumSet<OfferChannel> channels = EnumSet.noneOf(OfferChannel.class);
        for (String channel : flags.getOrDefault("--channel", List.of())) {
            try {
                channels.add(OfferChannel.valueOf(channel.toUpperCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                err.println(
                        "campaigns: --channel '"
                                + channel
                                + "' is not one of push, sms, email, call_centre");
                return 2;
            }
        }
        if (optIn && !channels.isEmpty()) {
            err.println("campaigns: opt-in is for every channel; --channel is for opt-out");
            return 2;
        }
        if (subscriber == null) {
            Path keys =
                    new DataDirectory(Path.of(last(flags, "--data-dir", "var"))).pseudonymKeys();
            Pseudonymiser pseudonymiser = Pseudonymiser.load(System.getenv(), keys);
            String e164 = pseudonymiser.identifiers().canonical(IdentifierKind.MSISDN, msisdn);
            if (e164 == null) {
                // The message could quote the number: name the problem only.
                err.println("campaigns: --msisdn is not a valid phone number");
                return 2;
            }
            if (!acceptedNumber(msisdn, e164, bootstrap, err)) {
                return 1;
            }
            try {
                subscriber = pseudonymiser.pseudonymise(IdentifierKind.MSISDN, e164);
            } catch (InvalidIdentifierException e) {
                err.println("campaigns: --msisdn is not a valid phone number");
                return 2;
            }
        } else if (!Pseudonymiser.isPseudonym(subscriber)) {
            err.println(
                    "campaigns: --subscriber is not a pseudonym (k1.…); use --msisdn for a number");
            return 2;
        }
        ContactPreferences preferences =
                ContactPreferences.after(
                        latestPreferences(bootstrap, subscriber),
                        subscriber,
                        optIn,
                        channels,
                        System.currentTimeMillis());
        sendTo(bootstrap, Topics.CONTROL_CONTACT_PREFERENCES, subscriber, preferences.toJson());
        out.println(
                (optIn ? "opted in " : "opted out ")
                        + subscriber
                        + (channels.isEmpty() ? "" : " of " + channels));
        return 0;
    }

    /**
     * Whether preferences for {@code e164} ({@code raw} as given) are written: refused, said on
     * {@code err}, when no subscriber of ours can have the number; written with a warning when only
     * one who ported it in can. Messages show the number masked, as the platform masks numbers in
     * free text: its shape and nothing else.
     */
    private static boolean acceptedNumber(
            String raw, String e164, String bootstrap, PrintStream err) {
        PlanInForce plan = planInForce(bootstrap);
        SubscriberNumbers.Judgement judgement = SubscriberNumbers.judge(plan.plan(), e164);
        String said =
                "--msisdn "
                        + PayloadScrubber.redactDigits(raw.trim())
                        + " is "
                        + judgement.explanation()
                        + " (numbering plan: "
                        + plan.source()
                        + ")";
        return switch (judgement.fit()) {
            case NEVER -> {
                err.println("campaigns: refused: " + said + "; nothing written");
                yield false;
            }
            case IF_PORTED_IN, IF_PLAN_IS_BEHIND -> {
                err.println("campaigns: warning: " + said + "; written");
                yield true;
            }
            case OURS -> true;
        };
    }

    /** The numbering plan the platform decides by, and where it comes from. */
    private record PlanInForce(NumberingPlan plan, String source) {}

    /**
     * The plan of the immunity rules in force: as the immunity job takes them, the usable document
     * of the highest version on {@code control.immunity}, else the shipped rules.
     */
    private static PlanInForce planInForce(String bootstrap) {
        PublishedRules rules = new PublishedRules();
        for (ConsumerRecord<byte[], byte[]> record :
                ControlTopics.readAll(bootstrap, Topics.CONTROL_IMMUNITY)) {
            // An unusable document is refused here as the immunity job refuses it.
            rules.offer(record.value());
        }
        return rules.published()
                .map(
                        inForce ->
                                new PlanInForce(
                                        inForce.numberingPlan(),
                                        Topics.CONTROL_IMMUNITY + " version " + inForce.version()))
                .orElseGet(
                        () ->
                                new PlanInForce(
                                        NumberingPlan.standard(),
                                        "the shipped one; none published on "
                                                + Topics.CONTROL_IMMUNITY));
    }

    /**
     * Publishes every definition in {@code directory} ({@code *.yaml}, {@code *.yml}, {@code
     * *.json}) when nothing was ever published on {@code control.campaigns}: a first {@code up}
     * starts with examples, and a later one leaves what users applied or deleted alone. "Ever" is
     * told by the topic's end offsets, not by what it holds: once compaction has removed the
     * tombstones of campaigns a user deleted, the topic is empty, and the examples must not come
     * back.
     *
     * @return the ids applied; empty when some were already published or the directory has none
     * @throws InvalidCampaignException if an example is invalid (nothing is then published)
     */
    public static List<String> applyIfNonePublished(String bootstrap, Path directory)
            throws IOException, ExecutionException, InterruptedException {
        return applyIfNonePublished(bootstrap, directory, Topics.CONTROL_CAMPAIGNS);
    }

    /** As {@link #applyIfNonePublished(String, Path)}, onto {@code topic}. */
    static List<String> applyIfNonePublished(String bootstrap, Path directory, String topic)
            throws IOException, ExecutionException, InterruptedException {
        if (!Files.isDirectory(directory) || everPublished(bootstrap, topic)) {
            return List.of();
        }
        List<CampaignDefinition> examples = new ArrayList<>();
        try (var files = Files.list(directory)) {
            for (Path file :
                    files.filter(f -> f.getFileName().toString().matches(".*\\.(ya?ml|json)"))
                            .sorted()
                            .toList()) {
                examples.add(CampaignDefinitions.parse(Files.readString(file), file.toString()));
            }
        }
        List<String> ids = new ArrayList<>();
        for (CampaignDefinition c : examples) {
            sendTo(bootstrap, topic, c.id(), CampaignDefinitions.toJson(c));
            ids.add(c.id());
        }
        return ids;
    }

    private static int apply(
            List<String> files,
            String modelsOption,
            boolean allowEnded,
            String bootstrap,
            PrintStream out,
            PrintStream err)
            throws IOException, ExecutionException, InterruptedException {
        if (files.isEmpty()) {
            err.println("campaigns: apply needs at least one definition file");
            return 2;
        }
        Path modelsDirectory = ModelDirectory.resolve(modelsOption);
        if (modelsOption != null && !Files.isDirectory(modelsDirectory)) {
            err.println("campaigns: --models " + modelsOption + ": no such directory");
            return 2;
        }
        Set<String> knownModels = knownModels(modelsDirectory, err);
        Instant now = Instant.now();
        List<CampaignDefinition> valid = new ArrayList<>();
        for (String file : files) {
            Path path = Path.of(file);
            if (!Files.isRegularFile(path)) {
                err.println("campaigns: " + file + ": no such file");
                return 1;
            }
            try {
                CampaignDefinition c = CampaignDefinitions.parse(Files.readString(path), file);
                if (knownModels != null) {
                    try {
                        CampaignDefinitions.requireKnownModels(c, knownModels, file);
                    } catch (InvalidCampaignException e) {
                        err.println(
                                "campaigns: refused: "
                                        + e.getMessage()
                                        + " (the specifications in "
                                        + modelsDirectory
                                        + "; --models DIR names another directory)");
                        return 1;
                    }
                }
                if (!allowEnded) {
                    try {
                        CampaignDefinitions.requireNotEnded(c, now, file);
                    } catch (InvalidCampaignException e) {
                        err.println(
                                "campaigns: refused: "
                                        + e.getMessage()
                                        + "; --allow-ended publishes it for a history replayed"
                                        + " from before then");
                        return 1;
                    }
                }
                valid.add(c);
            } catch (InvalidCampaignException e) {
                err.println("campaigns: refused: " + e.getMessage());
                return 1;
            }
        }
        if (!brokerAnswers(bootstrap, err)) {
            return 1;
        }
        // What is published decides what takes effect: the job keeps a higher version in force,
        // and refuses another definition under the version in force. Said here, before anything
        // is sent, rather than logged by the job while this command reports success.
        PublishedCampaigns onTopic = published(bootstrap);
        Map<String, CampaignDefinition> published = onTopic.inForce();
        List<CampaignDefinition> changed = new ArrayList<>();
        List<CampaignDefinition> shadowed = new ArrayList<>();
        for (int i = 0; i < valid.size(); i++) {
            CampaignDefinition c = valid.get(i);
            CampaignDefinition before = published.get(c.id());
            if (before == null || before.version() < c.version()) {
                changed.add(c);
            } else if (before.version() == c.version()
                    && java.util.Arrays.equals(
                            CampaignDefinitions.toJson(before), CampaignDefinitions.toJson(c))) {
                if (onTopic.unreadable().containsKey(c.id())) {
                    // A later record under its key does not read: the job keeps this version,
                    // but compaction keeps only the latest record of a key, and a job started
                    // afresh would then find no campaign. Sent again, it is the latest.
                    shadowed.add(c);
                } else {
                    out.println("unchanged " + c.id() + " v" + c.version());
                }
            } else {
                err.println(
                        "campaigns: refused: "
                                + files.get(i)
                                + ": version: "
                                + c.version()
                                + (before.version() == c.version()
                                        ? " is already published with another definition"
                                        : " is not above the published version " + before.version())
                                + "; a change takes effect with a higher version");
                return 1;
            }
        }
        for (CampaignDefinition c : shadowed) {
            send(bootstrap, c.id(), CampaignDefinitions.toJson(c));
            out.println(
                    "re-applied "
                            + c.id()
                            + " v"
                            + c.version()
                            + " (a later record under its key did not read; compaction would have"
                            + " kept only that one)");
        }
        for (CampaignDefinition c : changed) {
            send(bootstrap, c.id(), CampaignDefinitions.toJson(c));
            out.println(
                    "applied "
                            + c.id()
                            + " v"
                            + c.version()
                            + (c.endedBy(now)
                                    ? " (ended on "
                                            + c.validTo()
                                            + ": it fires only on events from before then)"
                                    : ""));
        }
        return 0;
    }

    /**
     * The names of the models specified in {@code directory}, the models the platform trains and
     * scores; {@code null}, said on {@code err}, when they cannot be told (no directory, no
     * specification, one that does not read): model names then go unchecked rather than refused.
     */
    private static Set<String> knownModels(Path directory, PrintStream err) {
        String unchecked = "campaigns: warning: model names not checked: ";
        if (!Files.isDirectory(directory)) {
            err.println(
                    unchecked
                            + "no model specifications at "
                            + directory.toAbsolutePath()
                            + " (--models DIR names them)");
            return null;
        }
        List<ModelSpec> specs;
        try {
            specs = ModelSpecs.loadDirectory(directory);
        } catch (InvalidModelSpecException e) {
            err.println(unchecked + e.getMessage());
            return null;
        }
        if (specs.isEmpty()) {
            err.println(unchecked + "no model specification (*.yaml) in " + directory);
            return null;
        }
        Set<String> names = new TreeSet<>();
        specs.forEach(spec -> names.add(spec.name()));
        return names;
    }

    /**
     * What {@code control.campaigns} holds, record by record as the campaign job takes them: by key
     * (the campaign id), the definition in force, and the latest record when it does not read. The
     * job refuses such a record and keeps the definition before it; a record a user wrote by hand,
     * whose value is not a definition or whose key is not the id it holds, is one. Its key is what
     * a tombstone must carry to remove it, so it is kept as it came, bytes and all.
     */
    static final class PublishedCampaigns {

        /** A record the job refuses, the latest under its key. */
        record Unreadable(byte[] key, int partition, long offset, String reason) {}

        /** What names a record in a refusal from {@link CampaignDefinitions#fromJson}. */
        private static final String SOURCE = "record";

        private final Map<String, CampaignDefinition> inForce = new TreeMap<>();
        private final Map<String, Unreadable> unreadable = new TreeMap<>();
        private final Map<String, byte[]> keys = new TreeMap<>();

        /** Takes the next record of a partition, in offset order. */
        void add(byte[] key, byte[] value, int partition, long offset) {
            if (key == null) {
                // A compacted topic refuses a record without a key; the job skips one too.
                return;
            }
            // The job's campaign id: the key as UTF-8, as CampaignControlDeserializer reads it.
            String id = new String(key, StandardCharsets.UTF_8);
            if (value == null) {
                inForce.remove(id);
                unreadable.remove(id);
                keys.remove(id);
                return;
            }
            keys.put(id, key);
            CampaignDefinition definition;
            try {
                definition = CampaignDefinitions.fromJson(value, SOURCE);
            } catch (InvalidCampaignException e) {
                String reason = e.getMessage();
                if (reason.startsWith(SOURCE + ": ")) {
                    reason = reason.substring(SOURCE.length() + 2);
                }
                // A value written by hand may hold anything, a number among it.
                unreadable.put(
                        id,
                        new Unreadable(
                                key, partition, offset, PayloadScrubber.redactDigits(reason)));
                return;
            }
            if (!definition.id().equals(id)) {
                unreadable.put(
                        id,
                        new Unreadable(
                                key,
                                partition,
                                offset,
                                "holds campaign '"
                                        + definition.id()
                                        + "', and a definition is taken only under its own id"));
                return;
            }
            unreadable.remove(id);
            // As the job (CampaignEvaluator): an older version, or the same one again, leaves the
            // version in force as it is.
            CampaignDefinition current = inForce.get(id);
            if (current == null || current.version() < definition.version()) {
                inForce.put(id, definition);
            }
        }

        /** The definitions in force, by id. */
        Map<String, CampaignDefinition> inForce() {
            return inForce;
        }

        /** The records that do not read, by campaign id, each the latest under its key. */
        Map<String, Unreadable> unreadable() {
            return unreadable;
        }

        /**
         * The key of the record {@code given} names: a campaign in force or a record that does not
         * read, by its id, as {@link #typed} writes its key, or, for a record that does not read,
         * by its {@link #reference}; {@code null} when none.
         */
        byte[] keyOf(String given) {
            // A reference first: a key written by hand may itself look like one.
            for (Unreadable record : unreadable.values()) {
                if (reference(record).equals(given)) {
                    return record.key();
                }
            }
            if (keys.containsKey(given)) {
                return keys.get(given);
            }
            for (byte[] key : keys.values()) {
                if (typed(key).equals(given)) {
                    return key;
                }
            }
            return null;
        }

        /**
         * Where a record that does not read is, as {@code campaigns delete} takes it:
         * {@code @PARTITION:OFFSET}. Its key may not be shown whole ({@link #shown}), and this
         * needs no typing of it.
         */
        static String reference(Unreadable record) {
            return "@" + record.partition() + ":" + record.offset();
        }

        /**
         * A key as the terminal shows it: {@link #typed}, with every number-like run of five or
         * more digits masked, as the platform masks free text. A key written by hand may be a phone
         * number; such a record is deleted by its {@link #reference}.
         */
        static String shown(byte[] key) {
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(key)).toString();
            } catch (CharacterCodingException e) {
                return typed(key).replaceAll("\\p{Nd}", "#");
            }
            // Masked before it is escaped: an escape such as \x20 would split or join the runs
            // of digits the mask looks for (a number spaced with no-break spaces kept every digit).
            return typed(PayloadScrubber.redactDigits(text).getBytes(StandardCharsets.UTF_8));
        }

        /**
         * A key as a user can type it: as it is when it is UTF-8 of visible characters, anything
         * else escaped, a space, a backslash or a quote included, so a trailing space or newline
         * shows: a byte or a character up to U+00FF as {@code \x} and two hex digits, any other as
         * a backslash, {@code u} and four.
         */
        static String typed(byte[] key) {
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(key)).toString();
            } catch (CharacterCodingException e) {
                StringBuilder bytes = new StringBuilder();
                for (byte b : key) {
                    int c = b & 0xFF;
                    if (c > 0x20 && c < 0x7F && c != '\\' && c != '\'') {
                        bytes.append((char) c);
                    } else {
                        bytes.append(String.format("\\x%02X", c));
                    }
                }
                return bytes.toString();
            }
            StringBuilder out = new StringBuilder();
            text.codePoints()
                    .forEach(
                            c -> {
                                boolean visible =
                                        !Character.isWhitespace(c)
                                                && !Character.isSpaceChar(c)
                                                && !Character.isISOControl(c)
                                                && Character.isDefined(c)
                                                && Character.getType(c) != Character.FORMAT
                                                && Character.getType(c) != Character.PRIVATE_USE
                                                && c != '\\'
                                                && c != '\'';
                                if (visible) {
                                    out.appendCodePoint(c);
                                } else if (c <= 0xFF) {
                                    out.append(String.format("\\x%02X", c));
                                } else {
                                    for (char unit : Character.toChars(c)) {
                                        out.append(String.format("\\u%04X", (int) unit));
                                    }
                                }
                            });
            return out.toString();
        }
    }

    private static PublishedCampaigns published(String bootstrap) {
        PublishedCampaigns published = new PublishedCampaigns();
        for (ConsumerRecord<byte[], byte[]> record :
                ControlTopics.readAll(bootstrap, Topics.CONTROL_CAMPAIGNS)) {
            published.add(record.key(), record.value(), record.partition(), record.offset());
        }
        return published;
    }

    private static int list(String bootstrap, PrintStream out) {
        PublishedCampaigns published = published(bootstrap);
        Map<String, CampaignDefinition> live = published.inForce();
        Instant now = Instant.now();
        out.printf(
                "%-28s %4s %-8s %-24s %-23s %s%n",
                "id", "ver", "state", "trigger", "valid", "offer");
        for (CampaignDefinition c : live.values()) {
            // Campaigns run on each subscriber's local date, at home or roaming: a campaign is
            // live while it is in its dates anywhere, from UTC-12 to UTC+14.
            String state = c.pendingAt(now) ? "pending" : c.endedBy(now) ? "ended" : "live";
            String trigger =
                    String.join(
                            " then ",
                            c.trigger().steps().stream().map(s -> s.event().key()).toList());
            out.printf(
                    "%-28s %4d %-8s %-24s %-23s %s/%s%n",
                    c.id(),
                    c.version(),
                    state,
                    trigger,
                    c.validFrom() + ".." + c.validTo(),
                    c.offer().code(),
                    c.offer().channel().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (!published.unreadable().isEmpty()) {
            out.println(
                    "records that do not read, refused by the campaign job"
                            + " (`campaigns delete KEY` or `campaigns delete @PARTITION:OFFSET`"
                            + " removes one):");
            for (Map.Entry<String, PublishedCampaigns.Unreadable> entry :
                    published.unreadable().entrySet()) {
                PublishedCampaigns.Unreadable record = entry.getValue();
                CampaignDefinition before = live.get(entry.getKey());
                out.println(
                        "  key '"
                                + PublishedCampaigns.shown(record.key())
                                + "' ("
                                + Topics.CONTROL_CAMPAIGNS
                                + " partition "
                                + record.partition()
                                + ", offset "
                                + record.offset()
                                + ", "
                                + PublishedCampaigns.reference(record)
                                + "): "
                                + record.reason()
                                + (before == null
                                        ? ""
                                        : "; version "
                                                + before.version()
                                                + " stays in force until the topic's compaction"
                                                + " keeps only this record (`campaigns apply` its"
                                                + " file again to keep it)"));
            }
        }
        out.println("(" + live.size() + " published)");
        return 0;
    }

    /**
     * A tombstone for the key {@code given} names: a published campaign stops, a record that does
     * not read goes (both, when a campaign in force has a later record that does not read).
     */
    private static int delete(String given, String bootstrap, PrintStream out, PrintStream err)
            throws ExecutionException, InterruptedException {
        PublishedCampaigns published = published(bootstrap);
        byte[] key = published.keyOf(given);
        if (key == null) {
            List<String> unreadable = new ArrayList<>();
            published
                    .unreadable()
                    .values()
                    .forEach(
                            u ->
                                    unreadable.add(
                                            "'"
                                                    + PublishedCampaigns.shown(u.key())
                                                    + "' ("
                                                    + PublishedCampaigns.reference(u)
                                                    + ")"));
            err.println(
                    "campaigns: no published campaign '"
                            + given
                            + "' (published: "
                            + (published.inForce().isEmpty()
                                    ? "none"
                                    : String.join(", ", published.inForce().keySet()))
                            + (unreadable.isEmpty()
                                    ? ""
                                    : "; records that do not read, by key: "
                                            + String.join(", ", unreadable))
                            + ")");
            return 1;
        }
        sendTo(bootstrap, Topics.CONTROL_CAMPAIGNS, key, null);
        String id = new String(key, StandardCharsets.UTF_8);
        out.println(
                "deleted "
                        + PublishedCampaigns.shown(key)
                        + (published.inForce().containsKey(id)
                                ? ""
                                : " (a record that did not read; no campaign stopped)"));
        return 0;
    }

    private static void send(String bootstrap, String id, byte[] value)
            throws ExecutionException, InterruptedException {
        sendTo(bootstrap, Topics.CONTROL_CAMPAIGNS, id, value);
    }

    private static void sendTo(String bootstrap, String topic, String key, byte[] value)
            throws ExecutionException, InterruptedException {
        sendTo(bootstrap, topic, key.getBytes(StandardCharsets.UTF_8), value);
    }

    private static void sendTo(String bootstrap, String topic, byte[] key, byte[] value)
            throws ExecutionException, InterruptedException {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(40, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("no answer from Kafka at " + bootstrap, e);
        }
    }

    /**
     * The subscriber's latest preferences record, or {@code null} (none, or forgotten). Reads only
     * the partition the key is produced to (Kafka's default partitioner, as {@link #sendTo} sends),
     * record by record: the topic holds one record per subscriber who ever said anything.
     */
    private static ContactPreferences latestPreferences(String bootstrap, String subscriber) {
        byte[] key = subscriber.getBytes(StandardCharsets.UTF_8);
        ContactPreferences latest = null;
        try (KafkaConsumer<byte[], byte[]> consumer = ControlTopics.reader(bootstrap)) {
            int partitions =
                    consumer.partitionsFor(
                                    Topics.CONTROL_CONTACT_PREFERENCES, Duration.ofSeconds(30))
                            .size();
            if (partitions == 0) {
                throw new IllegalStateException(
                        "the broker has no topic "
                                + Topics.CONTROL_CONTACT_PREFERENCES
                                + " (`convergent up` creates it)");
            }
            TopicPartition partition =
                    new TopicPartition(
                            Topics.CONTROL_CONTACT_PREFERENCES,
                            org.apache.kafka.common.utils.Utils.toPositive(
                                            org.apache.kafka.common.utils.Utils.murmur2(key))
                                    % partitions);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (consumer.position(partition) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "could not read " + Topics.CONTROL_CONTACT_PREFERENCES + " to its end");
                }
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() == null || !java.util.Arrays.equals(record.key(), key)) {
                        continue;
                    }
                    try {
                        latest =
                                record.value() == null
                                        ? null
                                        : ContactPreferences.fromJson(record.value());
                    } catch (RuntimeException e) {
                        // The job refuses it too (dead-lettered): it holds the record before.
                    }
                }
            }
        }
        return latest;
    }

    /** A consumer outside any group that reads topics as they are, from where it is told. */
    /** Whether any record was ever written to {@code topic}, compacted away or not. */
    private static boolean everPublished(String bootstrap, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = ControlTopics.reader(bootstrap)) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                            .map(i -> new TopicPartition(i.topic(), i.partition()))
                            .toList();
            return consumer.endOffsets(partitions).values().stream().anyMatch(end -> end > 0);
        }
    }
}
