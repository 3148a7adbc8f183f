package dev.orderlog.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.orderlog.devservices.RealImages;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (MappingIterator<JsonNode> parsed =
                        YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
                    documents.addAll(parsed.readAll());
                }
            }
        }
        return documents;
    }

    private static JsonNode orderlogContainer() throws IOException {
        return manifests().stream()
                .filter(doc -> "Deployment".equals(doc.path("kind").asText())
                        && "orderlog".equals(doc.path("metadata").path("name").asText()))
                .findFirst()
                .orElseThrow()
                .path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .get(0);
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
        assertThat(documents)
                .extracting(doc -> doc.path("kind").asText())
                .contains(
                        "Deployment",
                        "Service",
                        "HorizontalPodAutoscaler",
                        "PodDisruptionBudget",
                        "StatefulSet",
                        "NetworkPolicy",
                        "ConfigMap");
    }

    @Test
    void theComposeFileParsesAndWaitsForHealthyDatabases() throws IOException {
        JsonNode compose = YAML.readTree(Path.of("docker-compose.yml").toFile());
        JsonNode app = compose.path("services").path("orderlog");
        assertThat(compose.path("services").path("kurrentdb").path("image").asText())
                .startsWith("docker.kurrent.io/kurrent-latest/kurrentdb:");
        assertThat(app.path("depends_on").path("kurrentdb").path("condition").asText())
                .isEqualTo("service_healthy");
        assertThat(app.path("depends_on").path("postgres").path("condition").asText())
                .isEqualTo("service_healthy");
    }

    @Test
    void theProbePathsInTheDeploymentExistInTheApplication() throws IOException {
        JsonNode container = orderlogContainer();
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            String path = container.path(probe).path("httpGet").path("path").asText();
            assertThat(path).startsWith("/q/health");
            assertThat(container.path(probe).path("httpGet").path("port").asText())
                    .isEqualTo("management");
            assertThat(OperationsTest.management().get(path).statusCode()).isIn(200, 503);
        }
    }

    @Test
    void theManagementPortOfTheContainerIsTheApplicationsManagementInterface() throws IOException {
        JsonNode management = StreamSupport.stream(
                        orderlogContainer().path("ports").spliterator(), false)
                .filter(port -> "management".equals(port.path("name").asText()))
                .findFirst()
                .orElseThrow();
        // Quarkus's default management port, which the application's configuration leaves as it is outside tests.
        assertThat(management.path("containerPort").asInt()).isEqualTo(9000);
        assertThat(Files.readAllLines(Path.of("src/main/resources/application.properties")))
                .noneMatch(line -> line.matches("^(%prod\\.)?quarkus\\.management\\.port=.*"));
    }

    @Test
    void theEnvironmentTheManifestsSetIsConfigurationTheApplicationReads() throws IOException {
        Set<String> variables = manifests().stream()
                .filter(doc -> "ConfigMap".equals(doc.path("kind").asText())
                        && "orderlog-config"
                                .equals(doc.path("metadata").path("name").asText()))
                .flatMap(doc -> StreamSupport.stream(
                        ((Iterable<String>) () -> doc.path("data").fieldNames()).spliterator(), false))
                .collect(Collectors.toSet());
        Files.readAllLines(Path.of("k8s/secrets.env.example")).stream()
                .filter(line -> line.matches("^(QUARKUS|ORDERLOG)_[A-Z0-9_]+=.*"))
                .forEach(line -> variables.add(line.substring(0, line.indexOf('='))));
        assertThat(orderlogContainer().path("envFrom").findValuesAsText("name"))
                .contains("orderlog-config", "orderlog-credentials");
        Set<String> known = StreamSupport.stream(
                        ConfigProvider.getConfig().getPropertyNames().spliterator(), false)
                .map(name -> name.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT))
                .collect(Collectors.toSet());
        assertThat(variables)
                .isNotEmpty()
                .allSatisfy(variable -> assertThat(known).contains(variable));
    }

    @Test
    void kurrentDbKeepsItsQuorumThroughVoluntaryDisruptions() throws IOException {
        assertKeepsItsQuorum("kurrentdb");
    }

    @Test
    void kafkaKeepsItsQuorumThroughVoluntaryDisruptions() throws IOException {
        assertKeepsItsQuorum("kafka");
    }

    @Test
    void kurrentDbImagesArePinnedToOneVersionEverywhere() throws IOException {
        String compose = composeImage("kurrentdb");
        assertThat(compose).matches("docker\\.kurrent\\.io/kurrent-latest/kurrentdb:\\d+\\.\\d+\\.\\d+");
        assertThat(firstImage(kurrentDbStatefulSet())).isEqualTo(compose).isEqualTo(RealImages.KURRENTDB_IMAGE);
    }

    @Test
    void kafkaImagesArePinnedToTheClientsVersionEverywhere() throws IOException {
        String compose = composeImage("kafka");
        assertThat(compose).isEqualTo("apache/kafka:" + org.apache.kafka.common.utils.AppInfoParser.getVersion());
        assertThat(firstImage(manifest("StatefulSet", "kafka")))
                .isEqualTo(compose)
                .isEqualTo(RealImages.KAFKA_IMAGE);
    }

    /** A quorum of the StatefulSet's nodes stays up through voluntary disruptions: its budget allows at most a minority down. */
    private static void assertKeepsItsQuorum(String name) throws IOException {
        JsonNode statefulSet = manifest("StatefulSet", name);
        JsonNode budget = manifest("PodDisruptionBudget", name);
        assertThat(budget.path("spec").path("selector").path("matchLabels"))
                .isEqualTo(statefulSet.path("spec").path("selector").path("matchLabels"));
        int nodes = statefulSet.path("spec").path("replicas").asInt();
        int down = budget.path("spec").path("maxUnavailable").asInt();
        assertThat(nodes - down).isGreaterThan(nodes / 2);
    }

    private static String composeImage(String service) throws IOException {
        return YAML.readTree(Path.of("docker-compose.yml").toFile())
                .path("services")
                .path(service)
                .path("image")
                .asText();
    }

    private static String firstImage(JsonNode workload) {
        return workload.path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .get(0)
                .path("image")
                .asText();
    }

    @Test
    void kurrentDbServesTlsWithTheCertificateCertManagerMakesAndTheServiceTrustsItsAuthority() throws IOException {
        JsonNode node = kurrentDbStatefulSet().path("spec").path("template").path("spec");
        Map<String, String> env = environment(node.path("containers").get(0));
        assertThat(env).containsEntry("KURRENTDB_INSECURE", "false");
        JsonNode certificate = documents(Path.of("k8s/cert-manager/kurrentdb-certificate.yaml")).stream()
                .filter(doc -> "Certificate".equals(doc.path("kind").asText())
                        && "kurrentdb-tls"
                                .equals(doc.path("metadata").path("name").asText()))
                .findFirst()
                .orElseThrow();
        String secret = certificate.path("spec").path("secretName").asText();
        assertThat(env.get("KURRENTDB_CERTIFICATE_RESERVED_NODE_COMMON_NAME"))
                .isEqualTo(certificate.path("spec").path("commonName").asText());
        List<String> dnsNames = StreamSupport.stream(
                        certificate.path("spec").path("dnsNames").spliterator(), false)
                .map(JsonNode::asText)
                .toList();
        assertThat(dnsNames).contains("*." + env.get("KURRENTDB_CLUSTER_DNS"));
        for (String file : List.of(
                "KURRENTDB_CERTIFICATE_FILE",
                "KURRENTDB_CERTIFICATE_PRIVATE_KEY_FILE",
                "KURRENTDB_TRUSTED_ROOT_CERTIFICATES_PATH")) {
            assertThat(secretMountedAt(node, env.get(file))).as(file).isEqualTo(secret);
        }

        String connection = Files.readAllLines(Path.of("k8s/secrets.env.example")).stream()
                .filter(line -> line.startsWith("ORDERLOG_KURRENTDB_CONNECTION_STRING="))
                .findFirst()
                .orElseThrow();
        assertThat(connection).contains("tls=true").doesNotContain("tls=false");
        String caFile = connection.substring(connection.indexOf("tlsCaFile=") + "tlsCaFile=".length())
                .split("&")[0];
        JsonNode app = deploymentSpec();
        assertThat(secretMountedAt(app, caFile)).isEqualTo(secret);
    }

    @Test
    void tokensAreVerifiedWithAKeyFromASecret() throws IOException {
        String location = manifests().stream()
                .filter(doc -> "ConfigMap".equals(doc.path("kind").asText())
                        && "orderlog-config"
                                .equals(doc.path("metadata").path("name").asText()))
                .findFirst()
                .orElseThrow()
                .path("data")
                .path("MP_JWT_VERIFY_PUBLICKEY_LOCATION")
                .asText();
        assertThat(location).startsWith("file:");
        assertThat(secretMountedAt(deploymentSpec(), location.substring("file:".length())))
                .isEqualTo("orderlog-jwt");
        JsonNode generator =
                documents(Path.of("k8s/kustomization.yaml")).getFirst().path("secretGenerator");
        assertThat(generator.findValuesAsText("name")).contains("orderlog-jwt");
    }

    private static JsonNode kurrentDbStatefulSet() throws IOException {
        return manifest("StatefulSet", "kurrentdb");
    }

    private static JsonNode manifest(String kind, String name) throws IOException {
        return manifests().stream()
                .filter(doc -> kind.equals(doc.path("kind").asText())
                        && name.equals(doc.path("metadata").path("name").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in k8s/"));
    }

    private static JsonNode deploymentSpec() throws IOException {
        return manifests().stream()
                .filter(doc -> "Deployment".equals(doc.path("kind").asText())
                        && "orderlog".equals(doc.path("metadata").path("name").asText()))
                .findFirst()
                .orElseThrow()
                .path("spec")
                .path("template")
                .path("spec");
    }

    private static Map<String, String> environment(JsonNode container) {
        Map<String, String> env = new HashMap<>();
        container
                .path("env")
                .forEach(variable -> env.put(
                        variable.path("name").asText(), variable.path("value").asText()));
        return env;
    }

    /** The Secret whose volume the pod's first container mounts where {@code file} lives. */
    private static String secretMountedAt(JsonNode podSpec, String file) {
        JsonNode mount = StreamSupport.stream(
                        podSpec.path("containers").get(0).path("volumeMounts").spliterator(), false)
                .filter(m -> file.equals(m.path("mountPath").asText())
                        || file.startsWith(m.path("mountPath").asText() + "/"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("nothing is mounted at " + file));
        JsonNode volume = StreamSupport.stream(podSpec.path("volumes").spliterator(), false)
                .filter(v -> mount.path("name").asText().equals(v.path("name").asText()))
                .findFirst()
                .orElseThrow();
        String relative = file.equals(mount.path("mountPath").asText())
                ? ""
                : file.substring(mount.path("mountPath").asText().length() + 1);
        JsonNode items = volume.path("secret").path("items");
        if (!relative.isEmpty() && items.size() > 0) {
            assertThat(items.findValuesAsText("path"))
                    .as("the secret volume holds " + file)
                    .contains(relative);
        }
        return volume.path("secret").path("secretName").asText();
    }

    private static List<JsonNode> documents(Path file) throws IOException {
        try (MappingIterator<JsonNode> parsed = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            return parsed.readAll();
        }
    }
}
