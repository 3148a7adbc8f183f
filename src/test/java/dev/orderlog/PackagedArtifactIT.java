package dev.orderlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The packaged application (target/quarkus-app, as ./mvnw package leaves it) carries no dev services: neither their
 * classes, nor the beans generated for them, nor the embedded PostgreSQL. That it still starts and serves is what
 * every other IT shows, since they run this very artifact (PackagedService).
 */
class PackagedArtifactIT {
    private static final Path APP = Path.of("target", "quarkus-app");

    @Test
    void theApplicationJarKeepsOnlyTheDevServicesEntryPoint() throws IOException {
        assertThat(classesUnder("dev/orderlog/devservices/", applicationJar()))
                .containsExactly("dev/orderlog/devservices/DevServicesConfigSourceFactory.class");
    }

    @Test
    void noBeanIsGeneratedForTheDevServices() throws IOException {
        assertThat(classesUnder("dev/orderlog/devservices/", APP.resolve("quarkus/generated-bytecode.jar")))
                .isEmpty();
    }

    @Test
    void theEmbeddedPostgresqlAndKafkaBrokerAreLeftOutButNotTheKafkaClient() throws IOException {
        try (Stream<Path> libraries = Files.list(APP.resolve("lib/main"))) {
            List<String> names =
                    libraries.map(path -> path.getFileName().toString()).toList();
            assertThat(names)
                    .noneMatch(name -> name.startsWith("io.zonky"))
                    .noneMatch(name -> name.startsWith("org.apache.kafka.kafka_2.13"))
                    .noneMatch(name -> name.startsWith("org.apache.kafka.kafka-server"))
                    .noneMatch(name -> name.startsWith("org.scala-lang"))
                    .anyMatch(name -> name.startsWith("org.apache.kafka.kafka-clients"));
        }
    }

    private static Path applicationJar() throws IOException {
        try (Stream<Path> jars = Files.list(APP.resolve("app"))) {
            List<Path> found =
                    jars.filter(path -> path.toString().endsWith(".jar")).toList();
            assertThat(found).hasSize(1);
            return found.getFirst();
        }
    }

    private static List<String> classesUnder(String prefix, Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream()
                    .map(ZipEntry::getName)
                    .filter(name -> name.startsWith(prefix) && name.endsWith(".class"))
                    .toList();
        }
    }
}
