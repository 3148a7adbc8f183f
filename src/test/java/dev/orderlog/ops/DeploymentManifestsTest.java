package dev.orderlog.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The Kubernetes manifests and the compose file describe this application: its probes and its configuration. */
@QuarkusTest
class DeploymentManifestsTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static List<JsonNode> manifests() throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("k8s"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (MappingIterator<JsonNode> parsed = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
                    documents.addAll(parsed.readAll());
                }
            }
        }
        return documents;
    }

    private static JsonNode orderlogContainer() throws IOException {
        return manifests().stream()
                .filter(doc -> "Deployment".equals(doc.path("kind").asText()) && "orderlog".equals(doc.path("metadata").path("name").asText()))
                .findFirst().orElseThrow()
                .path("spec").path("template").path("spec").path("containers").get(0);
    }

    @Test
    void everyManifestParsesAndNamesItsKind() throws IOException {
        List<JsonNode> documents = manifests();
        assertThat(documents).hasSizeGreaterThanOrEqualTo(12);
        for (JsonNode document : documents) {
            assertThat(document.path("kind").asText()).isNotBlank();
            if (!"Kustomization".equals(document.path("kind").asText())) {
                assertThat(document.path("apiVersion").asText()).isNotBlank();
                assertThat(document.path("metadata").path("name").asText()).isNotBlank();
            }
        }
        assertThat(documents).extracting(doc -> doc.path("kind").asText())
                .contains("Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget", "StatefulSet", "NetworkPolicy", "ConfigMap");
    }

    @Test
    void theComposeFileParsesAndWaitsForHealthyDatabases() throws IOException {
        JsonNode compose = YAML.readTree(Path.of("docker-compose.yml").toFile());
        JsonNode app = compose.path("services").path("orderlog");
        assertThat(compose.path("services").path("kurrentdb").path("image").asText()).startsWith("docker.kurrent.io/kurrent-latest/kurrentdb");
        assertThat(app.path("depends_on").path("kurrentdb").path("condition").asText()).isEqualTo("service_healthy");
        assertThat(app.path("depends_on").path("postgres").path("condition").asText()).isEqualTo("service_healthy");
    }

    @Test
    void theProbePathsInTheDeploymentExistInTheApplication() throws IOException {
        JsonNode container = orderlogContainer();
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            String path = container.path(probe).path("httpGet").path("path").asText();
            assertThat(path).startsWith("/q/health");
            assertThat(container.path(probe).path("httpGet").path("port").asText()).isEqualTo("management");
            assertThat(OperationsTest.management().get(path).statusCode()).isIn(200, 503);
        }
    }

    @Test
    void theManagementPortOfTheContainerIsTheApplicationsManagementInterface() throws IOException {
        JsonNode management = StreamSupport.stream(orderlogContainer().path("ports").spliterator(), false)
                .filter(port -> "management".equals(port.path("name").asText())).findFirst().orElseThrow();
        // Quarkus's default management port, which the application's configuration leaves as it is outside tests.
        assertThat(management.path("containerPort").asInt()).isEqualTo(9000);
        assertThat(Files.readAllLines(Path.of("src/main/resources/application.properties")))
                .noneMatch(line -> line.matches("^(%prod\\.)?quarkus\\.management\\.port=.*"));
    }

    @Test
    void theEnvironmentTheManifestsSetIsConfigurationTheApplicationReads() throws IOException {
        Set<String> variables = manifests().stream()
                .filter(doc -> "ConfigMap".equals(doc.path("kind").asText()) && "orderlog-config".equals(doc.path("metadata").path("name").asText()))
                .flatMap(doc -> StreamSupport.stream(((Iterable<String>) () -> doc.path("data").fieldNames()).spliterator(), false))
                .collect(Collectors.toSet());
        Files.readAllLines(Path.of("k8s/secrets.env.example")).stream()
                .filter(line -> line.matches("^(QUARKUS|ORDERLOG)_[A-Z0-9_]+=.*"))
                .forEach(line -> variables.add(line.substring(0, line.indexOf('='))));
        assertThat(orderlogContainer().path("envFrom").findValuesAsText("name")).contains("orderlog-config", "orderlog-credentials");
        Set<String> known = StreamSupport.stream(ConfigProvider.getConfig().getPropertyNames().spliterator(), false)
                .map(name -> name.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT))
                .collect(Collectors.toSet());
        assertThat(variables).isNotEmpty().allSatisfy(variable -> assertThat(known).contains(variable));
    }

    @Test
    void kurrentDbKeepsItsQuorumThroughVoluntaryDisruptions() throws IOException {
        JsonNode statefulSet = manifests().stream()
                .filter(doc -> "StatefulSet".equals(doc.path("kind").asText()) && "kurrentdb".equals(doc.path("metadata").path("name").asText()))
                .findFirst().orElseThrow();
        JsonNode budget = manifests().stream()
                .filter(doc -> "PodDisruptionBudget".equals(doc.path("kind").asText()) && "kurrentdb".equals(doc.path("metadata").path("name").asText()))
                .findFirst().orElseThrow();
        assertThat(budget.path("spec").path("selector").path("matchLabels"))
                .isEqualTo(statefulSet.path("spec").path("selector").path("matchLabels"));
        int nodes = statefulSet.path("spec").path("replicas").asInt();
        int down = budget.path("spec").path("maxUnavailable").asInt();
        assertThat(nodes - down).isGreaterThan(nodes / 2);
    }
}
