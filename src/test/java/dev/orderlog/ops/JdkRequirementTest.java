package dev.orderlog.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** On a JDK older than 21 the build stops first with a message naming the JDK needed, not with a compiler error. */
class JdkRequirementTest {

    @Test
    void mavenOnJdk17FailsNamingTheJdkNeeded() throws Exception {
        Optional<Path> jdk17 = olderJdk();
        assumeTrue(jdk17.isPresent(), "no JDK 17 on this machine to try the build with");
        ProcessBuilder build = new ProcessBuilder("./mvnw", "-o", "-B", "-q", "validate").redirectErrorStream(true);
        build.environment().put("JAVA_HOME", jdk17.get().toString());
        build.environment().remove("MAVEN_ARGS");
        Process maven = build.start();
        String output = new String(maven.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(maven.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(maven.exitValue()).isNotZero();
        assertThat(output)
                .contains("Orderlog needs JDK 21 or newer")
                .doesNotContain("release version 21 not supported");
    }

    private static Optional<Path> olderJdk() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> installed = Files.list(jvms)) {
            return installed
                    .filter(jdk -> jdk.getFileName().toString().matches("java-17-openjdk-.*"))
                    .filter(jdk -> Files.isExecutable(jdk.resolve("bin/java")))
                    .findFirst();
        }
    }
}
