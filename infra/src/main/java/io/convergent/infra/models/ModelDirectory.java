package io.convergent.infra.models;

import io.convergent.common.models.InvalidModelSpecException;
import io.convergent.common.models.ModelSpec;
import io.convergent.common.models.ModelSpecs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where the model specifications are: the directory a user names, else {@code models/} of the
 * installation {@code bin/convergent} runs from (it passes {@code -Dconvergent.home}), else {@code
 * models/} of the working directory.
 */
public final class ModelDirectory {

    private ModelDirectory() {}

    public static Path resolve(String option) {
        if (option != null) {
            return Path.of(option);
        }
        String home = System.getProperty("convergent.home");
        return home == null ? Path.of("models") : Path.of(home, "models");
    }

    /**
     * The specifications of the directory {@code option} names; without one, those of the default
     * directory, or none (said to {@code notice}) when it does not exist. A directory named but
     * missing, or a bad specification, is refused.
     */
    public static List<ModelSpec> load(String option, Consumer<String> notice)
            throws InvalidModelSpecException {
        Path directory = resolve(option);
        if (option == null && !Files.isDirectory(directory)) {
            notice.accept(
                    "No model specifications at "
                            + directory.toAbsolutePath()
                            + ": no model is trained (--models DIR names them)");
            return List.of();
        }
        return ModelSpecs.loadDirectory(directory);
    }
}
