package io.convergent.common.models;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A model as an analyst declares it (see {@link ModelSpecs} for the file format): what it predicts,
 * from which features, trained how.
 *
 * @param name the model's name: lower case, digits and underscores
 * @param description one line for people reading {@code models list}
 * @param label what it predicts
 * @param features feature names of {@code FeatureCatalog}, in the order the model reads them
 * @param algorithm how it is trained
 * @param training the algorithm's parameters and the training as-of days
 * @param source the specification's text, kept beside every version trained from it
 */
public record ModelSpec(
        String name,
        String description,
        LabelDefinition label,
        List<String> features,
        Algorithm algorithm,
        TrainingParameters training,
        String source) {

    /** The training algorithms known. */
    public enum Algorithm {
        /** XGBoost's gradient-boosted trees with a logistic objective. */
        GRADIENT_BOOSTED_TREES
    }

    public ModelSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(label, "label");
        features = List.copyOf(features);
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(source, "source");
    }

    /**
     * The first 8 hex digits of the SHA-256 of the specification's text: part of a version's name,
     * so training the same specification at the same cutoff again replaces that version.
     */
    public String digest() {
        try {
            byte[] hash =
                    MessageDigest.getInstance("SHA-256")
                            .digest(source.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
