package dev.orderlog.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every manifest validates against the Kubernetes API schemas and the compose file against the compose-spec schema,
 * with the validators from the npm registry that {@code tools/manifest-check} pins (installed here if missing).
 */
class ManifestSchemaTest {
    @BeforeAll
    static void installValidators() throws Exception {
        ManifestTools.installed();
    }

    private static ManifestTools.Run validate(List<Path> files) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "node",
                ManifestTools.TOOL.resolve("validate.mjs").toAbsolutePath().toString()));
        files.forEach(file -> command.add(file.toAbsolutePath().toString()));
        return ManifestTools.run(Path.of("."), command);
    }

    @Test
    void theManifestsAndTheComposeFileValidateAgainstTheirSchemas() throws Exception {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> manifests = Files.list(Path.of("k8s"))) {
            manifests.filter(file -> file.toString().endsWith(".yaml")).sorted().forEach(files::add);
        }
        files.add(Path.of("docker-compose.yml"));
        ManifestTools.Run run = validate(files);
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
        ManifestTools.Run run = validate(List.of(broken));
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
        ManifestTools.Run run = validate(List.of(broken));
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.output()).contains("INVALID").contains("condition");
    }
}
