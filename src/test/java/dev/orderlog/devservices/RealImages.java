package dev.orderlog.devservices;

import java.util.Map;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/** The real KurrentDB, PostgreSQL and Kafka images, started once per JVM, for runs with the containers switch on. */
public final class RealImages {
    public static final String KURRENTDB_IMAGE = "docker.kurrent.io/kurrent-latest/kurrentdb:26.1.1";
    public static final String POSTGRES_IMAGE = "postgres:18";
    public static final String KAFKA_IMAGE = "apache/kafka:4.1.1";

    private RealImages() {}

    public static boolean requested() {
        return Boolean.getBoolean(DevServicesConfigSourceFactory.CONTAINERS_SWITCH);
    }

    /** An insecure single node, as docker-compose runs it locally. */
    public static String kurrentDbConnectionString() {
        return DevServices.startOnce("kurrentdb-container", () -> {
                    GenericContainer<?> kurrentdb = new GenericContainer<>(DockerImageName.parse(KURRENTDB_IMAGE))
                            .withEnv("KURRENTDB_INSECURE", "true")
                            .withEnv("KURRENTDB_RUN_PROJECTIONS", "None")
                            .withExposedPorts(2113)
                            .waitingFor(Wait.forHttp("/health/live").forPort(2113));
                    kurrentdb.start();
                    return Map.of(
                            DevServicesConfigSourceFactory.KURRENTDB_CONNECTION_STRING,
                            "kurrentdb://" + kurrentdb.getHost() + ":" + kurrentdb.getMappedPort(2113) + "?tls=false");
                })
                .get(DevServicesConfigSourceFactory.KURRENTDB_CONNECTION_STRING);
    }

    public static Map<String, String> postgresSettings() {
        return DevServices.startOnce("postgres-container", () -> {
            PostgreSQLContainer<?> postgres = new PostgreSQLContainer<>(DockerImageName.parse(POSTGRES_IMAGE));
            postgres.start();
            return Map.of(
                    DevServicesConfigSourceFactory.DATASOURCE_URL,
                    postgres.getJdbcUrl(),
                    "quarkus.datasource.username",
                    postgres.getUsername(),
                    "quarkus.datasource.password",
                    postgres.getPassword());
        });
    }

    /** One KRaft node of the official image, as docker-compose runs it. */
    public static String kafkaBootstrapServers() {
        return DevServices.startOnce("kafka-container", () -> {
                    KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE));
                    kafka.start();
                    return Map.of(DevServicesConfigSourceFactory.KAFKA_BOOTSTRAP_SERVERS, kafka.getBootstrapServers());
                })
                .get(DevServicesConfigSourceFactory.KAFKA_BOOTSTRAP_SERVERS);
    }
}
