package dev.orderlog;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
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
        "dev.orderlog.order..", "dev.orderlog.stock..", "dev.orderlog.payment..", "dev.orderlog.fulfilment.."
    };

    @ArchTest
    static final ArchRule noCyclesBetweenPackages =
            slices().matching("dev.orderlog.(**)").should().beFreeOfCycles();

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

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
