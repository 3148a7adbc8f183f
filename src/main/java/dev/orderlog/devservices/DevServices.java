package dev.orderlog.devservices;

import static dev.orderlog.devservices.DevServicesConfigSourceFactory.CONTAINERS_SWITCH;
import static dev.orderlog.devservices.DevServicesConfigSourceFactory.DATASOURCE_URL;
import static dev.orderlog.devservices.DevServicesConfigSourceFactory.KAFKA_BOOTSTRAP_SERVERS;
import static dev.orderlog.devservices.DevServicesConfigSourceFactory.KEEP_DATA;
import static dev.orderlog.devservices.DevServicesConfigSourceFactory.KURRENTDB_CONNECTION_STRING;
import static dev.orderlog.devservices.DevServicesConfigSourceFactory.PAYMENT_PROVIDER_URL;
import static dev.orderlog.devservices.DevServicesConfigSourceFactory.WEBHOOK_SECRET;

import dev.orderlog.devservices.kafka.EmbeddedKafka;
import dev.orderlog.devservices.kurrentdb.EmbeddedKurrentDb;
import dev.orderlog.devservices.kurrentdb.log.FsyncPolicy;
import dev.orderlog.devservices.payment.SimulatedPaymentProvider;
import dev.orderlog.platform.kurrentdb.ConnectionStrings;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.PropertiesConfigSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

/**
 * Dev services without Docker, started for {@link DevServicesConfigSourceFactory} in the dev and test profiles: when
 * no PostgreSQL or KurrentDB connection is configured, an embedded one, with its connection settings; when no payment
 * provider is configured, the simulated one ({@link SimulatedPaymentProvider}) with a webhook secret of its own; when
 * no token verification key is configured, the working copy's dev key ({@link DevJwtKeys}, the one
 * {@code bin/dev-token} signs with); when no console session key is configured, the working copy's
 * ({@link DevConsoleUsers}).
 * Quarkus may build its configuration more than once per JVM (build step, then run time, each in its own class
 * loader), so what was started is remembered in system properties and reused, never started twice.
 */
final class DevServices {
    private static final Path KEPT_DATA = Path.of("target", "orderlog-dev");
    static final Path PROVIDER_URL_FILE = KEPT_DATA.resolve("payment-provider.url");
    private static final String STARTED_PREFIX = "orderlog.devservices.started.";
    /** Below application.properties (250), so anything configured explicitly wins. */
    private static final int ORDINAL = 100;

    private static final Logger LOG = Logger.getLogger(DevServices.class);

    private DevServices() {}

