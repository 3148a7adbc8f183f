package dev.orderlog;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Dependencies point one way: features and ops depend on the platform, the platform on no feature, and the embedded
 * dev services are reached only through their own wiring (a ConfigSourceFactory registered as a service).
 */
@AnalyzeClasses(packages = "dev.orderlog", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /** The feature slices; a new one is added here. */
    private static final String[] FEATURES = {
        "dev.orderlog.order..",
        "dev.orderlog.stock..",
        "dev.orderlog.payment..",
        "dev.orderlog.fulfilment..",
        "dev.orderlog.integration.."
    };

    /** Every package is a slice of its own here, so sub-packages (platform.web, platform.console) may not cycle. */
    @ArchTest
    static final ArchRule noCyclesBetweenPackages =
            slices().matching("dev.orderlog.(**)").should().beFreeOfCycles();

    /**
     * A feature imports another only where declared: fulfilment drives order, stock and payment; integration publishes
     * order and stock events and feeds the warehouse's shipments to fulfilment; nothing else crosses.
     * Console pages link across slices through platform.console's ConsoleLinks instead.
     */
    @ArchTest
    static final ArchRule orderImportsNoOtherFeature = featureImportsOnly("order");

    @ArchTest
    static final ArchRule stockImportsNoOtherFeature = featureImportsOnly("stock");

    @ArchTest
    static final ArchRule paymentImportsNoOtherFeature = featureImportsOnly("payment");

    @ArchTest
    static final ArchRule fulfilmentImportsOnlyOrderStockAndPayment =
            featureImportsOnly("fulfilment", "order", "stock", "payment");

    @ArchTest
    static final ArchRule integrationImportsOnlyOrderStockAndFulfilment =
            featureImportsOnly("integration", "order", "stock", "fulfilment");

    @ArchTest
    static final ArchRule thePlatformKnowsNoFeatureNorOps = noClasses()
            .that()
            .resideInAPackage("dev.orderlog.platform..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(concat(FEATURES, "dev.orderlog.ops..", "dev.orderlog.devservices.."));

    @ArchTest
    static final ArchRule opsShowsFeaturesOnlyThroughThePlatform = noClasses()
            .that()
            .resideInAPackage("dev.orderlog.ops..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(FEATURES);

    @ArchTest
    static final ArchRule featuresDoNotReachIntoOps = noClasses()
            .that()
            .resideInAnyPackage(FEATURES)
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.orderlog.ops..");

    @ArchTest
    static final ArchRule devServicesAreImportedOnlyByTheirWiring = noClasses()
            .that()
            .resideOutsideOfPackage("dev.orderlog.devservices..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.orderlog.devservices..");

    private static final String EMBEDDED_SERVER = "dev.orderlog.devservices.kurrentdb";

    /**
     * The embedded KurrentDB in layers: the log at the bottom, the persistent-subscription engine and the system
     * projections over it, the gRPC protocol over those, and the wiring that starts them on top.
     */
    @ArchTest
    static final ArchRule theEmbeddedServerIsLayered = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("Wiring")
            .definedBy(EMBEDDED_SERVER)
            .layer("Protocol")
            .definedBy(EMBEDDED_SERVER + ".grpc..")
            .layer("Subscriptions")
            .definedBy(EMBEDDED_SERVER + ".persistent..")
            .layer("Projections")
            .definedBy(EMBEDDED_SERVER + ".projections..")
            .layer("Log")
            .definedBy(EMBEDDED_SERVER + ".log..")
            .whereLayer("Wiring")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("Protocol")
            .mayOnlyBeAccessedByLayers("Wiring")
            .whereLayer("Subscriptions")
            .mayOnlyBeAccessedByLayers("Protocol")
            .whereLayer("Projections")
            .mayOnlyBeAccessedByLayers("Protocol", "Wiring")
            .whereLayer("Log")
            .mayOnlyBeAccessedByLayers("Subscriptions", "Projections", "Protocol", "Wiring");

    /** Storage, the subscription engine and the projections know no wire format: only the protocol layer does. */
    @ArchTest
    static final ArchRule theEmbeddedServerSpeaksGrpcOnlyInItsProtocolLayer = noClasses()
            .that()
            .resideInAnyPackage(
                    EMBEDDED_SERVER + ".log..", EMBEDDED_SERVER + ".persistent..", EMBEDDED_SERVER + ".projections..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.grpc..",
                    "io.kurrent.dbclient.proto..",
                    "io.kurrentdb.protocol..",
                    "com.google.protobuf..",
                    "com.google.rpc..");

    private static ArchRule featureImportsOnly(String feature, String... allowed) {
        java.util.Set<String> allowedPackages = new java.util.HashSet<>();
        allowedPackages.add("dev.orderlog." + feature + "..");
        for (String other : allowed) {
            allowedPackages.add("dev.orderlog." + other + "..");
        }
        String[] forbidden = java.util.Arrays.stream(FEATURES)
                .filter(slice -> !allowedPackages.contains(slice))
                .toArray(String[]::new);
        return noClasses()
                .that()
                .resideInAPackage("dev.orderlog." + feature + "..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(forbidden)
                .as("the " + feature + " slice imports only "
                        + (allowed.length == 0 ? "itself" : String.join(", ", allowed)));
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
