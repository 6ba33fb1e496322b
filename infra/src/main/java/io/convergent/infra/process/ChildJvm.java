package io.convergent.infra.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * What a child JVM of the local stack is launched with: this JVM's {@code java} executable and this
 * JVM's class path, so a child runs exactly the jars Maven resolved for us.
 */
public final class ChildJvm {

    private ChildJvm() {}

    /**
     * The start of a child's command line: {@code setsid} where it exists, so the child runs in a
     * session of its own. Ctrl-C in a terminal signals the whole foreground process group; a child
     * outside it is stopped by its launcher instead, in the launcher's order (a broker must outlive
     * the jobs that still flush into it).
     */
    public static List<String> detachedCommandPrefix() {
        for (String candidate : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Paths.get(candidate))) {
                return List.of(candidate);
            }
        }
        return List.of();
    }

    /** The {@code java} launcher of the running JVM. */
    public static Path javaExecutable() {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        if (!Files.isExecutable(java)) {
            throw new IllegalStateException("no executable java launcher at " + java);
        }
        return java;
    }

    /**
     * This JVM's class path as a list of entries. Launchers that shorten long class paths into a
     * manifest-only jar (Surefire and Failsafe do by default, IDEs may) are expanded, because that
     * jar is a temporary file its launcher deletes while our child may still run. Entries are made
     * absolute.
     */
    public static String currentClasspath() {
        return String.join(File.pathSeparator, expand(System.getProperty("java.class.path", "")));
    }

    static List<String> expand(String classpath) {
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            // Absolute, because a child runs in a working directory of its own.
            Path path = Paths.get(entry).toAbsolutePath().normalize();
            List<String> manifestEntries = manifestClassPath(path);
            if (manifestEntries.isEmpty()) {
                entries.add(path.toString());
            } else {
                entries.addAll(manifestEntries);
            }
        }
        return new ArrayList<>(entries);
    }

    private static List<String> manifestClassPath(Path entry) {
        if (!entry.toString().endsWith(".jar") || !Files.isRegularFile(entry)) {
            return List.of();
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest manifest = jar.getManifest();
            String classPath =
                    manifest == null
                            ? null
                            : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (classPath == null || classPath.isBlank()) {
                return List.of();
            }
            List<String> resolved = new ArrayList<>();
            resolved.add(entry.toString());
            URI base = entry.toAbsolutePath().toUri();
            for (String relative : classPath.trim().split("\\s+")) {
                resolved.add(Paths.get(base.resolve(new URI(relative))).toString());
            }
            return resolved;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifest of " + entry, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad Class-Path entry in the manifest of " + entry, e);
        }
    }
}