    static List<ConfigSource> configSources(ConfigSourceContext context) {
        Map<String, String> supplied = new HashMap<>();
        boolean embedded = !"true".equals(context.getValue(CONTAINERS_SWITCH).getValue());
        boolean keepData = "true".equals(context.getValue(KEEP_DATA).getValue());
        if (embedded && context.getValue(DATASOURCE_URL).getValue() == null) {
            supplied.putAll(startOnce("postgresql", () -> {
                Map<String, String> settings = EmbeddedPostgresql.start(
                        keepData ? Optional.of(KEPT_DATA.resolve("postgresql").toAbsolutePath()) : Optional.empty());
                LOG.infof(
                        "Dev services: embedded PostgreSQL started at %s",
                        ConnectionStrings.withoutPassword(settings.get(DATASOURCE_URL)));
                return settings;
            }));
        }
        if (embedded && context.getValue(KURRENTDB_CONNECTION_STRING).getValue() == null) {
            supplied.putAll(startOnce("kurrentdb", () -> {
                EmbeddedKurrentDb.Options options = EmbeddedKurrentDb.Options.defaults();
                EmbeddedKurrentDb server = EmbeddedKurrentDb.start(
                        keepData
                                ? options.withDataDirectory(
                                        KEPT_DATA.resolve("kurrentdb").toAbsolutePath(),
                                        new FsyncPolicy.Batched(Duration.ofMillis(2)))
                                : options);
                RunningDevServices.register(server);
                LOG.infof(
                        "Dev services: embedded KurrentDB started at %s",
                        ConnectionStrings.withoutPassword(server.connectionString()));
                return Map.of(KURRENTDB_CONNECTION_STRING, server.connectionString());
            }));
        }
        if (embedded && context.getValue(KAFKA_BOOTSTRAP_SERVERS).getValue() == null) {
            supplied.putAll(startOnce("kafka", () -> {
                Path directory = keepData
                        ? KEPT_DATA.resolve("kafka").toAbsolutePath()
                        : Files.createTempDirectory("orderlog-kafka");
                EmbeddedKafka broker = EmbeddedKafka.start(directory);
                RunningKafka.register(broker, () -> {
                    if (!keepData) {
                        deleteQuietly(directory);
                    }
                });
                LOG.infof("Dev services: embedded Kafka (KRaft) started at %s", broker.bootstrapServers());
                return Map.of(KAFKA_BOOTSTRAP_SERVERS, broker.bootstrapServers());
            }));
        }
        if (context.getValue(PAYMENT_PROVIDER_URL).getValue() == null) {
            String configuredSecret = context.getValue(WEBHOOK_SECRET).getValue();
            boolean devMode = context.getProfiles().contains("dev");
            supplied.putAll(startOnce("payment-provider", () -> {
                String secret = configuredSecret != null
                        ? configuredSecret
                        : UUID.randomUUID().toString();
                SimulatedPaymentProvider provider = SimulatedPaymentProvider.start(secret);
                LOG.infof("Dev services: simulated payment provider started at %s", provider.baseUri());
                if (devMode) {
                    // Where the README's walkthrough finds it: provider=$(cat target/orderlog-dev/payment-provider.url)
                    Files.createDirectories(KEPT_DATA);
                    Files.writeString(PROVIDER_URL_FILE, provider.baseUri().toString());
                }
                return Map.of(PAYMENT_PROVIDER_URL, provider.baseUri().toString(), WEBHOOK_SECRET, secret);
            }));
        }
        if (context.getValue(DevJwtKeys.VERIFY_KEY_LOCATION).getValue() == null
                && context.getValue("mp.jwt.verify.publickey").getValue() == null) {
            try {
                supplied.putAll(DevJwtKeys.ofWorkingCopy().verificationSettings());
            } catch (IOException failed) {
                throw new UncheckedIOException("Dev services could not make the dev token signing keys", failed);
            }
        }
        try {
            if (context.getValue(DevConsoleUsers.SESSION_KEY).getValue() == null) {
                supplied.putAll(DevConsoleUsers.ofWorkingCopy().sessionSettings());
            }
        } catch (IOException failed) {
            throw new UncheckedIOException("Dev services could not make the console's accounts", failed);
        }
        return supplied.isEmpty()
                ? List.of()
                : List.of(new PropertiesConfigSource(supplied, "orderlog-dev-services", ORDINAL));
    }

    private static void deleteQuietly(Path directory) {
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException alreadyGone) {
            // A temporary directory: the system cleans up what is left.
        }
    }

    @FunctionalInterface
    interface Starter {
        Map<String, String> start() throws IOException;
    }

    static synchronized Map<String, String> startOnce(String service, Starter starter) {
        String prefix = STARTED_PREFIX + service + ".";
        Map<String, String> remembered = new HashMap<>();
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith(prefix))
                .forEach(name -> remembered.put(name.substring(prefix.length()), System.getProperty(name)));
        if (!remembered.isEmpty()) {
            return remembered;
        }
        try {
            Map<String, String> settings = starter.start();
            settings.forEach((key, value) -> System.setProperty(prefix + key, value));
            return settings;
        } catch (IOException failed) {
            throw new UncheckedIOException("Dev services could not start embedded " + service, failed);
        }
    }
}
