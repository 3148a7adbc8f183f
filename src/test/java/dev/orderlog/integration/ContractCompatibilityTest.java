package dev.orderlog.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderlog.integration.contract.Contract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The contracts against the example messages kept beside them (src/test/resources/contracts/examples/NAME.vN): every
 * example conforms to its own version, and each version of a name is compatible both ways with the one before. A
 * consumer on the newer schema reads what the older one wrote; a consumer still on the older one reads the newer
 * messages.
 */
class ContractCompatibilityTest {
    private static final Path EXAMPLES = Path.of("src/test/resources/contracts/examples");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyContractHasASchemaAndExamplesThatConformToIt() throws IOException {
        for (Contract contract : Contract.values()) {
            List<JsonNode> examples = examplesOf(contract.eventType(), contract.version());
            assertThat(examples).as(contract + " has examples").isNotEmpty();
            for (JsonNode example : examples) {
                assertThat(ContractSchemas.violations(contract, example))
                        .as(contract + " example " + example)
                        .isEmpty();
            }
        }
    }

    @Test
    void eachVersionReadsTheOneBeforeAndIsReadByIt() throws IOException {
        Map<String, List<Integer>> versions = Stream.of(Contract.values())
                .collect(Collectors.groupingBy(
                        Contract::eventType, TreeMap::new, Collectors.mapping(Contract::version, Collectors.toList())));
        assertThat(versions.get("order.shipped"))
                .as("one contract has a second version")
                .contains(1, 2);
        for (Map.Entry<String, List<Integer>> name : versions.entrySet()) {
            List<Integer> sorted = name.getValue().stream().sorted().toList();
            for (int i = 1; i < sorted.size(); i++) {
                String older = schema(name.getKey(), sorted.get(i - 1));
                String newer = schema(name.getKey(), sorted.get(i));
                for (JsonNode old : examplesOf(name.getKey(), sorted.get(i - 1))) {
                    assertThat(ContractSchemas.violations(newer, old))
                            .as("backward: " + newer + " reads " + old)
                            .isEmpty();
                }
                for (JsonNode current : examplesOf(name.getKey(), sorted.get(i))) {
                    assertThat(ContractSchemas.violations(older, current))
                            .as("forward: " + older + " reads " + current)
                            .isEmpty();
                }
            }
        }
    }

    @Test
    void theCheckCatchesABreakingChange() throws IOException {
        JsonNode shipped = examplesOf("order.shipped", 2).getFirst();
        ObjectNode withoutTracking = shipped.deepCopy();
        withoutTracking.remove("trackingNumber");
        ObjectNode retyped = shipped.deepCopy();
        retyped.put("shippedAt", 12);

        assertThat(ContractSchemas.violations(Contract.ORDER_SHIPPED_V1, withoutTracking))
                .isNotEmpty();
        assertThat(ContractSchemas.violations(Contract.ORDER_SHIPPED_V1, retyped))
                .isNotEmpty();
    }

    @Test
    void theInboundReportHasASchemaItsExamplesConformTo() throws IOException {
        for (JsonNode example : examplesOf("warehouse.shipment-reported", 1)) {
            assertThat(ContractSchemas.violations(schema("warehouse.shipment-reported", 1), example))
                    .isEmpty();
        }
    }

    private static String schema(String name, int version) {
        return "contracts/" + name + ".v" + version + ".schema.json";
    }

    private static List<JsonNode> examplesOf(String name, int version) throws IOException {
        Path directory = EXAMPLES.resolve(name + ".v" + version);
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.toString().endsWith(".json"))
                    .sorted()
                    .map(ContractCompatibilityTest::read)
                    .toList();
        }
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException failed) {
            throw new java.io.UncheckedIOException(failed);
        }
    }
}
