package dev.orderlog.platform.web;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.orderlog.platform.command.ConcurrencyConflict;
import dev.orderlog.platform.command.IdempotencyKeyReused;
import dev.orderlog.platform.command.RuleViolation;
import dev.orderlog.platform.kurrentdb.EventStoreUnavailable;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error of the HTTP API as RFC 9457 problem+json, mapped in this one place. */
public class ProblemResponses {
    public static final String PROBLEM_JSON = "application/problem+json";
    private static final Logger LOG = Logger.getLogger(ProblemResponses.class);

    @Inject
    RequestMetadata metadata;

    @Inject
    ErrorPages errorPages;

    @Inject
    CurrentVertxRequest request;

    @Inject
    TokenRefusals tokenRefusals;

    @ServerExceptionMapper
    Response ruleBroken(RuleViolation violation) {
        int status = switch (violation.kind()) {
            case NOT_FOUND -> 404;
            case INVALID -> 422;
            case WRONG_STATE -> 409;
        };
        return problem(status, violation.slug(), violation.title(), violation.getMessage(), Map.of());
    }

    @ServerExceptionMapper
    Response conflict(ConcurrencyConflict conflict) {
        Map<String, Object> extra = Map.of("currentRevision", conflict.currentRevision());
        Response.ResponseBuilder response = conflict.preconditionFailed()
                ? builder(
                        problemBody(
                                412,
                                "revision-mismatch",
                                "The stream is not at the expected revision",
                                conflict.getMessage(),
                                extra),
                        412)
                : builder(
                        problemBody(
                                409,
                                "concurrent-modification",
                                "The stream changed concurrently",
                                conflict.getMessage(),
                                extra),
                        409);
        if (conflict.currentRevision() >= 0) {
            response.header("ETag", "\"" + conflict.currentRevision() + "\"");
        }
        return response.build();
    }

    @ServerExceptionMapper
    Response keyReused(IdempotencyKeyReused reused) {
        return problem(
                422,
                "idempotency-key-reused",
                "Idempotency-Key reused with a different request",
                reused.getMessage(),
                Map.of());
    }

    @ServerExceptionMapper
    Response unavailable(EventStoreUnavailable unavailable) {
        LOG.warnf("Event store unavailable [correlation %s]: %s", metadata.correlationId(), unavailable.getMessage());
        return problem(503, "event-store-unavailable", "The event store is unavailable", "Try again shortly", Map.of());
    }

    /** A dependency failed under an operator's action (PostgreSQL for a rebuild's claim, KurrentDB for a replay). */
    @ServerExceptionMapper({SQLException.class, ExecutionException.class})
    Response dependencyFailed(Exception failed) {
        LOG.warnf("A dependency failed [correlation %s]: %s", metadata.correlationId(), failed.toString());
        return problem(503, "dependency-unavailable", "A dependency is unavailable", "Try again shortly", Map.of());
    }

    /** No token, or one that is expired, not yet valid, from another issuer or audience, or not signed by the key we trust. */
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    Response unauthenticated(RuntimeException refused) {
        if (fromConsole()) {
            return ConsolePaths.signInAgain(request.getCurrent().normalizedPath());
        }
        tokenRefusals.count();
        return builder(
                        problemBody(
                                401,
                                "unauthenticated",
                                "A valid bearer token is required",
                                "Send 'Authorization: Bearer <token>' with a token this service trusts",
                                Map.of()),
                        401)
                .header("WWW-Authenticate", "Bearer")
                .build();
    }

    @ServerExceptionMapper
    Response forbidden(ForbiddenException refused) {
        String detail = fromConsole()
                ? "The console is for operators: ask for the admin role"
                : "Ask for a token with a role that may do this";
        return problem(403, "forbidden", "Your role does not allow this", detail, Map.of());
    }

