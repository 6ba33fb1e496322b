package io.convergent.infra.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildJvmTest {

    @TempDir Path dir;

    @Test
    void expandsAManifestOnlyJarIntoAbsoluteEntries() throws IOException {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Path booter = manifestOnlyJar(dir.resolve("booter.jar"), "lib/a.jar lib/classes/");

        assertThat(ChildJvm.expand(booter.toString()))
                .containsExactly(
                        booter.toString(),
                        lib.resolve("a.jar").toString(),
                        lib.resolve("classes").toString());
    }

    @Test
    void keepsPlainEntriesAndMakesThemAbsolute() {
        String classpath = "target/classes" + File.pathSeparator + "/opt/x.jar";

        assertThat(ChildJvm.expand(classpath))
                .containsExactly(
                        Path.of("target/classes").toAbsolutePath().toString(), "/opt/x.jar");
    }

    @Test
    void theCurrentClasspathCarriesKafka() {
        assertThat(ChildJvm.currentClasspath()).contains("kafka_2.13");
    }

    private static Path manifestOnlyJar(Path jar, String classPath) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            return jar;
        }
    }
}
