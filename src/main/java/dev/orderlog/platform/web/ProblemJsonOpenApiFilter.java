package dev.orderlog.platform.web;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;

/** Leaves the console's pages out of the API document, and documents, on every operation, that 4xx and 5xx answers are RFC 9457 problem+json (see {@link ProblemResponses}). */
public class ProblemJsonOpenApiFilter implements OASFilter {
    private static final String PROBLEM = "Problem";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Schema field = OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .addProperty("field", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("message", OASFactory.createSchema().addType(Schema.SchemaType.STRING));
        Schema problem = OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details")
                .addProperty(
                        "type",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.STRING)
                                .format("uri"))
                .addProperty("title", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("detail", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("correlationId", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("currentRevision", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty(
                        "errors",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.ARRAY)
                                .items(field));
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema(PROBLEM, problem);
        if (openAPI.getPaths() == null) {
            return;
        }
        // The console's pages are for browsers, not API clients; ConsoleAccessTest covers who may open them.
        List.copyOf(openAPI.getPaths().getPathItems().keySet()).stream()
                .filter(ConsolePaths::covers)
                .forEach(openAPI.getPaths()::removePathItem);
        openAPI.getPaths()
                .getPathItems()
                .values()
                .forEach(item -> item.getOperations().values().forEach(this::addProblems));
    }

    private void addProblems(Operation operation) {
        for (Map.Entry<String, String> range : Map.of("4XX", "The request was refused", "5XX", "A dependency failed")
                .entrySet()) {
            operation
                    .getResponses()
                    .addAPIResponse(
                            range.getKey(),
                            OASFactory.createAPIResponse()
                                    .description(range.getValue())
                                    .content(OASFactory.createContent()
                                            .addMediaType(
                                                    ProblemResponses.PROBLEM_JSON,
                                                    OASFactory.createMediaType()
                                                            .schema(OASFactory.createSchema()
                                                                    .ref(PROBLEM)))));
        }
    }
}
