package dev.orderlog.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every manifest validates against the Kubernetes API schemas and the compose file against the compose-spec schema,
 * with the validators from the npm registry that {@code tools/manifest-check} pins (installed here if missing).
 */
class ManifestSchemaTest {
    private static final Path TOOL = Path.of("tools/manifest-check");

    private record Run(int exit, String output) {}

    @BeforeAll
    static void installValidators() throws Exception {
        Assumptions.assumeTrue(
                onPath("node") && onPath("npm"), "the schema validators run on Node.js, which this machine lacks");
        if (!Files.isDirectory(TOOL.resolve("node_modules"))) {
            Run install = run(TOOL, "npm", "ci", "--no-audit", "--no-fund");
            assertThat(install.exit()).as(install.output()).isZero();
        }
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(directory -> Files.isExecutable(Path.of(directory, program)));
    }

    private static Run run(Path directory, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    private static Run validate(List<Path> files) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of("node", TOOL.resolve("validate.mjs").toAbsolutePath().toString()));
        files.forEach(file -> command.add(file.toAbsolutePath().toString()));
        return run(Path.of("."), command.toArray(String[]::new));
    }

    @Test
    void theManifestsAndTheComposeFileValidateAgainstTheirSchemas() throws Exception {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> manifests = Files.list(Path.of("k8s"))) {
            manifests.filter(file -> file.toString().endsWith(".yaml")).sorted().forEach(files::add);
        }
        files.add(Path.of("docker-compose.yml"));
        Run run = validate(files);
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output())
                .contains(
                        "Deployment orderlog",
                        "StatefulSet kurrentdb",
                        "StatefulSet kafka",
                        "NetworkPolicy",
                        "docker-compose.yml compose")
                .doesNotContain("INVALID");
    }

    @Test
    void aManifestWithAWrongTypeIsRejected() throws Exception {
        Path broken = Files.createTempFile("deployment", ".yaml");
        Files.writeString(
                broken,
                Files.readString(Path.of("k8s/orderlog-deployment.yaml")).replace("replicas: 2", "replicas: two"));
        Run run = validate(List.of(broken));
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.output()).contains("INVALID").contains("replicas");
    }

    @Test
    void aComposeFileWithAnUnknownDependencyConditionIsRejected() throws Exception {
        Path broken = Files.createTempFile("docker-compose", ".yml");
        Files.writeString(
                broken,
                Files.readString(Path.of("docker-compose.yml"))
                        .replace("condition: service_healthy", "condition: whenever"));
        Run run = validate(List.of(broken));
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.output()).contains("INVALID").contains("condition");
    }
}