    @ServerExceptionMapper
    Response invalidBody(ConstraintViolationException invalid) {
        List<Map<String, String>> errors = invalid.getConstraintViolations().stream()
                .map(v -> Map.of("field", fieldOf(v.getPropertyPath().toString()), "message", v.getMessage()))
                .collect(Collectors.toList());
        return problem(
                400,
                "invalid-request",
                "The request is invalid",
                errors.size() + " field(s) are invalid",
                Map.of("errors", errors));
    }

    /** Quarkus maps unknown properties and wrong types itself; naming the exact types puts these mappers first. */
    @ServerExceptionMapper({
        UnrecognizedPropertyException.class,
        MismatchedInputException.class,
        InvalidFormatException.class
    })
    Response wrongField(JsonMappingException wrong) {
        return unreadableBody(wrong);
    }

    @ServerExceptionMapper
    Response unreadableBody(JsonProcessingException unreadable) {
        String field = unreadable instanceof JsonMappingException mapping ? pathOf(mapping) : "";
        String detail = switch (unreadable) {
            case UnrecognizedPropertyException unknown -> "Unknown field '" + unknown.getPropertyName() + "'";
            case MismatchedInputException mismatch -> "Field '" + field + "' has the wrong type";
            default -> "The body is not valid JSON" + where(unreadable) + ": " + unreadable.getOriginalMessage();
        };
        Map<String, Object> extra =
                field.isEmpty() ? Map.of() : Map.of("errors", List.of(Map.of("field", field, "message", detail)));
        return problem(400, "invalid-request", "The request is invalid", detail, extra);
    }

    @ServerExceptionMapper
    Response webError(WebApplicationException error) {
        // Quarkus wraps a body Jackson could not parse; what went wrong, and where, is in the cause.
        if (error.getCause() instanceof JsonProcessingException unreadable) {
            return unreadableBody(unreadable);
        }
        // JAX-RS answers a query or path parameter it cannot convert ("limit=abc") with 404; it is the request that is
        // wrong.
        if (error instanceof NotFoundException && error.getCause() instanceof IllegalArgumentException unconvertible) {
            return problem(
                    400,
                    "invalid-request",
                    "The request is invalid",
                    "A parameter has the wrong type: " + unconvertible.getMessage(),
                    Map.of());
        }
        int status = error.getResponse().getStatus();
        return problem(
                status,
                "http-" + status,
                Response.Status.fromStatusCode(status) == null
                        ? "Error"
                        : Response.Status.fromStatusCode(status).getReasonPhrase(),
                error.getMessage(),
                Map.of());
    }

    /** Whether the request is the console's, read from its normalised path as the router and security read it. */
    private boolean fromConsole() {
        return ConsolePaths.covers(request.getCurrent().normalizedPath());
    }

    private Response problem(int status, String slug, String title, String detail, Map<String, Object> extra) {
        return builder(problemBody(status, slug, title, detail, extra), status).build();
    }

    private Map<String, Object> problemBody(
            int status, String slug, String title, String detail, Map<String, Object> extra) {
        Map<String, Object> body = RouteProblems.body(status, slug, title, detail, metadata.correlationId());
        body.putAll(extra);
        return body;
    }

    private Response.ResponseBuilder builder(Map<String, Object> body, int status) {
        if (fromConsole()) {
            // The console is read in a browser: its errors are pages.
            return errorPages.error(
                    status, (String) body.get("title"), (String) body.get("detail"), metadata.correlationId());
        }
        return Response.status(status).type(PROBLEM_JSON).entity(body);
    }

    private static String where(JsonProcessingException unreadable) {
        JsonLocation location = unreadable.getLocation();
        return location == null || location.getLineNr() < 1
                ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** "addLine.body.unitPrice.currency" names the field "unitPrice.currency". */
    private static String fieldOf(String propertyPath) {
        String[] parts = propertyPath.split("\\.");
        return parts.length > 2 ? String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length)) : propertyPath;
    }

    private static String pathOf(JsonMappingException mapping) {
        return mapping.getPath().stream()
                .map(reference ->
                        reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
