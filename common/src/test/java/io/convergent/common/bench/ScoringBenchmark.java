package io.convergent.common.bench;

import io.convergent.common.features.FeatureCatalog;
import io.convergent.common.models.ScoringModel;
import io.convergent.common.models.SyntheticModels;
import io.convergent.common.models.TreeEnsemble;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scoring one subscriber with every model, as serving does for a scores answer it has not cached
 * and the batch layer does for each subscriber: 24 models shaped like the trained ones ({@link
 * SyntheticModels}: 80 trees of depth 4 over 20 features) over catalog vectors that vary from one
 * call to the next, a tenth of their values missing.
 *
 * <p>Run: {@code bin/convergent bench scoring} (JMH, one thread = one core).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ScoringBenchmark {

    /** 24 as in bench serving; more to see what a working set past the L2 cache costs. */
    @Param({"24", "96"})
    public int models;

    private static final int VECTORS = 4096;

    private final List<ScoringModel> scorers = new ArrayList<>();
    private final List<ArrayPerFieldTrees> arrayPerField = new ArrayList<>();
    private final List<int[]> catalogIndexes = new ArrayList<>();
    private final double[][] vectors = new double[VECTORS][];
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        for (int m = 0; m < models; m++) {
            ScoringModel model = SyntheticModels.model("bench_model_" + m, random);
            scorers.add(model);
            com.fasterxml.jackson.databind.JsonNode json = readTree(model.toJson());
            List<com.fasterxml.jackson.databind.JsonNode> trees = new ArrayList<>();
            json.path("trees").forEach(trees::add);
            arrayPerField.add(
                    ArrayPerFieldTrees.fromDump(
                            trees, json.path("base_margin").asDouble(), model.features().size()));
            catalogIndexes.add(
                    model.features().stream().mapToInt(FeatureCatalog.names()::indexOf).toArray());
        }
        int features = FeatureCatalog.names().size();
        for (int v = 0; v < VECTORS; v++) {
            double[] vector = new double[features];
            for (int f = 0; f < features; f++) {
                vector[f] = random.nextInt(10) == 0 ? Double.NaN : random.nextDouble(0, 60);
            }
            vectors[v] = vector;
        }
    }

    /** Every model's score for one subscriber's features. */
    @Benchmark
    public double everyModelOneSubscriber() {
        double[] vector = vectors[next++ & (VECTORS - 1)];
        TreeEnsemble.Inputs inputs = TreeEnsemble.Inputs.of(vector);
        double sum = 0;
        for (int m = 0; m < models; m++) {
            sum += scorers.get(m).score(inputs);
        }
        return sum;
    }

    /**
     * The same with the layout before session 31 (one array per node field, a branch per split, a
     * model's features copied out of the catalog vector): the reference {@link
     * #everyModelOneSubscriber} is measured against in the same run.
     */
    @Benchmark
    public double everyModelOneSubscriberArrayPerField() {
        double[] vector = vectors[next++ & (VECTORS - 1)];
        double sum = 0;
        for (int m = 0; m < models; m++) {
            int[] index = catalogIndexes.get(m);
            double[] x = new double[index.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = vector[index[i]];
            }
            sum += arrayPerField.get(m).probability(x);
        }
        return sum;
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
