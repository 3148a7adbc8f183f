package dev.orderlog.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** The manifest check's Node.js tools (tools/manifest-check): installed on first use, run with their output. */
final class ManifestTools {
    static final Path TOOL = Path.of("tools/manifest-check");

    record Run(int exit, String output) {}

    private ManifestTools() {}

    /** Installs the pinned validators when missing; a machine without Node.js skips the caller's tests. */
    static synchronized void installed() throws IOException, InterruptedException {
        Assumptions.assumeTrue(
                onPath("node") && onPath("npm"), "the manifest tools run on Node.js, which this machine lacks");
        if (!Files.isDirectory(TOOL.resolve("node_modules"))) {
            Run install = run(TOOL, List.of("npm", "ci", "--no-audit", "--no-fund"));
            assertThat(install.exit()).as(install.output()).isZero();
        }
    }

    static Run run(Path directory, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(directory -> Files.isExecutable(Path.of(directory, program)));
    }
}
