package dev.orderlog.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.orderlog.integration.contract.Contract;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The contracts' JSON Schemas, as a consumer would check messages against them. */
final class ContractSchemas {
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private ContractSchemas() {}

    /** What is wrong with {@code message} under the schema at {@code resource}: nothing when it conforms. */
    static List<String> violations(String resource, JsonNode message) {
        try (InputStream schema = ContractSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (schema == null) {
                throw new IllegalArgumentException("No schema at " + resource);
            }
            JsonSchema compiled = FACTORY.getSchema(schema);
            return compiled.validate(message).stream()
                    .map(ValidationMessage::getMessage)
                    .toList();
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    static List<String> violations(Contract contract, JsonNode message) {
        return violations(contract.schemaResource(), message);
    }
}
